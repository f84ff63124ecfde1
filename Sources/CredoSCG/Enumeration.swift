import CredoTensor

/// Exact enumeration of a small discrete node: every outcome is "sampled" once and weighted by
/// its probability, q = all outcomes, w(x) = p(x), l = 0. The gradient flows through the
/// weights; exact (zero variance) for this node at every order.
public struct Enumeration: GradientEstimator {
    public init() {}

    public func propose(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> Proposal {
        guard let d = distribution as? any EnumerableDistribution else {
            preconditionFailure("Enumeration needs an EnumerableDistribution (Bernoulli, Categorical), got \(type(of: distribution))")
        }
        let x = d.allOutcomes()
        let logp = d.logProbability(of: x)
        return Proposal(values: x, gradientFunction: Tensor.zeros(logp.shape), weights: logp.exp())
    }
}

/// The reparameterisation (pathwise) estimator: x = g(θ, ε) with ε independent of θ, so the
/// gradient flows through the values: q = p^m, w = 1/m, l = 0. Unbiased when the cost is
/// differentiable in x.
public struct Reparameterization: GradientEstimator {
    public var samples: Int

    public init(samples: Int = 1) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.samples = samples
    }

    public func propose(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> Proposal {
        guard let d = distribution as? any ReparameterizableDistribution else {
            preconditionFailure("Reparameterization needs a ReparameterizableDistribution (Normal), got \(type(of: distribution))")
        }
        let x = d.reparameterizedSamples(count: samples, using: &rng)
        let lShape = Array(x.shape.dropLast(d.eventRank))
        return Proposal(values: x, gradientFunction: Tensor.zeros(lShape),
                        weights: Tensor(repeating: 1 / Float(samples), shape: lShape))
    }
}
