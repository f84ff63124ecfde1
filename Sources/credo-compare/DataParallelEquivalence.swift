import ArgumentParser
import CredoAgents
import CredoDistributed
import CredoMPI
import CredoTensor
import Foundation

/// The equivalence check of data parallelism (Tests/CredoMPITests): under `mpirun -np N`, N
/// ranks × E environment copies train k updates; rank 0 gathers every rank's rollouts, joins
/// each update's into one rollout of N·E copies (copy r·E + b is rank r's copy b), and trains a
/// one-rank trainer of N·E copies, from the same initial parameters, on those same rollouts.
/// The two must end with the same parameters up to Float32 summation order: the ranks' mean of
/// per-rank gradient means is the big batch's mean gradient, summed in another order.
///
///     mpirun --allow-run-as-root -np 2 .build/debug/credo-compare data-parallel-equivalence
///
/// Rank 0 prints one JSON object: per network the largest |Δθ| between the two, the largest
/// |θ_k − θ_0| (how far training moved them), and the bound they are checked against.
struct DataParallelEquivalence: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-parallel-equivalence",
        abstract: "N ranks × E copies against 1 rank × N·E copies on the same rollouts (run under mpirun).")

    @Option(help: "Environment copies per rank (E).") var envs = 4
    @Option(help: "Updates (k).") var updates = 5
    @Option(help: "Estimator.") var estimator = "a2c"
    @Option(help: "Optimizer (adam, rmsprop, sgd).") var optimizer = "sgd"
    @Option(help: "Seed.") var seed: UInt64 = 3

    func run() throws {
        let communicator = try MPICommunicator.world()
        var config = TrainingConfig.with {
            $0.environment = "cartpole"
            $0.estimator = EstimatorName(rawValue: estimator)
            $0.environmentCount = envs
            $0.environmentSplit = .off  // every rank its own E copies
            $0.seed = seed
            $0.varianceProbeInterval = 0
            $0.optimizer = OptimizerName(rawValue: optimizer) ?? .sgd
            $0.learningRate = 0.01
            $0.criticLearningRate = 0.01
        }
        var trainer = try ActorCritic(config: config, communicator: communicator)
        trainer.recordsRollouts = true
        let initial = trainer.flatParameters
        var joined: [RolloutBuffer] = []
        for _ in 0..<updates {
            _ = try trainer.update()
            let mine = trainer.lastRollout!
            if let all = try Self.gather(mine, over: communicator) { joined.append(Self.join(all)) }
        }
        if communicator.isWriter {
            config.environmentCount = envs * communicator.size
            var reference = try ActorCritic(config: config)
            for rollout in joined { _ = try reference.learn(fromRollout: rollout) }
            var networks: [String: Any] = [:]
            var pass = true
            for ((name, ranks), ((_, one), (_, start))) in zip(trainer.flatParameters,
                                                               zip(reference.flatParameters, initial)) {
                let difference = zip(ranks, one).map { abs($0 - $1) }.max() ?? 0
                let moved = zip(ranks, start).map { abs($0 - $1) }.max() ?? 0
                // Float32 summation in another order: each gradient coordinate is a sum over the
                // n = T·N·E rows, whose two orders differ by at most γ_n Σ|x_i| ≈ n·u·Σ|x_i|
                // (u = 2⁻²⁴; Higham, Accuracy and Stability, §4.2), i.e. about n·u relative to
                // the step when the terms share a sign. With SGD the parameters move by the sum of
                // the steps, so after k updates the gap is at most ≈ n·u·(total movement), plus
                // one rounding of θ per step (k·u·|θ|): checked with a factor 4 of headroom, and
                // the movement bounded below by |θ_k − θ_0|·1 (steps of mixed sign move less).
                let rows = Float(config.rolloutSteps * config.environmentCount)
                let u = Float.ulpOfOne / 2
                let scale = ranks.map(abs).max() ?? 1
                let bound = 4 * (rows * u * moved * Float(updates) + Float(updates) * u * scale)
                pass = pass && difference <= bound
                networks[name] = ["max_abs_difference": Double(difference), "max_abs_movement": Double(moved),
                                  "bound": Double(bound), "parameters": ranks.count]
            }
            let result: [String: Any] = ["ranks": communicator.size, "envs_per_rank": envs, "updates": updates,
                                         "estimator": estimator, "optimizer": optimizer, "networks": networks, "pass": pass]
            let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        communicator.finalize()
    }

    /// Every rank's rollout, on rank 0 (nil elsewhere).
    static func gather(_ b: RolloutBuffer, over c: any Communicator) throws -> [RolloutBuffer]? {
        let floats = try c.gather(b.observations + b.rawObservations + b.nextObservations + b.actions + b.logProbs + b.mask
                                  + b.recorded.keys.sorted().flatMap { b.recorded[$0]! }, root: 0)
        let doubles = try c.gather(b.rewards, root: 0)
        let flags = try c.gather(b.terminated.map { UInt8($0 ? 1 : 0) } + b.truncated.map { UInt8($0 ? 1 : 0) }, root: 0)
        guard c.isWriter else { return nil }
        return (0..<c.size).map { r in
            var out = b
            var offset = 0
            func take(_ count: Int) -> [Float] { defer { offset += count }; return Array(floats[r][offset..<(offset + count)]) }
            let n = b.count
            out.observations = take(n * b.observationSize)
            out.rawObservations = take(n * b.observationSize)
            out.nextObservations = take(n * b.observationSize)
            out.actions = take(n * b.actionSize)
            out.logProbs = take(n)
            out.mask = take(n)
            for key in b.recorded.keys.sorted() { out.recorded[key] = take(b.recorded[key]!.count) }
            out.rewards = doubles[r]
            out.terminated = flags[r][0..<n].map { $0 != 0 }
            out.truncated = flags[r][n..<(2 * n)].map { $0 != 0 }
            return out
        }
    }

    /// One rollout of Σ copies from rollouts of equal length: copy r·E + b is rollout r's copy b.
    static func join(_ parts: [RolloutBuffer]) -> RolloutBuffer {
        let first = parts[0], e = first.environments, t = first.steps, o = first.observationSize, k = first.actionSize
        let total = e * parts.count
        var out = RolloutBuffer(steps: t, environments: total, observationSize: o, actionSize: k)
        func rows<T>(_ field: (RolloutBuffer) -> [T], width: Int) -> [T] {
            var values: [T] = []
            values.reserveCapacity(t * total * width)
            for step in 0..<t {
                for part in parts {
                    let source = field(part)
                    values += source[(step * e * width)..<((step + 1) * e * width)]
                }
            }
            return values
        }
        out.observations = rows({ $0.observations }, width: o)
        out.rawObservations = rows({ $0.rawObservations }, width: o)
        out.nextObservations = rows({ $0.nextObservations }, width: o)
        out.actions = rows({ $0.actions }, width: k)
        out.rewards = rows({ $0.rewards }, width: 1)
        out.terminated = rows({ $0.terminated }, width: 1)
        out.truncated = rows({ $0.truncated }, width: 1)
        out.logProbs = rows({ $0.logProbs }, width: 1)
        out.mask = rows({ $0.mask }, width: 1)
        for key in first.recorded.keys {
            let width = first.recorded[key]!.count / (t * e)
            out.recorded[key] = rows({ $0.recorded[key]! }, width: width)
        }
        out.recordedShapes = first.recordedShapes
        return out
    }
}
