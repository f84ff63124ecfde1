import CredoTensor

/// REBAR (Tucker et al., 2017): RELAX whose control variate is the scaled Concrete relaxation of
/// the cost itself,
///
///     c(z) = η · f(σ_λ(z)),
///
/// so the single-sample estimate is
///
///     ĝ = [f(b) − η f(σ_λ(z̃))] ∇_θ log p(b) + η ∇_θ f(σ_λ(z)) − η ∇_θ f(σ_λ(z̃)).
///
/// f must accept relaxed (continuous) inputs and be differentiable in them. The temperature
/// λ = exp(logTemperature) and the scale η are tensors; make them tape leaves
/// (`requiringGradient()`) and train them on the variance Σ ĝ² with
/// `relaxVarianceGradients(of:parameters:controlVariateParameters:)`, as REBAR does online.
/// Unbiased for every η and λ.
public struct REBAR: GradientEstimator {
    /// f on relaxed samples ([samples, plates…] + batch (+ classes)) → one cost per sample.
    public var relaxedCost: (Tensor) -> Tensor
    /// log λ.
    public var logTemperature: Tensor
    /// η.
    public var scale: Tensor
    public var samples: Int

    public init(logTemperature: Tensor = Tensor(0), scale: Tensor = Tensor(1), samples: Int = 1,
                relaxedCost: @escaping (Tensor) -> Tensor) {
        self.relaxedCost = relaxedCost
        self.logTemperature = logTemperature
        self.scale = scale
        self.samples = samples
    }

    /// The RELAX estimator this REBAR is.
    public var relax: RELAX {
        let (eta, f) = (scale, relaxedCost)
        return RELAX(temperature: logTemperature.exp(), samples: samples) { eta * f($0) }
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        relax.draw(distribution, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        relax.proposal(of: record, under: distribution)
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        relax.controlVariate(proposal, downstreamCost: downstreamCost)
    }
}
