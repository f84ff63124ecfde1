import ArgumentParser
import CredoEnvironments
import CredoTensor

/// `lunarlander` steps per second under a uniformly random policy with autoreset (episodes end
/// on landing, crashing, leaving the screen or at 1000 steps), as Gymnasium's
/// `gym.make("LunarLander-v3")` is measured on the other side.
struct LunarLanderSteps: Workload {
    static let configuration = CommandConfiguration(commandName: "lunarlander", abstract: "LunarLander env steps/s, random policy.")

    @Option(help: "Seconds to measure for.") var seconds = 2.0

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
    }

    func measure() throws -> WorkloadResult {
        var env = try makeEnvironment("lunarlander")
        var policy = RandomGenerator(seed: 1)
        _ = env.reset(seed: 0)
        let stepsPerSecond = rate(seconds: seconds) {
            for _ in 0..<20_000 {
                let result = env.step(.discrete(policy.int(below: 4)))
                if result.terminated || result.truncated { _ = env.reset(seed: nil) }
            }
            return 20_000
        }
        return WorkloadResult(value: stepsPerSecond, unit: "steps/s", what: "makeEnvironment(\"lunarlander\"), step(_:)")
    }
}
