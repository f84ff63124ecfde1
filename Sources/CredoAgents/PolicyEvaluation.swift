import CredoEnvironments
import Foundation

/// The returns of a policy over some episodes, as `rl-eval` and `ActorCritic.evaluate` report them.
public struct EvaluationResult: Equatable, Sendable {
    /// Each episode's undiscounted return, in order.
    public var returns: [Double]
    /// Each episode's length in steps.
    public var lengths: [Int]

    public init(returns: [Double], lengths: [Int]) {
        self.returns = returns
        self.lengths = lengths
    }

    /// The mean return.
    public var mean: Double { returns.reduce(0, +) / Double(max(returns.count, 1)) }

    /// The standard deviation of the returns (population form, as Gymnasium's `evaluate_policy`).
    public var standardDeviation: Double {
        guard !returns.isEmpty else { return 0 }
        let mean = self.mean
        return (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
    }

    /// `mean return 487.20 ± 21.31 over 10 episodes (min 430.00, max 500.00, mean length 487.2)`.
    public var summary: String {
        let meanLength = Double(lengths.reduce(0, +)) / Double(max(lengths.count, 1))
        return String(format: "mean return %.2f ± %.2f over %d episodes (min %.2f, max %.2f, mean length %.1f)",
                      mean, standardDeviation, returns.count, returns.min() ?? 0, returns.max() ?? 0, meanLength)
    }
}

/// Runs a policy in an environment for whole episodes, without learning: the one evaluation loop
/// (`rl-eval` through `PolicyEvaluation.evaluate(checkpoint:...)`, `ActorCritic.evaluate`).
public enum PolicyEvaluation {
    /// Plays `episodes` episodes, the first from `reset(seed: seed)` and the rest continuing the
    /// environment's stream. `frame`, when given, sees every observation of the first episode
    /// with its step number and the return so far (for ASCII rendering).
    ///
    /// An episode ends when the environment terminates or truncates it; `maxSteps` guards
    /// against an environment without a time limit. A policy action outside the action space, or
    /// a NaN or infinite observation or reward, throws.
    public static func run(policy: inout any EvaluationPolicy, environment: inout any Environment, episodes: Int,
                           seed: UInt64, deterministic: Bool, maxSteps: Int = 100_000,
                           frame: ((_ observation: [Float], _ step: Int, _ totalReward: Double) -> Void)? = nil) throws -> EvaluationResult {
        precondition(episodes >= 1, "evaluate at least one episode")
        var result = EvaluationResult(returns: [], lengths: [])
        for episode in 0..<episodes {
            var observation = environment.reset(seed: episode == 0 ? seed : nil)
            var total = 0.0, steps = 0
            if episode == 0 { frame?(observation, 0, 0) }
            while steps < maxSteps {
                guard observation.allSatisfy(\.isFinite) else { throw EvaluationError.nonFiniteObservation(step: steps, episode: episode + 1) }
                var action = try policy.action(for: observation, deterministic: deterministic)
                // A Gaussian policy's raw action is clipped to the box, as in training (the
                // environments clip it; SB3's evaluation does the same).
                if case .continuous(let x) = action, case .box(let low, let high, _) = environment.actionSpace,
                   x.count == low.count, x.allSatisfy(\.isFinite) {
                    action = .continuous(zip(x, zip(low, high)).map { Swift.min(Swift.max($0, $1.0), $1.1) })
                }
                guard environment.actionSpace.contains(action) else {
                    throw EvaluationError.actionOutsideSpace(action: action, space: environment.actionSpace)
                }
                let step = environment.step(action)
                guard step.reward.isFinite else { throw EvaluationError.nonFiniteReward(step: steps + 1, episode: episode + 1) }
                total += step.reward
                steps += 1
                observation = step.observation
                if episode == 0 { frame?(observation, steps, total) }
                if step.terminated || step.truncated { break }
            }
            result.returns.append(total)
            result.lengths.append(steps)
        }
        return result
    }
}

/// What can go wrong while evaluating a policy.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case nonFiniteObservation(step: Int, episode: Int)
    case nonFiniteReward(step: Int, episode: Int)
    case actionOutsideSpace(action: Action, space: Space)

    public var description: String {
        switch self {
        case .nonFiniteObservation(let step, let episode): "the observation at step \(step) of episode \(episode) is NaN or infinite"
        case .nonFiniteReward(let step, let episode): "the reward at step \(step) of episode \(episode) is NaN or infinite"
        case .actionOutsideSpace(let action, let space): "the policy chose \(action), outside the action space \(space)"
        }
    }
}
