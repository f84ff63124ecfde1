import CredoTensor
import Foundation

/// The Concrete (Gumbel-softmax, relaxed categorical) distribution of Maddison et al. (2017) and
/// Jang et al. (2017) over the last axis: with logits ℓ of shape [..., k], temperature λ > 0 and
/// independent standard Gumbel G,
///
///     y = softmax((ℓ + G) / λ)  on the simplex,
///
/// which tends to the one-hot of the Gumbel-max draw argmax(ℓ + G) as λ → 0. The temperature is
/// a tensor (a scalar, or of shape [..., 1]) so that REBAR can learn it; draws are
/// differentiable with respect to ℓ and λ. The density, with respect to Lebesgue measure on the
/// first k − 1 coordinates, is
///
///     p(y) = (k − 1)! λ^(k−1) Π_i (e^(ℓ_i) y_i^(−λ−1)) / (Σ_i e^(ℓ_i) y_i^(−λ))^k.
public struct RelaxedCategorical: Distribution, Sendable {
    public let logits: Tensor
    /// λ > 0.
    public let temperature: Tensor

    public init(logits: Tensor, temperature: Tensor) {
        precondition(logits.rank >= 1, "RelaxedCategorical needs logits of shape [..., k]")
        self.logits = logits
        self.temperature = temperature
    }

    public init(logits: Tensor, temperature: Float) {
        precondition(temperature > 0, "temperature must be positive, got \(temperature)")
        self.init(logits: logits, temperature: Tensor(temperature))
    }

    /// The number of classes k.
    public var classCount: Int { logits.shape.last! }

    /// A draw cut off from the tape.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        rsample(using: &generator).detached
    }

    /// The reparameterised draw y = softmax((ℓ + G)/λ), differentiable with respect to ℓ and λ.
    public func rsample(using generator: inout RandomGenerator) -> Tensor {
        rsample(gumbelNoise: generator.gumbelNoise(shape: logits.shape))
    }

    /// softmax((ℓ + G)/λ) for given standard Gumbel noise G.
    public func rsample(gumbelNoise: Tensor) -> Tensor {
        ((logits + gumbelNoise) / temperature).softmax(axis: -1)
    }

    /// log p(y) for y in the open simplex, one value per row (the logits' shape without the last
    /// axis):
    ///
    ///     log (k − 1)! + (k − 1) log λ + Σ_i (ℓ_i − (λ + 1) log y_i) − k logsumexp_i(ℓ_i − λ log y_i).
    ///
    /// The (k − 1) log λ term is spread over the k summands as ((k − 1)/k) log λ each, so a
    /// per-row temperature of shape [..., 1] broadcasts like a scalar one.
    public func logProb(_ value: Tensor) -> Tensor {
        let k = Float(classCount)
        let logY = value.log()
        let perClass = logits - (temperature + 1) * logY + temperature.log() * ((k - 1) / k)
        let normaliser = (logits - temperature * logY).logSumExp(axis: -1, keepingDimensions: false)
        return perClass.sum(axis: -1) - normaliser * k + Float(Foundation.lgamma(Double(classCount)))
    }
}
