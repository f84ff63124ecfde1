import CredoAgents
import CredoEnvironments
import CredoTensor
import Foundation

// Trains until the rolling-100 mean return reaches a goal (or a step budget runs out) and prints
// one line per report interval plus a summary line.
//
//     swift run -c release credo-agents-bench --estimator a2c --seed 1 --goal 475 --max-steps 1000000
//
// On a bandit (`--environment bandit-bernoulli`) it prints the cumulative expected regret of all
// copies every `--every` updates instead (a regret curve), and stops at `--max-steps` pulls.
//
// Any `TrainingConfig` field can be set with `--<field> <value>` (JSON value syntax for arrays:
// `--hiddenSizes '[64,64]'`). `--preset envs/<env>.json` applies a preset's training fields first
// (its "defaults", then its section for the estimator: what rl-train would use; the budget and
// checkpoint keys are rl-train's and ignored here), so later options override it.
TrainingProcess.configure()
if CommandLine.arguments.dropFirst().first == "--sac-step" {
    let numbers = CommandLine.arguments.dropFirst(2).compactMap { Int($0) }
    let name = CommandLine.arguments.dropFirst(2).first { Int($0) == nil }.map { EstimatorName(rawValue: $0) } ?? .sac
    try timeSACStep(rounds: numbers.first ?? 15, perRound: numbers.dropFirst().first ?? 20,
                    width: numbers.dropFirst(2).first ?? 256, estimator: name)
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "--off-policy" {
    try runOffPolicy(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}
var fields: [String: Any] = (try JSONSerialization.jsonObject(with: JSONEncoder().encode(TrainingConfig()))) as! [String: Any]
var goal = 475.0, maxSteps = 1_000_000, every = 50
var arguments = Array(CommandLine.arguments.dropFirst())
// The preset is applied once every option has been read, under the options.
var presetPath: String?
var options: [(String, String)] = []
while arguments.count >= 2 {
    let key = String(arguments.removeFirst().dropFirst(2)), value = arguments.removeFirst()
    switch key {
    case "goal": goal = Double(value)!
    case "max-steps": maxSteps = Int(value)!
    case "every": every = Int(value)!
    case "preset": presetPath = value
    default: options.append((key, value))
    }
}
if let presetPath {
    let preset = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: presetPath))) as! [String: Any]
    let estimator = options.last { $0.0 == "estimator" }?.1 ?? (fields["estimator"] as! String)
    let section = ((preset["estimators"] as? [String: Any])?[estimator] as? [String: Any]) ?? [:]
    for layer in [preset["defaults"] as? [String: Any] ?? [:], section] {
        for (key, value) in layer where fields[key] != nil { fields[key] = value }
    }
}
for (key, value) in options {
    switch key {
    default:
        guard fields[key] != nil else { fatalError("unknown option --\(key); fields: \(fields.keys.sorted())") }
        if let parsed = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]),
           !(fields[key] is String) {
            fields[key] = parsed
        } else {
            fields[key] = value
        }
    }
}
let config = try JSONDecoder().decode(TrainingConfig.self, from: JSONSerialization.data(withJSONObject: fields))
var trainer = try ActorCritic(config: config)
let start = Date()
var solved = false
// The RELAX paper's criterion: the first time the 100-episode mean exceeds 195.
var episodesTo195: Int?
var logVariances: [Double] = [], probeLogVariances: [Double] = [], plainProbeLogVariances: [Double] = []
while trainer.counters.environmentSteps < maxSteps {
    let report = try trainer.update()
    if let v = report.metrics["pg_log_variance"] { logVariances.append(v) }
    if let v = report.metrics["pg_log_variance_across_copies"] { probeLogVariances.append(v) }
    if let v = report.metrics["pg_log_variance_across_copies_without_control_variate"] { plainProbeLogVariances.append(v) }
    let rolling = report.metrics["rolling_return"] ?? 0
    if config.environment.hasPrefix("bandit") {
        if trainer.counters.updates % every == 0 {
            let regret = (trainer.collector.builtInEnvironments?.environments ?? []).reduce(0.0) {
                $0 + (($1.inner.base as? MultiArmedBandit)?.cumulativeRegret ?? 0)
            }
            print(String(format: "regret estimator=%@ seed=%d pulls=%d cumulative_regret=%.2f",
                         config.estimator.rawValue, Int(config.seed), trainer.counters.environmentSteps, regret))
        }
        continue
    }
    if trainer.counters.updates % every == 0 {
        let m = report.metrics
        print(String(format: "update %6d  steps %8d  episodes %6d  rolling %7.1f  pg_logvar %6.2f  ev %5.2f  entropy %5.3f  %.1fs",
                     trainer.counters.updates, trainer.counters.environmentSteps, trainer.counters.episodes, rolling,
                     m["pg_log_variance"] ?? .nan, m["explained_variance"] ?? .nan, m["entropy"] ?? .nan,
                     Date().timeIntervalSince(start)))
        FileHandle.standardOutput.synchronizeFile()
    }
    if episodesTo195 == nil, trainer.window.returns.count == 100, rolling > 195 { episodesTo195 = trainer.counters.episodes }
    if trainer.window.returns.count == 100 && rolling >= goal { solved = true; break }
}
func average(_ x: [Double]) -> Double { x.isEmpty ? .nan : x.reduce(0, +) / Double(x.count) }
let meanLogVar = average(logVariances), meanProbe = average(probeLogVariances)
print(String(format: "RESULT estimator=%@ seed=%d solved=%@ episodes_to_195=%d episodes=%d steps=%d updates=%d seconds=%.1f mean_pg_log_variance=%.3f mean_pg_log_variance_across_copies=%.3f same_data_without_cv=%.3f rolling=%.1f",
             config.estimator.rawValue, Int(config.seed), solved ? "yes" : "no", episodesTo195 ?? -1, trainer.counters.episodes,
             trainer.counters.environmentSteps, trainer.counters.updates, Date().timeIntervalSince(start), meanLogVar, meanProbe, average(plainProbeLogVariances),
             trainer.window.meanReturn ?? 0))
