import CredoDistributions
import CredoTensor

/// The Gumbel-softmax (Concrete) estimator (Jang et al., 2017; Maddison et al., 2017) and its
/// straight-through variant, for Bernoulli and Categorical nodes. **Biased**: use it where a
/// low-variance, biased gradient is acceptable.
///
/// The node's value is the relaxed sample itself, differentiable in the logits ℓ:
///
///     y = softmax((ℓ + G)/λ)   (Categorical, G standard Gumbel)
///     y = σ((ℓ + L)/λ)         (Bernoulli, L standard logistic)
///
/// so the cost must accept continuous inputs, and the gradient is the pathwise ∇_θ f(y): q = the
/// Concrete distribution, w = 1/m, l = 0. The estimate is of ∇E[f(y)], not ∇E[f(b)]; the two
/// differ unless f is linear (Categorical: in the one-hot b) or λ → 0, where the variance
/// diverges instead.
///
/// Straight-through (Bengio et al., 2013; Jang et al., 2017): the value is the discrete
/// b = H(z) (one-hot argmax, or 1[z > 0]) but the gradient is that of y: b + y − ⊥y. The cost
/// sees exact discrete values; the gradient is biased even for linear f.
public struct GumbelSoftmax: GradientEstimator {
    /// λ > 0 (a tensor, so it can be scheduled or learned).
    public var temperature: Tensor
    public var straightThrough: Bool
    public var samples: Int

    public init(temperature: Tensor = Tensor(1), straightThrough: Bool = false, samples: Int = 1) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.temperature = temperature
        self.straightThrough = straightThrough
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        let shape: [Int], noise: Tensor
        if let d = distribution as? Bernoulli {
            shape = [samples] + d.logits.shape
            noise = rng.logisticNoise(shape: shape)
        } else if let d = distribution as? Categorical {
            shape = [samples] + d.logits.shape
            noise = rng.gumbelNoise(shape: shape)
        } else {
            preconditionFailure("GumbelSoftmax needs a Bernoulli or Categorical node, got \(type(of: distribution))")
        }
        let record = SampleRecord(values: Tensor.zeros(shape), noise: ["noise": noise])
        return SampleRecord(values: proposal(of: record, under: distribution).values, noise: record.noise)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        guard let noise = record.noise["noise"] else { preconditionFailure("a Gumbel-softmax record carries its noise") }
        let y: Tensor, b: Tensor
        if let d = distribution as? Bernoulli {
            let z = Bernoulli(logits: withSampleAxis(d.logits, noise.shape[0])).perturbedLogits(logisticNoise: noise)
            y = (z / temperature).sigmoid()
            b = Bernoulli.discretised(z)
        } else if let d = distribution as? Categorical {
            let z = Categorical(logits: withSampleAxis(d.logits, noise.shape[0])).perturbedLogits(gumbelNoise: noise)
            y = (z / temperature).softmax(axis: -1)
            b = Tensor.oneHot(Categorical.discretised(z), classes: d.classCount).reshaped(noise.shape)
        } else {
            preconditionFailure("GumbelSoftmax needs a Bernoulli or Categorical node, got \(type(of: distribution))")
        }
        let value = straightThrough ? b + (y - stopGradient(y)) : y
        let lShape = Array(value.shape.dropLast(distribution.eventRank))
        return Proposal(values: value, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape))
    }
}
