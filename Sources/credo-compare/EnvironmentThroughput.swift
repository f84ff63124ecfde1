import ArgumentParser
import CredoEnvironments
import CredoTensor

/// CartPole environment steps per second under a uniform random policy with autoreset (drawn from
/// Credo's `RandomGenerator`): one `TimeLimit<CartPole>` through the allocation-free buffer API,
/// one environment by name (`any Environment`, the array-returning API), `VectorEnvironment`s of
/// 8 and 64 copies, with and without `EpisodeStatistics`; then the Swift heap allocations
/// (`AllocationCounter`) in `--allocation-steps` steady-state vector steps of 8 copies, bare and
/// under the wrapper stack. Printed as a text table; Gymnasium's side is
/// `bench/theirs.py cartpole --envs N [--mode vector]`.
///
///     swift run -c release credo-compare envs --seconds 2
struct EnvironmentThroughput: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "envs", abstract: "CartPole env steps/s (single, by name, vectorised) and heap allocations per vector step, text.")

    @Option(help: "Seconds to measure each rate for.") var seconds = 1.0
    @Option(help: "Vector steps (of 8 copies) whose heap allocations are counted.") var allocationSteps = 100_000

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        guard allocationSteps >= 1 else { throw ValidationError("--allocation-steps must be at least 1 (got \(allocationSteps))") }
    }

    func report(_ label: String, _ rate: Double) {
        Output.line(Output.row([(label, 58), (String(format: "%12.0f", rate), 0)]))
    }

    func run() throws {
        var policy = RandomGenerator(seed: 1)
        Output.line("env steps per second (uniform random policy, autoreset)")

        // One environment, the concrete type, through the allocation-free buffer API.
        var single = TimeLimit(CartPole(seed: 0), maxEpisodeSteps: 500)
        var observation = [Float](repeating: 0, count: 4)
        let singleRate = observation.withUnsafeMutableBufferPointer { obs in
            single.reset(seed: 0, into: obs)
            return rate(seconds: seconds) {
                for _ in 0..<100_000 where single.step(.discrete(policy.int(below: 2)), into: obs).isDone {
                    single.reset(seed: nil, into: obs)
                }
                return 100_000
            }
        }
        report("cartpole, 1 env, TimeLimit<CartPole>, step(_:into:)", singleRate)

        // One environment by name: `any Environment` and the array-returning API.
        let namedRate = try LunarLanderSteps.randomPolicyRate("cartpole", actions: 2, chunk: 100_000, seconds: seconds,
                                                              policy: &policy)
        report("cartpole, 1 env by name (any Environment), step(_:)", namedRate)

        for n in [8, 64] {
            var vec = VectorEnvironment(count: n, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
            report("cartpole, VectorEnvironment N = \(n)", vectorRate(&vec, &policy))
        }
        var withStatistics = VectorEnvironment(count: 8, seed: 0) { _ in
            EpisodeStatistics(TimeLimit(CartPole(), maxEpisodeSteps: 500))
        }
        report("cartpole, VectorEnvironment N = 8, EpisodeStatistics", vectorRate(&withStatistics, &policy))

        Output.line("\nSwift heap allocations in \(allocationSteps) steps of VectorEnvironment N = 8")
        var plain = VectorEnvironment(count: 8, seed: 0) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        let (plainCount, plainEnded) = allocations(&plain, &policy)
        Output.line("  TimeLimit<CartPole>: \(plainCount.map(String.init) ?? "hook unavailable") (\(plainEnded) autoresets)")
        var stack = VectorEnvironment(count: 8, seed: 0) { _ in
            NormalizeReward(NormalizeObservation(EpisodeStatistics(TimeLimit(CartPole(), maxEpisodeSteps: 500))))
        }
        let (stackCount, stackEnded) = allocations(&stack, &policy)
        Output.line("  NormalizeReward<NormalizeObservation<EpisodeStatistics<TimeLimit<CartPole>>>>: "
                    + "\(stackCount.map(String.init) ?? "hook unavailable") (\(stackEnded) autoresets)")
    }

    /// Steps `vec` with uniform random discrete actions, about 100 000 env steps per chunk.
    func vectorRate<Env: Environment>(_ vec: inout VectorEnvironment<Env>, _ policy: inout RandomGenerator) -> Double {
        let n = vec.count, vectorSteps = max(1, 100_000 / n)
        var actions = [Action](repeating: .discrete(0), count: n)
        return rate(seconds: seconds) {
            for _ in 0..<vectorSteps {
                for i in 0..<n { actions[i] = .discrete(policy.int(below: 2)) }
                vec.step(actions)
            }
            return vectorSteps * n
        }
    }

    /// Heap allocations while stepping `vec` `allocationSteps` times (after one warm-up step), and
    /// how many episodes ended (so autoresets are inside the counted loop).
    func allocations<Env: Environment>(_ vec: inout VectorEnvironment<Env>, _ policy: inout RandomGenerator) -> (Int?, Int) {
        var actions = [Action](repeating: .discrete(0), count: vec.count)
        vec.step(actions)
        var ended = 0
        let count = AllocationCounter.allocations {
            for _ in 0..<allocationSteps {
                for i in 0..<actions.count { actions[i] = .discrete(policy.int(below: 2)) }
                vec.step(actions)
                for i in 0..<actions.count where vec.isDone(i) { ended += 1 }
            }
        }
        return (count, ended)
    }
}
