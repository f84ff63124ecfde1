// credo-env-bench: CartPole environment steps per second, single and vectorised, with a uniform
// random policy drawn from Credo's RandomGenerator; then a count of heap allocations in
// steady-state vector stepping. Gymnasium's side: bench/theirs.py cartpole --envs N [--mode vector].
//
//     swift run -c release credo-env-bench [seconds-per-measurement]
import CredoEnvironments
import CredoTensor
import Foundation

/// Runs `chunk` (which returns how many env steps it took) until `seconds` pass; returns env
/// steps per second.
func measure(seconds: Double, _ chunk: () -> Int) -> Double {
    _ = chunk()  // warm up
    let clock = ContinuousClock()
    let start = clock.now
    var steps = 0
    while clock.now - start < .seconds(seconds) { steps += chunk() }
    let elapsed = clock.now - start
    return Double(steps) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
}

func report(_ label: String, _ rate: Double) {
    print(label.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%12.0f", rate))
}

/// Steps `vec` with uniform random discrete actions, 100 000 env steps per chunk.
func vectorRate<Env: Environment>(_ vec: inout VectorEnvironment<Env>, _ policy: inout RandomGenerator,
                                  seconds: Double) -> Double {
    let n = vec.count, vectorSteps = max(1, 100_000 / n)
    var actions = [Action](repeating: .discrete(0), count: n)
    return measure(seconds: seconds) {
        for _ in 0..<vectorSteps {
            for i in 0..<n { actions[i] = .discrete(policy.int(below: 2)) }
            vec.step(actions)
        }
        return vectorSteps * n
    }
}

/// Heap allocations while stepping `vec` 100 000 times (after one warm-up step), and how many
/// episodes ended (so autoresets are inside the counted loop).
func allocations<Env: Environment>(_ vec: inout VectorEnvironment<Env>, _ policy: inout RandomGenerator) -> (Int?, Int) {
    var actions = [Action](repeating: .discrete(0), count: vec.count)
    vec.step(actions)
    var ended = 0
    let count = AllocationCounter.allocations {
        for _ in 0..<100_000 {
            for i in 0..<actions.count { actions[i] = .discrete(policy.int(below: 2)) }
            vec.step(actions)
            for i in 0..<actions.count where vec.isDone(i) { ended += 1 }
        }
    }
    return (count, ended)
}

@main
enum CredoEnvBench {
    static func main() throws {
        let seconds = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 1.0
        var policy = RandomGenerator(seed: 1)
        print("env steps per second (uniform random policy, autoreset)")

        // One environment, the concrete type, through the allocation-free buffer API.
        var single = TimeLimit(CartPole(seed: 0), maxEpisodeSteps: 500)
        var observation = [Float](repeating: 0, count: 4)
        let singleRate = observation.withUnsafeMutableBufferPointer { obs in
            single.reset(seed: 0, into: obs)
            return measure(seconds: seconds) {
                for _ in 0..<100_000 {
                    if single.step(.discrete(policy.int(below: 2)), into: obs).isDone { single.reset(seed: nil, into: obs) }
                }
                return 100_000
            }
        }
        report("cartpole, 1 env, TimeLimit<CartPole>, step(_:into:)", singleRate)

        // One environment by name: `any Environment` and the array-returning API.
        var named = try makeEnvironment("cartpole")
        _ = named.reset(seed: 0)
        let namedRate = measure(seconds: seconds) {
            for _ in 0..<100_000 {
                let result = named.step(.discrete(policy.int(below: 2)))
                if result.terminated || result.truncated { _ = named.reset(seed: nil) }
            }
            return 100_000
        }
        report("cartpole, 1 env by name (any Environment), step(_:)", namedRate)

        for n in [8, 64] {
            var vec = VectorEnvironment(count: n, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
            report("cartpole, VectorEnvironment N = \(n)", vectorRate(&vec, &policy, seconds: seconds))
        }
        var withStatistics = VectorEnvironment(count: 8, seed: 0) { _ in
            EpisodeStatistics(TimeLimit(CartPole(), maxEpisodeSteps: 500))
        }
        report("cartpole, VectorEnvironment N = 8, EpisodeStatistics", vectorRate(&withStatistics, &policy, seconds: seconds))

        print("\nSwift heap allocations in 100 000 steps of VectorEnvironment N = 8")
        var plain = VectorEnvironment(count: 8, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        let (plainCount, plainEnded) = allocations(&plain, &policy)
        print("  TimeLimit<CartPole>: \(plainCount.map(String.init) ?? "hook unavailable") (\(plainEnded) autoresets)")
        var stack = VectorEnvironment(count: 8, seed: 0) { _ in
            NormalizeReward(NormalizeObservation(EpisodeStatistics(TimeLimit(CartPole(), maxEpisodeSteps: 500))))
        }
        let (stackCount, stackEnded) = allocations(&stack, &policy)
        print("  NormalizeReward<NormalizeObservation<EpisodeStatistics<TimeLimit<CartPole>>>>: "
              + "\(stackCount.map(String.init) ?? "hook unavailable") (\(stackEnded) autoresets)")
    }
}
