import CredoTensor

/// Importance sampling (Storchastic's importance-sampling estimator): the samples come from a
/// proposal q that differs from the node's distribution p — an earlier policy that collected a
/// rollout, say — and are reweighted by w = p(x)/q(x), with the gradient flowing through the
/// weight: q, w = (1/m) p_θ(x)/q(x), l = 0. Since E_q[w f] = E_p[f] for every θ, every
/// derivative of the surrogate is unbiased, as long as q covers p.
///
/// The sampling half draws from the distribution it is given (the proposal q at that moment)
/// and records log q(x) as `"behaviourLogProbability"`; the learning half evaluates p under the
/// distribution it is given then. `ratio(of:under:)` is ρ = p/q per sample, on the tape.
public struct ImportanceWeighted: GradientEstimator {
    public var samples: Int

    public init(samples: Int = 1) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        let x = distribution.samples(count: samples, using: &rng)
        return SampleRecord(values: x, noise: ["behaviourLogProbability": distribution.logProbability(of: x)])
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let rho = Self.ratio(of: record, under: distribution)
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(rho.shape),
                        weights: rho / Float(rho.shape[0]), extras: ["ratio": rho])
    }

    /// ρ = p_θ(x)/q(x) = exp(log p_θ(x) − log q(x)) per sample, differentiable in θ.
    public static func ratio(of record: SampleRecord, under distribution: some StochasticDistribution) -> Tensor {
        guard let behaviour = record.noise["behaviourLogProbability"] else {
            preconditionFailure("an importance-weighted record carries its behaviourLogProbability")
        }
        return (distribution.logProbability(of: record.values) - behaviour).exp()
    }
}
