import CredoDistributions
import CredoTensor

/// LAX (Grathwohl et al., 2018, section 3.2) for a continuous, reparameterisable node (Normal):
/// the score function with a learned control variate c_φ evaluated on the reparameterised
/// sample x = g(θ, ε),
///
///     ĝ = [f(x) − c_φ(x)] ∇_θ log p(x) + ∇_θ c_φ(x).
///
/// The cost sees x as a constant (f may be a black box); c_φ sees it on the tape. In the
/// surrogate: q = p, w = 1/m, l = log p(x) and
///
///     a = (1 − ⊡(l))·c_φ(⊥x) + c_φ(x) − c_φ(⊥x),
///
/// whose value is 0 for every φ (so the variance gradient in φ stays the estimator's own when
/// ancestors' MagicBoxes multiply the term; see `RELAX`). Its n-th derivative is −∇ⁿ⊡(l)·c(⊥x) + ∇ⁿc(x): the score-function and the
/// pathwise estimates of ∇ⁿE[c(x)], which cancel in expectation, so LAX is unbiased at every
/// order. c(⊥x) keeps its dependence on φ, so Σ ĝ² can be differentiated with respect to φ
/// (`relaxVarianceGradients`). The reparameterised sample is `extras["x"]`.
public struct LAX: GradientEstimator {
    /// c_φ: samples [samples, plates…] + batch → one value per sample (broadcasting to log p(x)).
    public var controlVariateFunction: (Tensor) -> Tensor
    public var samples: Int
    /// Call c_φ once on x and ⊥x stacked along the sample axis (see `RELAX`).
    public var stacksControlVariateInputs: Bool

    public init(samples: Int = 1, stacksControlVariateInputs: Bool = false, controlVariate: @escaping (Tensor) -> Tensor) {
        self.stacksControlVariateInputs = stacksControlVariateInputs
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.controlVariateFunction = controlVariate
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        reparameterizedDraw(distribution, samples: samples, using: &rng, "LAX")
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let x = reparameterizedValues(record, under: distribution, "LAX")
        let l = distribution.logProbability(of: record.values)
        return Proposal(values: record.values, gradientFunction: l, weights: uniformWeights(l.shape), extras: ["x": x])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let x = proposal.extras["x"] else { preconditionFailure("a LAX proposal carries x") }
        let (cx, cConstant) = evaluatePair(controlVariateFunction, x, x.detached, stacked: stacksControlVariateInputs)
        return (1 - magicBox(proposal.gradientFunction)) * cConstant + (cx - cConstant)
    }
}
