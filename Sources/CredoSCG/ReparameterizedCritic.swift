import CredoTensor

/// A reparameterised node through a critic of its downstream cost (Weber et al., 2019,
/// section 4.3; the deterministic-policy-gradient form of an SCG): x = g(θ, ε), and the gradient
/// flows through a differentiable estimate Q(x) of the cost downstream of the node, not through
/// the (possibly black-box) cost itself:
///
///     ĝ = ∇_θ Q(g(θ, ε)).
///
/// In the surrogate: q = p, w = 1/m, l = 0 and a = Q(x_θ) − ⊥Q(x_θ), zero in value. (Q is
/// trained on its own loss, never through this surrogate, so one evaluation of Q suffices; a
/// control variate trained on the estimator's variance needs the form of `LAX`.) Q may be a learned critic
/// (biased by its error; train it with a Sobolev loss to fit ∂Q/∂x too, `SobolevCritic`) or a
/// known differentiable model of what follows (then ĝ is the pathwise gradient of the model).
/// The reparameterised sample is `extras["x"]`.
public struct ReparameterizedCritic: GradientEstimator {
    /// Q: samples [samples] + the node's value shape, on the tape → one cost per sample and row.
    public var critic: (Tensor) -> Tensor
    public var samples: Int

    public init(samples: Int = 1, critic: @escaping (Tensor) -> Tensor) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.critic = critic
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        reparameterizedDraw(distribution, samples: samples, using: &rng, "ReparameterizedCritic")
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let x = reparameterizedValues(record, under: distribution, "ReparameterizedCritic")
        let lShape = Array(record.values.shape.dropLast(distribution.eventRank))
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape),
                        extras: ["x": x])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let x = proposal.extras["x"] else { preconditionFailure("a ReparameterizedCritic proposal carries x") }
        let q = critic(x)
        return q - stopGradient(q)
    }
}
