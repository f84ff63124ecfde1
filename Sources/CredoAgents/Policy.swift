import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoTensor

/// The distribution a policy puts over a batch of actions, π(·|s) for each row s.
///
/// Actions travel as Float rows of `actionSize` scalars: a class index for a categorical policy,
/// the action vector for a Gaussian one, so a rollout buffer stores both kinds alike.
public enum ActionDistribution {
    case categorical(Categorical)
    case normal(Normal)

    /// log π(a|s) per row, shape [N]; `actions` is [N, actionSize]. A Gaussian's density is the
    /// product over action coordinates, so its log-density sums over the last axis.
    public func logProb(_ actions: Tensor) -> Tensor {
        switch self {
        case .categorical(let d): return d.logProb(actions.scalars.map { Int($0) })
        case .normal(let d): return d.logProb(actions).sum(axis: -1)
        }
    }

    /// H[π(·|s)] per row, shape [N].
    public func entropy() -> Tensor {
        switch self {
        case .categorical(let d): return d.entropy()
        case .normal(let d): return d.entropy().sum(axis: -1)
        }
    }

    /// One action per row, [N, actionSize], cut off from the tape.
    public func sample(using rng: inout RandomGenerator) -> Tensor {
        switch self {
        case .categorical(let d):
            let a = d.sample(using: &rng)
            return Tensor(shape: [a.count, 1], scalars: a.map(Float.init))
        case .normal(let d): return d.sample(using: &rng)
        }
    }

    /// The deterministic (evaluation) action per row: the most probable class, the mean.
    public var mode: Tensor {
        switch self {
        case .categorical(let d):
            let a = d.mode
            return Tensor(shape: [a.count, 1], scalars: a.map(Float.init))
        case .normal(let d): return d.mean.detached
        }
    }
}

/// A stochastic policy π_θ(a|s): a network from a batch of observations [N, observationSize] to
/// an `ActionDistribution`.
public protocol Policy: Module {
    var observationSize: Int { get }
    /// Scalars per action row in a buffer (1 for a class index).
    var actionSize: Int { get }
    func distribution(_ observations: Tensor) -> ActionDistribution
    /// The environment's form of one action row.
    func environmentAction(_ row: ArraySlice<Float>) -> Action
}

extension Policy {
    /// Actions for a batch of observations: sampled, or the mode when `deterministic` (the
    /// evaluation mode). Returns rows [N, actionSize] and the environment actions.
    public func act(_ observations: Tensor, deterministic: Bool = false,
                    using rng: inout RandomGenerator) -> (rows: Tensor, actions: [Action]) {
        let d = distribution(observations)
        let rows = deterministic ? d.mode : d.sample(using: &rng)
        let n = rows.shape[0], k = actionSize
        let actions = (0..<n).map { environmentAction(rows.scalars[$0 * k..<($0 + 1) * k]) }
        return (rows, actions)
    }
}
