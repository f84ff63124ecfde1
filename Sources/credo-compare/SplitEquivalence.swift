import ArgumentParser
import CredoAgents
import CredoDistributed
import CredoMPI
import CredoTensor
import Foundation

/// The equivalence check of split environment copies (Tests/CredoMPITests): under `mpirun -np N`,
/// a run of n CartPole copies split over the N ranks (`environmentSplit` on: rank r steps copies
/// r·n/N ..< (r+1)·n/N) trains k updates, and rank 0 trains the one-rank run of the same n copies,
/// from the same seed, for k updates. Nothing is shared but the seed: each collects its own
/// rollouts, so the comparison covers the copies' seeding, the shared action draws, the merged
/// normalisers, the global advantage standardisation, the one-rank run's minibatches and the
/// row-weighted gradient average. The two must end with the same parameters up to Float32
/// summation order.
///
///     mpirun --allow-run-as-root -np 2 .build/debug/credo-compare split-equivalence --estimator ppo
///
/// Rank 0 prints one JSON object with one entry per variant: `split` (what is checked), and the
/// known-wrong variants `per-rank-copies` (environmentSplit off: every rank its own n copies) and
/// `per-rank-advantages` (split, but advantages standardised over each rank's rows), which must
/// exceed the bound. Per network: the largest |Δθ|, the largest |θ_k − θ_0| and the bound.
struct SplitEquivalence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split-equivalence",
        abstract: "n copies split over N ranks against 1 rank × n copies, k updates each (run under mpirun).")

    @Option(help: "Environment copies of the run (n), split over the ranks.") var envs = 8
    @Option(help: "Updates (k).") var updates = 4
    @Option(help: "Estimator: a2c (one step per update) or ppo (epochs of minibatches).") var estimator = "a2c"
    @Option(help: "Seed.") var seed: UInt64 = 5
    @Option(help: "Variants, comma-separated: split, per-rank-copies, per-rank-advantages.")
    var variants = "split,per-rank-copies,per-rank-advantages"

    func configuration() -> TrainingConfig {
        TrainingConfig.with {
            $0.environment = "cartpole"
            $0.estimator = EstimatorName(rawValue: estimator)
            $0.environmentCount = envs
            $0.rolloutSteps = 16
            $0.seed = seed
            $0.varianceProbeInterval = 0
            $0.optimizer = .sgd
            $0.learningRate = 0.01
            $0.criticLearningRate = 0.01
            $0.normalizeAdvantages = true
            $0.normalizeObservations = true
            $0.normalizeRewards = true
            if estimator == "ppo" {
                $0.epochs = 3
                $0.minibatchSize = 32  // 128 rows: 4 minibatches per pass, each split unevenly
                $0.target = .lambda
            }
        }
    }

    /// Optimizer steps per update: one, or epochs × minibatches.
    func optimizerSteps(_ c: TrainingConfig) -> Int {
        let rows = c.rolloutSteps * c.environmentCount
        let minibatch = c.minibatchSize == 0 ? rows : min(c.minibatchSize, rows)
        return c.epochs * ((rows + minibatch - 1) / minibatch)
    }

    func run() throws {
        let communicator = try MPICommunicator.world()
        let names = variants.split(separator: ",").map(String.init)
        let valid = ["split", "per-rank-copies", "per-rank-advantages"]
        if let bad = names.first(where: { !valid.contains($0) }) {
            throw ValidationError("unknown variant \(bad); valid variants: \(valid.joined(separator: ", "))")
        }
        let base = configuration()
        var results: [String: [(name: String, values: [Float])]] = [:]
        var initial: [(name: String, values: [Float])] = []
        for variant in names {
            var config = base
            config.environmentSplit = variant == "per-rank-copies" ? .off : .on
            var trainer = try ActorCritic(config: config, communicator: communicator)
            trainer.standardizesAdvantagesPerRank = variant == "per-rank-advantages"
            initial = trainer.flatParameters
            for _ in 0..<updates { _ = try trainer.update() }
            results[variant] = trainer.flatParameters
        }
        if communicator.isWriter {
            var reference = try ActorCritic(config: base)
            for _ in 0..<updates { _ = try reference.update() }
            // Float32 summation in another order: each gradient coordinate is a sum over the b
            // rows of an optimizer step, whose two orders differ by at most γ_b Σ|x_i| ≈ b·u·Σ|x_i|
            // (u = 2⁻²⁴; Higham, Accuracy and Stability, §4.2), about b·u relative to the step when
            // the terms share a sign. With SGD the parameters move by the sum of the S steps, each
            // at most the whole movement, so the gap is at most ≈ b·u·S·|θ_k − θ_0|, plus one
            // rounding of θ per step (S·u·|θ|): checked with a factor 4 of headroom (as the
            // data-parallel equivalence is).
            let rows = Float(base.minibatchSize == 0 ? base.rolloutSteps * base.environmentCount : base.minibatchSize)
            let steps = Float(updates * optimizerSteps(base))
            let u = Float.ulpOfOne / 2
            var out: [String: Any] = ["ranks": communicator.size, "envs": envs, "updates": updates, "estimator": estimator,
                                      "optimizer_steps": Int(steps)]
            for variant in names {
                var networks: [String: Any] = [:]
                var pass = true
                for ((name, ranks), ((_, one), (_, start))) in zip(results[variant]!, zip(reference.flatParameters, initial)) {
                    let difference = zip(ranks, one).map { abs($0 - $1) }.max() ?? 0
                    let moved = zip(one, start).map { abs($0 - $1) }.max() ?? 0
                    let scale = one.map(abs).max() ?? 1
                    let bound = 4 * (rows * u * steps * moved + steps * u * scale)
                    pass = pass && difference <= bound
                    networks[name] = ["max_abs_difference": Double(difference), "max_abs_movement": Double(moved),
                                      "bound": Double(bound)]
                }
                out[variant] = ["pass": pass, "networks": networks]
            }
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        communicator.finalize()
    }
}
