import CredoDistributions
import CredoTensor

/// RELAX (Grathwohl et al., 2018) for a discrete node: the score function with a learned
/// control variate c_φ evaluated on reparameterised continuous relaxations of the sample.
///
/// From noise u, v: z = ℓ + noise (logistic for Bernoulli, Gumbel for Categorical), b = H(z),
/// z̃ ~ p(z | b) (see `relaxedSample(using:)`). The control variate sees the relaxed samples
/// σ_λ(z) = σ(z/λ) (Bernoulli) or softmax(z/λ) (Categorical), and the single-sample estimate is
///
///     ĝ = [f(b) − c_φ(σ_λ(z̃))] ∇_θ log p(b) + ∇_θ c_φ(σ_λ(z)) − ∇_θ c_φ(σ_λ(z̃)).
///
/// In the surrogate (Storchastic, appendix D.2.4) that is q = p, w = 1/m, l = log p(b) and
///
///     a = (1 − ⊡(l))·c_φ(z̃) + c_φ(z) − c_φ(z_⊥) − c_φ(z̃) + c_φ(z̃_⊥)
///
/// (z, z̃ standing for their relaxations; z_⊥, z̃_⊥ the relaxations of ⊥z and ⊥z̃, so constant
/// in θ but not in λ), whose value is 0 for every φ and λ and whose θ-derivatives are
/// those of c(z) − c(z̃) − ⊡(l)·c(z̃). That the value vanishes identically in φ matters when
/// the term is multiplied by the MagicBox of ancestor nodes (a chain, a trajectory): with
/// ⊥c(z) in place of c(z_⊥), the variance gradient ∂Σĝ²/∂φ would pick up ∇L·∇_φ c terms that
/// the estimator does not have. It is unbiased for every c_φ and every λ, at first order and at
/// second (the score-function and pathwise terms of ∇²E[c(z̃)] cancel those of ∇²E[c(z)]).
/// Train φ (and λ, if it is a tape leaf) to minimise the variance, Σ ĝ², with
/// `relaxVarianceGradients(of:parameters:controlVariateParameters:)`.
///
/// The proposal carries the relaxed samples in `extras["relaxedZ"]` and `extras["relaxedZTilde"]`,
/// shaped like the node's values ([samples, plates…] + batch (+ classes)), and those of ⊥ℓ in
/// `"relaxedZConstant"`, `"relaxedZTildeConstant"`; c_φ is called on each (or once per pair,
/// z with z̃ and their constants, stacked: `stacksControlVariateInputs`).
public struct RELAX: GradientEstimator {
    /// c_φ: relaxed samples [samples, plates…] + batch (+ classes) → one value per sample,
    /// shaped like (or broadcasting to) log p(b), i.e. [samples, plates…] + batch.
    public var controlVariateFunction: (Tensor) -> Tensor
    /// λ > 0; a scalar tensor, possibly on the tape (e.g. `logTemperature.exp()`) to learn it.
    public var temperature: Tensor
    public var samples: Int
    /// Call c_φ once on z and z̃ stacked along the sample axis, and once on their constants,
    /// instead of four times: faster, for a c_φ that maps each sample on its own (a network
    /// applied row by row, as an agent's is), not for one that mixes the sample axis with other
    /// tensors.
    public var stacksControlVariateInputs: Bool

