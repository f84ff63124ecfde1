import CredoAgents
import Foundation

/// Trains an `OffPolicyActorCritic` until the mean return of the last 10 episodes reaches
/// `--goal` (the zoo's Pendulum criterion) or `--max-steps` environment steps; prints a line
/// every `--every` steps and a JSON summary. Any `OffPolicyConfig` field is `--<field> <value>`.
///
///     swift run -c release credo-agents-bench --off-policy --estimator sac --environment cartpole-continuous \
///         --hiddenSizes '[64,64]' --goal 400 --max-steps 30000
func runOffPolicy(_ arguments: [String]) throws {
    var fields = try JSONSerialization.jsonObject(with: JSONEncoder().encode(OffPolicyConfig())) as! [String: Any]
    var goal = Double.infinity, maxSteps = 100_000, every = 1_000
    var rest = arguments
    while rest.count >= 2 {
        let key = String(rest.removeFirst().dropFirst(2)), value = rest.removeFirst()
        switch key {
        case "goal": goal = Double(value)!
        case "max-steps": maxSteps = Int(value)!
        case "every": every = Int(value)!
        default:
            if let parsed = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]),
               !(fields[key] is String), key != "environment", key != "estimator" {
                fields[key] = parsed
            } else {
                fields[key] = value
            }
        }
    }
    let config = try JSONDecoder().decode(OffPolicyConfig.self, from: JSONSerialization.data(withJSONObject: fields))
    if let problem = config.problem(totalSteps: maxSteps) { fatalError("\(problem)") }
    var trainer = try OffPolicyActorCritic(config: config)
    let start = Date()
    var returns: [Double] = [], next = every, reached: (steps: Int, seconds: Double)?
    while trainer.counters.environmentSteps < maxSteps {
        returns += try trainer.update().episodes.map(\.totalReward)
        let last10 = returns.suffix(10), mean = last10.reduce(0, +) / Double(max(last10.count, 1))
        if trainer.counters.environmentSteps >= next {
            next += every
            print(String(format: "steps %d  seconds %.1f  episodes %d  last-10 mean %.1f", trainer.counters.environmentSteps,
                         Date().timeIntervalSince(start), returns.count, mean))
        }
        if last10.count == 10, mean >= goal {
            reached = (trainer.counters.environmentSteps, Date().timeIntervalSince(start))
            break
        }
    }
    let last10 = returns.suffix(10)
    print("{\"estimator\": \"\(config.estimator)\", \"environment\": \"\(config.environment)\", \"seed\": \(config.seed), "
          + "\"goal\": \(goal), \"reached\": \(reached != nil), \"steps\": \(reached?.steps ?? trainer.counters.environmentSteps), "
          + "\"seconds\": \(reached?.seconds ?? Date().timeIntervalSince(start)), "
          + "\"last10_mean\": \(last10.reduce(0, +) / Double(max(last10.count, 1)))}")
}
