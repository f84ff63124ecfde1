import ArgumentParser
import CredoAgents
import CredoEnvironments
import Foundation

/// Trains an `ActorCritic` until the rolling-100 mean return reaches `--goal` (or `--max-steps`
/// environment steps run out); prints one line every `--every` updates and a `RESULT` line with
/// the steps, episodes, seconds and the mean policy-gradient log-variances (and the RELAX paper's
/// criterion: the episodes until the 100-episode mean first exceeds 195).
///
///     swift run -c release credo-compare to-goal --estimator a2c --seed 1 --goal 475 --max-steps 1000000
///
/// On a bandit (`--environment bandit-bernoulli`) it prints the cumulative expected regret of all
/// copies every `--every` updates instead (a regret curve), and stops at `--max-steps` pulls.
///
/// Any `TrainingConfig` field can be set with `--<field> <value>` (JSON value syntax for arrays:
/// `--hiddenSizes '[64,64]'`). `--preset envs/<env>.json` applies a preset's training fields first
/// (its "defaults", then its section for the estimator: what rl-train would use; the budget and
/// checkpoint keys are rl-train's and ignored here), so the other options override it.
struct TrainToGoal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "to-goal", abstract: "Trains ActorCritic to a rolling-100 goal; progress lines and a RESULT line.")

    @Option(parsing: .unconditional, help: "Rolling-100 mean return to stop at.") var goal = 475.0
    @Option(help: "Give up after this many environment steps.") var maxSteps = 1_000_000
    @Option(help: "Print a line every this many updates.") var every = 50
    @Option(help: "A preset file (envs/<env>.json) applied under the other options.") var preset: String?
    @Argument(parsing: .allUnrecognized, help: "--<field> <value>: any TrainingConfig field.") var fields: [String] = []

    func validate() throws {
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1 (got \(maxSteps))") }
        guard every >= 1 else { throw ValidationError("--every must be at least 1 (got \(every))") }
        _ = try ConfigurationFields.pairs(fields)
    }

    func config() throws -> TrainingConfig {
        var values = try ConfigurationFields(defaults: TrainingConfig())
        let options = try ConfigurationFields.pairs(fields)
        if let preset {
            let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: preset))) as? [String: Any] ?? [:]
            let estimator = options.last { $0.key == "estimator" }?.value ?? (values.values["estimator"] as? String ?? "")
            values.apply(object["defaults"] as? [String: Any] ?? [:])
            values.apply((object["estimators"] as? [String: Any])?[estimator] as? [String: Any] ?? [:])
        }
        for (key, value) in options { try values.set(key, value) }
        return try values.decode(TrainingConfig.self)
    }

    func run() throws {
        let config = try config()
        var trainer = try ActorCritic(config: config)
        let start = ContinuousClock.now
        var solved = false
        var episodesTo195: Int?
        var regret = 0.0  // the bandits' cumulative expected regret, summed from each update's `regret`
        var logVariances: [Double] = [], probeLogVariances: [Double] = [], plainProbeLogVariances: [Double] = []
        while trainer.counters.environmentSteps < maxSteps {
            let report = try trainer.update()
            if let v = report.metrics["pg_log_variance"] { logVariances.append(v) }
            if let v = report.metrics["pg_log_variance_across_copies"] { probeLogVariances.append(v) }
            if let v = report.metrics["pg_log_variance_across_copies_without_control_variate"] { plainProbeLogVariances.append(v) }
            let rolling = report.metrics["rolling_return"] ?? 0
            if let r = report.metrics["regret"] {
                regret += r
                if trainer.counters.updates % every == 0 {
                    Output.line(String(format: "regret estimator=%@ seed=%d pulls=%d cumulative_regret=%.2f",
                                       config.estimator.rawValue, Int(config.seed), trainer.counters.environmentSteps, regret))
                }
                continue
            }
            if trainer.counters.updates % every == 0 {
                let m = report.metrics
                Output.line(String(format: "update %6d  steps %8d  episodes %6d  rolling %7.1f  pg_logvar %6.2f  ev %5.2f  entropy %5.3f  %.1fs",
                                   trainer.counters.updates, trainer.counters.environmentSteps, trainer.counters.episodes, rolling,
                                   m["pg_log_variance"] ?? .nan, m["explained_variance"] ?? .nan, m["entropy"] ?? .nan,
                                   seconds(since: start)))
            }
            if episodesTo195 == nil, trainer.window.returns.count == 100, rolling > 195 { episodesTo195 = trainer.counters.episodes }
            if trainer.window.returns.count == 100 && rolling >= goal { solved = true; break }
        }
        func average(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }
        Output.line(String(format: "RESULT estimator=%@ seed=%d solved=%@ episodes_to_195=%d episodes=%d steps=%d updates=%d seconds=%.1f mean_pg_log_variance=%.3f mean_pg_log_variance_across_copies=%.3f same_data_without_cv=%.3f rolling=%.1f",
                           config.estimator.rawValue, Int(config.seed), solved ? "yes" : "no", episodesTo195 ?? -1, trainer.counters.episodes,
                           trainer.counters.environmentSteps, trainer.counters.updates, seconds(since: start), average(logVariances),
                           average(probeLogVariances), average(plainProbeLogVariances), trainer.window.meanReturn ?? 0))
    }
}
