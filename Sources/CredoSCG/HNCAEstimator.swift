import CredoTensor

/// HNCA (Young, 2022, eq. 3) as a gradient estimator for a layer of Bernoulli (0/1) units whose
/// downstream cost R depends on the layer only through its children (the paper's contextual
/// bandit: a hidden layer of a network of stochastic units):
///
///     Ĝ_k = σ′(φ_k) ∂φ_k/∂θ · (ρ_k(1) − ρ_k(0)) (R − b),   ρ_k(ϕ) = q_k(ϕ) / q̄_k,
///
/// with q_k(ϕ) the children's probability of their actual values had unit k been ϕ (from the
/// `childrenLogProbability` closure, called when the surrogate is built, after the children are
/// sampled) and R the node's downstream cost. Unbiased, and REINFORCE conditioned on the unit's
/// Markov blanket, so of no higher variance (Theorem 1). When the cost also depends directly on
/// the units, use `FunctionHNCA` (f-HNCA). `BernoulliNetwork.hncaGradient` is the same estimate
/// for ±1 units, computed in place with `hindsightWeights`.
public struct HNCA: HindsightEstimator {
    /// Node values → (log q_k(1), log q_k(0)), constants broadcasting to the values' shape.
    public var childrenLogProbability: (Tensor) -> (one: Tensor, zero: Tensor)
    public var baseline: Baseline
    public var samples: Int

    public init(samples: Int = 1, baseline: Baseline = .none,
                childrenLogProbability: @escaping (Tensor) -> (one: Tensor, zero: Tensor)) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.childrenLogProbability = childrenLogProbability
        self.baseline = baseline
        self.samples = samples
    }

    public static let estimatorName = "HNCA"

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        let unitRank = proposal.values.rank - downstreamCost.rank
        let r = perUnit(downstreamCost.detached, unitRank)
        let c = HNCACounterfactuals(childrenLogProbability: childrenLogProbability(proposal.values))
        return hindsightControlVariate(proposal, counterfactuals: c, mediated: (r, r), baseline: baseline)
    }
}
