import ArgumentParser
import CredoEnvironments
import CredoTensor

/// CartPole environment steps per second under a uniformly random policy with autoreset: one
/// `TimeLimit<CartPole>` stepped through the allocation-free buffer API, or a
/// `VectorEnvironment` of `--envs` copies (Gymnasium's side: `gym.make("CartPole-v1")` and
/// `gym.make_vec`).
struct CartPoleSteps: Workload {
    static let configuration = CommandConfiguration(commandName: "cartpole", abstract: "CartPole env steps/s, random policy.")

    @Option(help: "Environment copies (1: a single environment).") var envs = 1
    @Option(help: "Gymnasium's vectorisation to compare with (sync or vector); ours is the same either way.") var mode = "sync"
    @Option(help: "Seconds to measure for.") var seconds = 2.0

    func validate() throws {
        guard envs >= 1 else { throw ValidationError("--envs must be at least 1 (got \(envs))") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        guard ["sync", "vector"].contains(mode) else { throw ValidationError("--mode must be sync or vector (got \(mode))") }
    }

    func measure() throws -> WorkloadResult {
        var policy = RandomGenerator(seed: 1)
        let stepsPerSecond: Double
        let what: String
        if envs == 1 {
            var env = TimeLimit(CartPole(seed: 0), maxEpisodeSteps: 500)
            var observation = [Float](repeating: 0, count: 4)
            stepsPerSecond = observation.withUnsafeMutableBufferPointer { buffer in
                env.reset(seed: 0, into: buffer)
                return rate(seconds: seconds) {
                    for _ in 0..<100_000 where env.step(.discrete(policy.int(below: 2)), into: buffer).isDone {
                        env.reset(seed: nil, into: buffer)
                    }
                    return 100_000
                }
            }
            what = "TimeLimit<CartPole>, step(_:into:)"
        } else {
            var vector = VectorEnvironment(count: envs, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
            var actions = [Action](repeating: .discrete(0), count: envs)
            let rows = max(1, 100_000 / envs)
            stepsPerSecond = rate(seconds: seconds) {
                for _ in 0..<rows {
                    for i in 0..<envs { actions[i] = .discrete(policy.int(below: 2)) }
                    vector.step(actions)
                }
                return rows * envs
            }
            what = "VectorEnvironment of \(envs) TimeLimit<CartPole>"
        }
        return WorkloadResult(value: stepsPerSecond, unit: "steps/s", what: what)
    }
}
