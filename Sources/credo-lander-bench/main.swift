// credo-lander-bench: single-threaded speed of `lunarlander` under a uniformly random policy,
// and the mean returns of the random policy and the scripted `LunarLanderHeuristic` pilot.
//
//     swift run -c release credo-lander-bench [steps] [episodes]
import CredoEnvironments
import CredoTensor
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let steps = arguments.first ?? 2_000_000
let episodes = arguments.dropFirst().first ?? 100

/// Steps per second of a random policy with autoreset (truncation inside the env at 1000).
func randomPolicySpeed(continuous: Bool) -> Double {
    var env = LunarLander(continuous: continuous)
    var policyRNG = RandomGenerator(seed: 1)
    _ = env.reset(seed: 0)
    var buffer: [Float] = [0, 0]
    var ended = 0
    let clock = ContinuousClock()
    let start = clock.now
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
        if result.terminated || result.truncated {
            ended += 1
            _ = env.reset(seed: nil)
        }
    }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    precondition(ended > 0)
    return Double(steps) / seconds
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

func format(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

print("lunarlander: \(format(randomPolicySpeed(continuous: false), 0)) steps/s (random policy, \(steps) steps)")
print("lunarlander-continuous: \(format(randomPolicySpeed(continuous: true), 0)) steps/s (random policy)")
for (name, policy, continuous) in [("heuristic", "heuristic", false), ("heuristic (continuous)", "heuristic", true),
                                   ("random", "random", false)] {
    let (mean, landed, length) = evaluate(policy, continuous: continuous)
    print("\(name) policy: mean return \(format(mean)) over \(episodes) episodes, "
          + "landed (+100) in \(format(100 * landed, 0))%, mean length \(format(length, 0))")
}
