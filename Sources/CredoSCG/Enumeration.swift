import CredoTensor

/// Exact enumeration of a small discrete node: every outcome is "sampled" once and weighted by
/// its probability, q = all outcomes, w(x) = p(x), l = 0. The gradient flows through the
/// weights; exact (zero variance) for this node at every order.
public struct Enumeration: GradientEstimator {
    public init() {}

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        guard let d = distribution as? any EnumerableDistribution else {
            preconditionFailure("Enumeration needs an EnumerableDistribution (Bernoulli, Categorical), got \(type(of: distribution))")
        }
        return SampleRecord(values: d.allOutcomes())
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let logp = distribution.logProbability(of: record.values)
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(logp.shape), weights: logp.exp())
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

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        reparameterizedDraw(distribution, samples: samples, using: &rng, "Reparameterization")
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let x = reparameterizedValues(record, under: distribution, "Reparameterization")
        let lShape = Array(x.shape.dropLast(distribution.eventRank))
        return Proposal(values: x, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape))
    }
}

/// m reparameterised draws: the values (constants) and their noise ε, recorded as "epsilon".
func reparameterizedDraw(_ distribution: some StochasticDistribution, samples: Int, using rng: inout RandomGenerator,
                         _ estimator: String) -> SampleRecord {
    guard let d = distribution as? any ReparameterizableDistribution else {
        preconditionFailure("\(estimator) needs a ReparameterizableDistribution (Normal), got \(type(of: distribution))")
    }
    let epsilon = d.standardNoise(count: samples, using: &rng)
    return SampleRecord(values: d.reparameterized(noise: epsilon), noise: ["epsilon": epsilon])
}

/// x = g(θ, ε) for a record's ε, on the tape.
func reparameterizedValues(_ record: SampleRecord, under distribution: some StochasticDistribution,
                           _ estimator: String) -> Tensor {
    guard let d = distribution as? any ReparameterizableDistribution, let epsilon = record.noise["epsilon"] else {
        preconditionFailure("\(estimator) needs a ReparameterizableDistribution and a record with its noise ε")
    }
    return d.reparameterized(noise: epsilon)
}
