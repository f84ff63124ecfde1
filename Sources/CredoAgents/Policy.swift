import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoSCG
import CredoTensor

/// The distribution a policy puts over a batch of actions, π(·|s) for each row s.
///
/// Actions travel as Float rows of `actionSize` scalars: a class index for a categorical policy,
/// the action vector for a Gaussian one, so a rollout buffer stores both kinds alike.
public enum ActionDistribution {
    case categorical(Categorical)
    case normal(Normal)
    /// tanh(u), u ~ N(μ, σ²): actions in (−1, 1) (SAC's actor, `OffPolicyActor`).
    case squashedNormal(SquashedNormal)
    /// Uniform actions in a box (an off-policy learner's actions before learning starts).
    case uniform(Uniform)

    /// log π(a|s) per row, shape [N]; `actions` is [N, actionSize]. A Gaussian's density is the
    /// product over action coordinates, so its log-density sums over the last axis.
    public func logProb(_ actions: Tensor) -> Tensor {
        switch self {
        case .categorical(let d): return d.logProb(actions.scalars.map { Int($0) })
        case .normal(let d): return d.logProb(actions).sum(axis: -1)
        case .squashedNormal(let d): return d.logProb(actions).sum(axis: -1)
        case .uniform(let d): return d.logProb(actions).sum(axis: -1)
        }
    }

    /// log π(a|s) per row as scalars, for actions as `actionRows` gives them (what a rollout
    /// records, off the tape): the same values as `logProb(_:)`.
    public func logProbabilityScalars(_ actions: Tensor) -> [Float] {
        switch self {
        case .categorical(let d): return d.logProbabilityScalars(actions.scalars.map { Int($0) })
        case .normal, .squashedNormal, .uniform: return logProb(actions).scalars
        }
    }

    /// H[π(·|s)] per row, shape [N].
    public func entropy() -> Tensor {
        switch self {
        case .categorical(let d): return d.entropy()
        case .normal(let d): return d.entropy().sum(axis: -1)
        // No closed form after squashing: the entropy of u (SAC reports −log π of its draws).
        case .squashedNormal(let d): return d.baseEntropy().sum(axis: -1)
        case .uniform(let d): return d.entropy().sum(axis: -1)
        }
    }

    /// One action per row, [N, actionSize], cut off from the tape.
    public func sample(using rng: inout RandomGenerator) -> Tensor {
        switch self {
        case .categorical(let d):
            let a = d.sample(using: &rng)
            return Tensor(shape: [a.count, 1], scalars: a.map(Float.init))
        case .normal(let d): return d.sample(using: &rng)
        case .squashedNormal(let d): return d.sample(using: &rng)
        case .uniform(let d): return d.rsample(noise: Uniform.standardNoise(shape: d.shape, using: &rng))
        }
    }

    /// The distribution as a stochastic node of an SCG sees it: values are one-hot rows for a
    /// categorical policy and action vectors (one outcome per row) for a Gaussian one.
    public var stochastic: any StochasticDistribution {
        switch self {
        case .categorical(let d): return d
        case .normal(let d): return DiagonalNormal(d)
        case .squashedNormal(let d): return DiagonalSquashedNormal(d)
        case .uniform(let d): return UniformBox(d)
        }
    }

    /// One draw per row by an estimator's sampling half: its record, values [1, N] + event.
    public func draw(with estimator: some GradientEstimator, using rng: inout RandomGenerator) -> SampleRecord {
        switch self {
        case .categorical(let d): return estimator.draw(d, using: &rng)
        case .normal(let d): return estimator.draw(DiagonalNormal(d), using: &rng)
        case .squashedNormal(let d): return estimator.draw(DiagonalSquashedNormal(d), using: &rng)
        case .uniform(let d): return estimator.draw(UniformBox(d), using: &rng)
        }
    }

    /// A record's values [1, N] + event as buffer rows [N, actionSize]: class indices or vectors.
    public func actionRows(_ values: Tensor) -> Tensor {
        let n = values.shape[1]
        switch self {
        case .categorical:
            return Tensor(shape: [n, 1], scalars: Categorical.discretised(values).map(Float.init))
        case .normal, .squashedNormal, .uniform: return values.reshaped(Array(values.shape.dropFirst()))
        }
    }

    /// The deterministic (evaluation) action per row: the most probable class, the mean.
    public var mode: Tensor {
        switch self {
        case .categorical(let d):
            let a = d.mode
            return Tensor(shape: [a.count, 1], scalars: a.map(Float.init))
        case .normal(let d): return d.mean.detached
        case .squashedNormal(let d): return d.mode.detached
        case .uniform(let d): return ((d.low + d.high) * 0.5).expanded(to: d.shape).detached
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