    public init(temperature: Tensor = Tensor(1), samples: Int = 1, stacksControlVariateInputs: Bool = false,
                controlVariate: @escaping (Tensor) -> Tensor) {
        self.stacksControlVariateInputs = stacksControlVariateInputs
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.controlVariateFunction = controlVariate
        self.temperature = temperature
        self.samples = samples
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        relaxedDraw(distribution, samples: samples, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let r = relaxations(of: record, under: distribution, temperature: temperature)
        let l = distribution.logProbability(of: record.values)
        return Proposal(values: record.values, gradientFunction: l, weights: uniformWeights(l.shape),
                        extras: ["relaxedZ": r.z, "relaxedZTilde": r.zTilde,
                                 "relaxedZConstant": r.constantZ, "relaxedZTildeConstant": r.constantZTilde])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        let keys = ["relaxedZ", "relaxedZConstant", "relaxedZTilde", "relaxedZTildeConstant"]
        guard case let inputs = keys.compactMap({ proposal.extras[$0] }), inputs.count == 4 else {
            preconditionFailure("a RELAX proposal carries \(keys.joined(separator: ", "))")
        }
        // The pair that depends on θ in one call, the constant pair in another (stacked with the
        // first, the constants would be carried through its backward pass).
        let (cz, czTilde) = evaluatePair(controlVariateFunction, inputs[0], inputs[2], stacked: stacksControlVariateInputs)
        let (czConstant, czTildeConstant) = evaluatePair(controlVariateFunction, inputs[1], inputs[3],
                                                         stacked: stacksControlVariateInputs)
        let l = proposal.gradientFunction
        return (1 - magicBox(l)) * czTilde + (cz - czConstant) - (czTilde - czTildeConstant)
    }

}

/// m REBAR/RELAX draws of a Bernoulli or Categorical node on a new leading axis: the discrete
/// sample b = H(z), z = ℓ + noise(u), and the noise u and v (logistic for Bernoulli, Gumbel for
/// Categorical), recorded as "u" and "v".
func relaxedDraw(_ distribution: some StochasticDistribution, samples m: Int,
                 using rng: inout RandomGenerator) -> SampleRecord {
    if let d = distribution as? Bernoulli {
        let shape = [m] + d.logits.shape
        let u = rng.logisticNoise(shape: shape), v = rng.logisticNoise(shape: shape)
        let b = Bernoulli.discretised(Bernoulli(logits: withSampleAxis(d.logits.detached, m)).perturbedLogits(logisticNoise: u))
        return SampleRecord(values: b, noise: ["u": u, "v": v])
    }
    if let d = distribution as? Categorical {
        let shape = [m] + d.logits.shape
        let u = rng.gumbelNoise(shape: shape), v = rng.gumbelNoise(shape: shape)
        // b = one-hot argmax(ℓ + u) per row, on the scalars (an agent draws one row per step).
        let (logits, noise, k) = (d.logits.scalars, u.scalars, d.classCount)
        var oneHot = [Float](repeating: 0, count: noise.count)
        for row in stride(from: 0, to: noise.count, by: k) {
            let base = row % logits.count
            var best = 0, top = -Float.infinity
            for j in 0..<k {
                let z = logits[base + j] + noise[row + j]
                if z > top { best = j; top = z }
            }
            oneHot[row + best] = 1
        }
        return SampleRecord(values: Tensor(shape: shape, scalars: oneHot), noise: ["u": u, "v": v])
    }
    preconditionFailure("REBAR/RELAX need a Bernoulli or Categorical node, got \(type(of: distribution))")
}

/// The relaxations σ_λ(z), σ_λ(z̃) of a recorded draw under the distribution's (current)
/// logits ℓ: z = ℓ + noise(u), z̃ ~ p(z | b) from v, differentiable in ℓ and λ; and the same of
/// ⊥z and ⊥z̃ (constant in ℓ, differentiable in λ).
func relaxations(of record: SampleRecord, under distribution: some StochasticDistribution, temperature: Tensor)
    -> (z: Tensor, zTilde: Tensor, constantZ: Tensor, constantZTilde: Tensor) {
    guard let u = record.noise["u"], let v = record.noise["v"] else {
        preconditionFailure("a REBAR/RELAX record carries its noise u and v")
    }
    let z: Tensor, zTilde: Tensor, relax: (Tensor) -> Tensor
    if let d = distribution as? Bernoulli {
        let expanded = Bernoulli(logits: withSampleAxis(d.logits, u.shape[0]))
        z = expanded.perturbedLogits(logisticNoise: u)
        zTilde = expanded.conditionalPerturbedLogits(given: record.values, logisticNoise: v)
        relax = { ($0 / temperature).sigmoid() }
    } else if let d = distribution as? Categorical {
        let expanded = Categorical(logits: withSampleAxis(d.logits, u.shape[0]))
        z = expanded.perturbedLogits(gumbelNoise: u)
        zTilde = expanded.conditionalPerturbedLogits(given: Categorical.discretised(record.values), gumbelNoise: v)
        relax = { ($0 / temperature).softmax(axis: -1) }
    } else {
        preconditionFailure("REBAR/RELAX need a Bernoulli or Categorical node, got \(type(of: distribution))")
    }
    return (relax(z), relax(zTilde), relax(z.detached), relax(zTilde.detached))
}

/// c(x) and c(y): one call on the two stacked along the sample axis when `stacked` (for a c that
/// maps each sample on its own), else two.
func evaluatePair(_ c: (Tensor) -> Tensor, _ x: Tensor, _ y: Tensor, stacked: Bool) -> (Tensor, Tensor) {
    guard stacked else { return (c(x), c(y)) }
    let m = x.shape[0], both = c(Tensor.concat([x, y], axis: 0))
    return (both.sliced(axis: 0, 0..<m), both.sliced(axis: 0, m..<(2 * m)))
}
