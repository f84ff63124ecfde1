import CredoTensor
import Foundation

/// The binary Concrete (relaxed Bernoulli) distribution of Maddison et al. (2017) and Jang et
/// al. (2017): with logits ℓ, temperature λ > 0 and standard logistic L,
///
///     y = σ((ℓ + L) / λ)  ∈ (0, 1),
///
/// which tends to the Bernoulli(σ(ℓ)) draw 1[ℓ + L > 0] as λ → 0. The temperature is a tensor
/// (a scalar or broadcasting with ℓ) so that REBAR can learn it; samples are differentiable with
/// respect to both ℓ and λ. The density of y is
///
///     p(y) = λ e^ℓ y^(−λ−1) (1 − y)^(−λ−1) / (e^ℓ y^(−λ) + (1 − y)^(−λ))².
public struct RelaxedBernoulli: Distribution, Sendable {
    public let logits: Tensor
    /// λ > 0.
    public let temperature: Tensor

    public init(logits: Tensor, temperature: Tensor) {
        self.logits = logits
        self.temperature = temperature
    }

    public init(logits: Tensor, temperature: Float) {
        precondition(temperature > 0, "temperature must be positive, got \(temperature)")
        self.init(logits: logits, temperature: Tensor(temperature))
    }

    /// The broadcast shape of a draw.
    public var shape: [Int] { broadcastShape(logits.shape, temperature.shape) }

    /// A draw cut off from the tape.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        rsample(using: &generator).detached
    }

    /// The reparameterised draw y = σ((ℓ + L)/λ), differentiable with respect to ℓ and λ.
    public func rsample(using generator: inout RandomGenerator) -> Tensor {
        rsample(logisticNoise: generator.logisticNoise(shape: shape))
    }

    /// σ((ℓ + L)/λ) for given standard logistic noise L.
    public func rsample(logisticNoise: Tensor) -> Tensor {
        ((logits + logisticNoise) / temperature).sigmoid()
    }

    /// log p(y) for y in (0, 1), elementwise. With x = log y − log(1 − y) (the draw before the
    /// sigmoid), log p(y) = log p_X(x) − log y − log(1 − y); see `logProb(logit:)`. At low
    /// temperatures draws round to 0 or 1 in Float, where this is −∞ or NaN: work in the logit
    /// space there.
    public func logProb(_ value: Tensor) -> Tensor {
        let logY = value.log(), log1mY = (1 - value).log()
        return logProb(logit: logY - log1mY) - logY - log1mY
    }

    /// The log-density of X = (ℓ + L)/λ, the draw before the sigmoid: a logistic variable with
    /// location ℓ/λ and scale 1/λ,
    ///
    ///     log p_X(x) = log λ + ℓ − λx − 2 softplus(ℓ − λx),
    ///
    /// stable at every x, ℓ and λ.
    public func logProb(logit x: Tensor) -> Tensor {
        let t = logits - temperature * x
        return temperature.log() + t - t.softplus() * 2
    }
}
