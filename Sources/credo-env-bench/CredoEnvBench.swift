// credo-env-bench: CartPole environment steps per second, single and vectorised, with a uniform
// random policy drawn from Credo's RandomGenerator. Compare with scripts/bench_gym_cartpole.py.
//
//     swift run -c release credo-env-bench [seconds-per-measurement]
import CredoEnvironments
import CredoTensor
import Foundation


/// Runs `chunk` (which returns how many env steps it took) until `secondsPerMeasurement` pass;
/// returns env steps per second.
func measure(_ secondsPerMeasurement: Double, _ chunk: () -> Int) -> Double {
    _ = chunk()  // warm up
    let clock = ContinuousClock()
    let start = clock.now
    var steps = 0
    while clock.now - start < .seconds(secondsPerMeasurement) { steps += chunk() }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    return Double(steps) / seconds
}

func format(_ rate: Double) -> String {
    String(format: "%12.0f", rate)
}

@main
enum CredoEnvBench {
    static func main() throws {
        let secondsPerMeasurement = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 1.0
        var policy = RandomGenerator(seed: 1)

        // One environment, the concrete type, through the allocation-free buffer API.
        var single = TimeLimit(CartPole(seed: 0), maxEpisodeSteps: 500)
        var observation = [Float](repeating: 0, count: 4)
        let singleRate = observation.withUnsafeMutableBufferPointer { obs in
            single.reset(seed: 0, into: obs)
            return measure(secondsPerMeasurement) {
                for _ in 0..<100_000 {
                    if single.step(.discrete(policy.int(below: 2)), into: obs).isDone { single.reset(seed: nil, into: obs) }
                }
                return 100_000
            }
        }
        print("cartpole, 1 env (TimeLimit<CartPole>)        steps/s: \(format(singleRate))")

        // One environment by name: `any Environment`, array-returning API (allocates per step).
        var named = try makeEnvironment("cartpole")
        _ = named.reset(seed: 0)
        let namedRate = measure(secondsPerMeasurement) {
            for _ in 0..<100_000 {
                let result = named.step(.discrete(policy.int(below: 2)))
                if result.terminated || result.truncated { _ = named.reset(seed: nil) }
            }
            return 100_000
        }
        print("cartpole, 1 env by name (any Environment)    steps/s: \(format(namedRate))")

        func vectorRate(_ n: Int, _ policy: inout RandomGenerator, _ secondsPerMeasurement: Double) -> Double {
            var vec = VectorEnvironment(count: n, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
            var actions = [Action](repeating: .discrete(0), count: n)
            let vectorSteps = max(1, 100_000 / n)
            return measure(secondsPerMeasurement) {
                for _ in 0..<vectorSteps {
                    for i in 0..<n { actions[i] = .discrete(policy.int(below: 2)) }
                    vec.step(actions)
                }
                return vectorSteps * n
            }
        }
        for n in [8, 64] {
            print("cartpole, VectorEnvironment N = \(n)".padding(toLength: 44, withPad: " ", startingAt: 0)
                  + " env steps/s: \(format(vectorRate(n, &policy, secondsPerMeasurement)))")
        }

        // Allocations in steady-state vector stepping (autoresets included).
        var vec = VectorEnvironment(count: 8, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        var actions = [Action](repeating: .discrete(0), count: 8)
        var ended = 0
        vec.step(actions)
        if let allocations = AllocationCounter.allocations(in: {
            for _ in 0..<100_000 {
                for i in 0..<8 { actions[i] = .discrete(policy.int(below: 2)) }
                vec.step(actions)
                for i in 0..<8 where vec.isDone(i) { ended += 1 }
            }
        }) {
            print("Swift heap allocations in 100000 steps of VectorEnvironment N = 8 (\(ended) autoresets): \(allocations)")
        }
    }
}
