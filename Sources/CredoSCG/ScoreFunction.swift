import CredoTensor

/// The score-function estimator (REINFORCE; DiCE for higher orders), optionally with a baseline:
/// q = p^m (m independent samples), w = 1/m, l = log p(x), a = (1 − ⊡(l))·b.
/// Unbiased at every order; the baseline lowers the variance without adding bias.
public struct ScoreFunction: GradientEstimator {
    public var samples: Int
    public var baseline: Baseline

    public init(samples: Int = 1, baseline: Baseline = .none) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.samples = samples
        self.baseline = baseline
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        SampleRecord(values: distribution.samples(count: samples, using: &rng))
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let l = distribution.logProbability(of: record.values)
        return Proposal(values: record.values, gradientFunction: l, weights: uniformWeights(l.shape))
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let b = baseline.value(downstreamCost: downstreamCost) else { return nil }
        return (1 - magicBox(proposal.gradientFunction)) * b
    }
}

/// The score function with the leave-one-out baseline (Kool et al., 2019): m samples, and each
/// sample's baseline is the mean downstream cost of the other m − 1. Unbiased, because each
/// baseline is independent of its own sample.
public struct LeaveOneOut: GradientEstimator {
    public var samples: Int

    public init(samples: Int) {
        precondition(samples >= 2, "leave-one-out needs at least 2 samples, got \(samples)")
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        ScoreFunction(samples: samples).draw(distribution, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        ScoreFunction(samples: samples).proposal(of: record, under: distribution)
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        let m = Float(samples)
        let others = (downstreamCost.sum(axis: 0, keepingDimensions: true) - downstreamCost) / (m - 1)
        return (1 - magicBox(proposal.gradientFunction)) * others
    }
}
