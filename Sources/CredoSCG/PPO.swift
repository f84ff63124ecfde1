import CredoTensor

/// Proximal policy optimisation's clipped surrogate (Schulman et al., 2017) for a node whose
/// samples came from an earlier distribution q (the policy that collected the rollout): the
/// importance-weighted form with ρ = p_θ(x)/q(x) (`ImportanceWeighted`), made pessimistic by
/// clipping the ratio. In rewards, PPO maximises min(ρ Â, clip(ρ, 1 − ε, 1 + ε) Â); here, with
/// costs Q̂ = −Â (the node's downstream cost), it minimises
///
///     max(ρ Q̂, clip(ρ, 1 − ε, 1 + ε) Q̂).
///
/// In the surrogate: q, w = 1/m, l = 0 and the control variate a = max(ρQ̂, clip(ρ)Q̂) − ⊥(…),
/// zero in value, whose gradient is ∇ρ · Q̂ where the unclipped term is the larger cost and 0
/// where the clipped one is (the ratio has left [1 − ε, 1 + ε] on the side the sign of Q̂ makes
/// inactive). Inside the interval it equals the importance-weighted estimator's gradient, which
/// is unbiased; outside, PPO is biased on purpose, to keep each update near q.
public struct PPO: GradientEstimator {
    /// ε of the clipping interval [1 − ε, 1 + ε].
    public var clipRange: Float

    public init(clipRange: Float = 0.2) {
        precondition(clipRange > 0, "the clip range must be positive, got \(clipRange)")
        self.clipRange = clipRange
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        ImportanceWeighted().draw(distribution, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let rho = ImportanceWeighted.ratio(of: record, under: distribution)
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(rho.shape), weights: uniformWeights(rho.shape),
                        extras: ["ratio": rho])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let rho = proposal.extras["ratio"] else { preconditionFailure("a PPO proposal carries its ratio") }
        let objective = Tensor.maximum(rho * downstreamCost, rho.clipped(to: (1 - clipRange)...(1 + clipRange)) * downstreamCost)
        return objective - stopGradient(objective)
    }
}
