import ArgumentParser
import CredoAgents
import Foundation

/// Trains an `OffPolicyActorCritic` until the mean return of the last 10 episodes reaches
/// `--goal` (the zoo's Pendulum criterion) or `--max-steps` environment steps; prints a line
/// every `--every` steps and a JSON summary (goal null when none was given). Any
/// `OffPolicyConfig` field is `--<field> <value>`.
///
///     swift run -c release credo-compare off-policy --estimator sac --environment cartpole-continuous \
///         --hiddenSizes '[64,64]' --goal 400 --max-steps 30000
struct OffPolicyToGoal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "off-policy", abstract: "Trains OffPolicyActorCritic to a last-10 goal; progress lines and a JSON summary.")

    @Option(parsing: .unconditional, help: "Mean return of the last 10 episodes to stop at (default: none).") var goal = Double.infinity
    @Option(help: "Give up after this many environment steps.") var maxSteps = 100_000
    @Option(help: "Print a line every this many environment steps.") var every = 1_000
    @Argument(parsing: .allUnrecognized, help: "--<field> <value>: any OffPolicyConfig field.") var fields: [String] = []

    func validate() throws {
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1 (got \(maxSteps))") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1 (got \(every))") }
        _ = try ConfigurationFields.pairs(fields)
    }

    func config() throws -> OffPolicyConfig {
        var values = try ConfigurationFields(defaults: OffPolicyConfig())
        for (key, value) in try ConfigurationFields.pairs(fields) { try values.set(key, value) }
        let config = try values.decode(OffPolicyConfig.self)
        if let problem = config.problem(totalSteps: maxSteps) { throw ValidationError("\(problem)") }
        return config
    }

    func run() throws {
        let config = try config()
        var trainer = try OffPolicyActorCritic(config: config)
        let start = ContinuousClock.now
        var returns: [Double] = [], next = every, reached: (steps: Int, seconds: Double)?
        while trainer.counters.environmentSteps < maxSteps {
            returns += try trainer.update().episodes.map(\.totalReward)
            let last10 = returns.suffix(10), mean = last10.reduce(0, +) / Double(max(last10.count, 1))
            if trainer.counters.environmentSteps >= next {
                next += every
                Output.line(String(format: "steps %d  seconds %.1f  episodes %d  last-10 mean %.1f", trainer.counters.environmentSteps,
                                   seconds(since: start), returns.count, mean))
            }
            if last10.count == 10, mean >= goal {
                reached = (trainer.counters.environmentSteps, seconds(since: start))
                break
            }
        }
        let last10 = returns.suffix(10)
        try Output.emit(["estimator": config.estimator.rawValue, "environment": config.environment, "seed": Int(config.seed),
                         "goal": goal.isFinite ? goal : NSNull(), "reached": reached != nil,
                         "steps": reached?.steps ?? trainer.counters.environmentSteps,
                         "seconds": reached?.seconds ?? seconds(since: start),
                         "last10_mean": last10.reduce(0, +) / Double(max(last10.count, 1))])
    }
}
