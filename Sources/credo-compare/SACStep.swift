import ArgumentParser
import CredoAgents
import CredoTensor
import Foundation

/// Times one SAC gradient step (temperature, twin critics, actor; batch 256, width-width networks,
/// cartpole-continuous: o = 4, d = 1) on a buffer filled with `--collect` uniform random actions;
/// prints, as JSON, the median (and min, max) over `--rounds` rounds of `--per-round` steps, the
/// time of collecting one environment step (`update()` before learning starts, uniform actions)
/// and of one acting step of the actor. `--estimator` times another off-policy estimator's step.
///
///     swift run -c release credo-compare sac-step --rounds 9 --per-round 10 [--width 256] [--estimator sac]
struct SACStep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sac-step", abstract: "One off-policy gradient step (batch 256), collection and acting, seconds, JSON.")

    @Option(help: "Timed rounds (the median is reported).") var rounds = 15
    @Option(help: "Gradient steps per round.") var perRound = 20
    @Option(help: "Hidden width of actor and critics (width-width).") var width = 256
    @Option(help: "Off-policy estimator (sac, td3, ...).") var estimator = "sac"
    @Option(help: "Untimed gradient steps before the rounds.") var warmup = 20
    @Option(help: "Uniform-action environment steps collected before timing (at least the batch, 256).") var collect = 2_000

    func validate() throws {
        guard rounds >= 1 else { throw ValidationError("--rounds must be at least 1 (got \(rounds))") }
        guard perRound >= 1 else { throw ValidationError("--per-round must be at least 1 (got \(perRound))") }
        guard width >= 1 && width <= 4096 else { throw ValidationError("--width must be in 1...4096 (got \(width))") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be non-negative (got \(warmup))") }
        guard collect >= 256 else { throw ValidationError("--collect must be at least the batch size 256 (got \(collect))") }
    }

    func run() throws {
        var trainer = try OffPolicyActorCritic(config: .with {
            $0.environment = "cartpole-continuous"; $0.estimator = EstimatorName(rawValue: estimator); $0.batchSize = 256
            $0.hiddenSizes = [width, width]; $0.bufferSize = max(10_000, collect); $0.learningStarts = collect; $0.seed = 0
        })
        let collectStart = ContinuousClock.now
        while trainer.counters.environmentSteps < collect { _ = try trainer.update() }
        let uniformStep = seconds(since: collectStart) / Double(collect)
        for _ in 0..<warmup { _ = try trainer.gradientStep() }
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            for _ in 0..<perRound { _ = try trainer.gradientStep() }
            times.append(seconds(since: start) / Double(perRound))
        }
        // Acting: the actor's distribution on one observation and a draw, as the collector does.
        var rng = RandomGenerator(seed: 1)
        let actStart = ContinuousClock.now
        for _ in 0..<2_000 { _ = trainer.act(rawObservations: [0.01, 0.02, 0.03, 0.04], deterministic: false, using: &rng) }
        let act = seconds(since: actStart) / 2_000
        try Output.emit(["estimator": estimator, "width": width, "gradient_step_seconds_median": median(times),
                         "min": times.min()!, "max": times.max()!, "rounds": rounds, "steps_per_round": perRound,
                         "uniform_collection_step_seconds": uniformStep, "act_seconds": act])
    }
}
