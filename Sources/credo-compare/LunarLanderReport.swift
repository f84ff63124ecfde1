import ArgumentParser
import CredoEnvironments
import CredoTensor

/// Single-threaded speed of `lunarlander` and `lunarlander-continuous` under a uniformly random
/// policy with autoreset, and the mean return, fraction of +100 landings and mean length of the
/// random policy and the scripted `LunarLanderHeuristic` pilot over seeds 0..<episodes; text.
///
///     swift run -c release credo-compare lander [--steps 2000000] [--episodes 100]
struct LunarLanderReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lander", abstract: "LunarLander steps/s and the random and heuristic pilots' returns, text.")

    @Option(help: "Random-policy steps to time.") var steps = 2_000_000
    @Option(help: "Episodes (seeds 0..<episodes) to evaluate each pilot on.") var episodes = 100

    func validate() throws {
        guard steps >= 1 else { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        guard episodes >= 1 else { throw ValidationError("--episodes must be at least 1 (got \(episodes))") }
    }

    func run() throws {
        Output.line("lunarlander: \(Output.fixed(randomPolicySpeed(continuous: false), 0)) steps/s (random policy, \(steps) steps)")
        Output.line("lunarlander-continuous: \(Output.fixed(randomPolicySpeed(continuous: true), 0)) steps/s (random policy)")
        for (name, policy, continuous) in [("heuristic", "heuristic", false), ("heuristic (continuous)", "heuristic", true),
                                           ("random", "random", false)] {
            let (mean, landed, length) = evaluate(policy, continuous: continuous)
            Output.line("\(name) policy: mean return \(Output.fixed(mean)) over \(episodes) episodes, "
                        + "landed (+100) in \(Output.fixed(100 * landed, 0))%, mean length \(Output.fixed(length, 0))")
        }
    }

    /// Steps per second of a random policy with autoreset (truncation inside the env at 1000).
    func randomPolicySpeed(continuous: Bool) -> Double {
        var env = LunarLander(continuous: continuous)
        var policyRNG = RandomGenerator(seed: 1)
        _ = env.reset(seed: 0)
        var buffer: [Float] = [0, 0]
        let start = ContinuousClock.now
        for _ in 0..<steps {
            let action: Action
            if continuous {
                buffer[0] = 2 * policyRNG.uniformFloat() - 1
                buffer[1] = 2 * policyRNG.uniformFloat() - 1
                action = .continuous(buffer)
            } else {
                action = .discrete(policyRNG.int(below: 4))
            }
            let result = env.step(action)
            if result.terminated || result.truncated { _ = env.reset(seed: nil) }
        }
        return Double(steps) / seconds(since: start)
    }

    /// Mean return, fraction of +100 landings and mean length over seeds 0..<episodes.
    func evaluate(_ policy: String, continuous: Bool = false) -> (mean: Double, landed: Double, length: Double) {
        var env = LunarLander(continuous: continuous)
        var policyRNG = RandomGenerator(seed: 12345)
        var total = 0.0, landed = 0, length = 0
        for seed in 0..<episodes {
            var s = env.reset(seed: UInt64(seed))
            while true {
                let action: Action
                switch (policy, continuous) {
                case ("heuristic", false): action = .discrete(LunarLanderHeuristic.discreteAction(s))
                case ("heuristic", true): action = .continuous(LunarLanderHeuristic.continuousAction(s))
                default: action = .discrete(policyRNG.int(below: 4))
                }
                let r = env.step(action)
                total += r.reward
                length += 1
                s = r.observation
                if r.terminated || r.truncated {
                    if r.terminated && r.reward == 100 { landed += 1 }
                    break
                }
            }
        }
        let n = Double(episodes)
        return (total / n, Double(landed) / n, Double(length) / n)
    }
}
