import CredoTensor

/// Mean Actor-Critic (Allen et al., 2017) for a discrete node: the sample is drawn (and acted
/// on) as usual, but the gradient enumerates every outcome against a learned action-value
/// critic Q(x), the node's estimated downstream cost for each outcome:
///
///     ĝ = Σ_x ∇_θ p_θ(x) Q(x).
///
/// In the surrogate: q = p (one draw, for acting), w = 1/m, l = 0 and the control variate
/// a = Σ_x (p_θ(x) − ⊥p_θ(x)) Q(x), whose value is 0 for every critic and whose gradient is ĝ. The
/// sampled downstream cost never enters (l = 0), so the estimate has no sampling variance from
/// this node; it is exact for the critic, and biased by as much as Q is wrong.
public struct MeanActorCritic: GradientEstimator {
    /// Q: every outcome on a leading axis, [outcomes] + the node's value shape without its
    /// sample axis (e.g. [k, N, k] one-hot rows) → one cost per outcome and row, [outcomes, N].
    public var critic: (Tensor) -> Tensor

    public init(critic: @escaping (Tensor) -> Tensor) {
        self.critic = critic
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        ScoreFunction().draw(distribution, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        guard let d = distribution as? any EnumerableDistribution else {
            preconditionFailure("MeanActorCritic needs an EnumerableDistribution (Bernoulli, Categorical), got \(type(of: distribution))")
        }
        let outcomes = d.allOutcomes()
        let lShape = Array(record.values.shape.dropLast(distribution.eventRank))
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape),
                        extras: ["outcomes": outcomes, "probabilities": d.logProbability(of: outcomes).exp()])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let outcomes = proposal.extras["outcomes"], let p = proposal.extras["probabilities"] else {
            preconditionFailure("a MeanActorCritic proposal carries the outcomes and their probabilities")
        }
        return ((p - stopGradient(p)) * critic(outcomes)).sum(axis: 0, keepingDimensions: true)
    }
}
