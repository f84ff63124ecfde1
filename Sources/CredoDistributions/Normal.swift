import CredoTensor
import Foundation

/// The normal distribution N(μ, σ²) with σ = exp(logStd), elementwise; `mean` and `logStd`
/// broadcast against each other (a [batch, d] mean with a [d] state-independent log-std is the
/// usual Gaussian policy).
///
///     log p(x) = −½ ((x − μ)/σ)² − log σ − ½ log 2π
///     H        = ½ log(2πe) + log σ
///
/// Parameterising by log σ keeps σ positive without constraints and makes log p linear in it.
public struct Normal: Distribution, Sendable {
    /// μ.
    public let mean: Tensor
    /// log σ.
    public let logStd: Tensor

    public init(mean: Tensor, logStd: Tensor) {
        self.mean = mean
        self.logStd = logStd
    }

    /// The broadcast shape of a draw.
    public var shape: [Int] { broadcastShape(mean.shape, logStd.shape) }
    /// σ = exp(logStd).
    public var std: Tensor { logStd.exp() }
    /// σ² = exp(2 logStd).
    public var variance: Tensor { (logStd * 2).exp() }

    /// A draw μ + σ ε, cut off from the tape.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        rsample(using: &generator).detached
    }

    /// The reparameterised draw x = μ + exp(logStd) · ε, ε ~ N(0, I) of shape `shape`:
    /// differentiable with respect to μ (∂x/∂μ = 1) and logStd (∂x/∂logStd = σ ε).
    public func rsample(using generator: inout RandomGenerator) -> Tensor {
        rsample(noise: generator.normalNoise(shape: shape))
    }

    /// μ + exp(logStd) · ε for given standard normal noise ε.
    public func rsample(noise: Tensor) -> Tensor {
        mean + logStd.exp() * noise
    }

    /// log p(x) = −½ ((x − μ) e^(−logStd))² − logStd − ½ log 2π, elementwise (broadcast shape of
    /// x, μ and logStd); differentiable with respect to μ, logStd and x.
    public func logProb(_ value: Tensor) -> Tensor {
        let standardised = (value - mean) * (-logStd).exp()
        return standardised.squared() * -0.5 - logStd - Float(0.5 * Foundation.log(2 * Double.pi))
    }

    /// H = ½ log(2πe) + logStd, elementwise, of shape `shape`.
    public func entropy() -> Tensor {
        (logStd + Float(0.5 * Foundation.log(2 * Double.pi * M_E))).expanded(to: shape)
    }
}
