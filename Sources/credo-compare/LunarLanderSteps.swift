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
        var policy = RandomGenerator(seed: 1)
        let stepsPerSecond = try Self.randomPolicyRate("lunarlander", actions: 4, chunk: 20_000, seconds: seconds, policy: &policy)
        return WorkloadResult(value: stepsPerSecond, unit: "steps/s", what: "makeEnvironment(\"lunarlander\"), step(_:)")
    }

    /// Steps per second of the registered environment `name` (`any Environment`, the
    /// array-returning API) under a uniformly random policy over `actions` discrete actions with
    /// autoreset, `chunk` steps per timed call (`rate`).
    static func randomPolicyRate(_ name: String, actions: Int, chunk: Int, seconds: Double,
                                 policy: inout RandomGenerator) throws -> Double {
        var env = try makeEnvironment(name)
        _ = env.reset(seed: 0)
        return rate(seconds: seconds) {
            for _ in 0..<chunk {
                let result = env.step(.discrete(policy.int(below: actions)))
                if result.terminated || result.truncated { _ = env.reset(seed: nil) }
            }
            return chunk
        }
    }
}
