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
///     a = (1 − ⊡(l))·c_φ(z̃) + c_φ(z) − ⊥c_φ(z) − c_φ(z̃) + ⊥c_φ(z̃)
///
/// (z, z̃ standing for their relaxations), whose value is 0 and whose derivatives are those of
/// c(z) − c(z̃) − ⊡(l)·c(z̃). It is unbiased for every c_φ and every λ, at first order and at
/// second (the score-function and pathwise terms of ∇²E[c(z̃)] cancel those of ∇²E[c(z)]).
/// Train φ (and λ, if it is a tape leaf) to minimise the variance, Σ ĝ², with
/// `relaxVarianceGradients(of:parameters:controlVariateParameters:)`.
///
/// The proposal carries the relaxed samples in `extras["relaxedZ"]` and `extras["relaxedZTilde"]`,
/// shaped like the node's values ([samples, plates…] + batch (+ classes)).
public struct RELAX: GradientEstimator {
    /// c_φ: relaxed samples [samples, plates…] + batch (+ classes) → one value per sample,
    /// shaped like (or broadcasting to) log p(b), i.e. [samples, plates…] + batch.
    public var controlVariateFunction: (Tensor) -> Tensor
    /// λ > 0; a scalar tensor, possibly on the tape (e.g. `logTemperature.exp()`) to learn it.
    public var temperature: Tensor
    public var samples: Int

    public init(temperature: Tensor = Tensor(1), samples: Int = 1, controlVariate: @escaping (Tensor) -> Tensor) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.controlVariateFunction = controlVariate
        self.temperature = temperature
        self.samples = samples
    }

    public func propose(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> Proposal {
        let draw = RelaxedDraw(distribution, samples: samples, temperature: temperature, using: &rng)
        let l = distribution.logProbability(of: draw.b)
        return Proposal(values: draw.b, gradientFunction: l,
                        weights: Tensor(repeating: 1 / Float(samples), shape: l.shape),
                        extras: ["relaxedZ": draw.relaxedZ, "relaxedZTilde": draw.relaxedZTilde])
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        guard let z = proposal.extras["relaxedZ"], let zTilde = proposal.extras["relaxedZTilde"] else {
            preconditionFailure("a RELAX proposal carries relaxedZ and relaxedZTilde")
        }
        let cz = controlVariateFunction(z), czTilde = controlVariateFunction(zTilde)
        let l = proposal.gradientFunction
        return (1 - magicBox(l)) * czTilde + (cz - stopGradient(cz)) - (czTilde - stopGradient(czTilde))
    }
}

/// m REBAR/RELAX draws of a Bernoulli or Categorical node on a new leading axis: the discrete
/// sample b (constant) and the relaxations σ_λ(z), σ_λ(z̃) (differentiable in ℓ and λ).
struct RelaxedDraw {
    var b: Tensor
    var relaxedZ: Tensor
    var relaxedZTilde: Tensor

    init(_ distribution: some StochasticDistribution, samples m: Int, temperature: Tensor,
         using rng: inout RandomGenerator) {
        if let d = distribution as? Bernoulli {
            let draw = Bernoulli(logits: d.logits.expanded(to: [m] + d.logits.shape)).relaxedSample(using: &rng)
            b = draw.b
            relaxedZ = draw.relaxedZ(temperature: temperature)
            relaxedZTilde = draw.relaxedZTilde(temperature: temperature)
        } else if let d = distribution as? Categorical {
            let draw = Categorical(logits: d.logits.expanded(to: [m] + d.logits.shape)).relaxedSample(using: &rng)
            b = draw.oneHot
            relaxedZ = draw.relaxedZ(temperature: temperature)
            relaxedZTilde = draw.relaxedZTilde(temperature: temperature)
        } else {
            preconditionFailure("REBAR/RELAX need a Bernoulli or Categorical node, got \(type(of: distribution))")
        }
    }
}
