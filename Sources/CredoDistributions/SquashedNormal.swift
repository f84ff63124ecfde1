import CredoTensor
import Foundation

/// The tanh-squashed normal of Soft Actor-Critic (Haarnoja et al., 2018, appendix C): a = tanh(u)
/// with u ~ N(μ, σ²), elementwise, so every coordinate lies in (−1, 1). By the change of
/// variables,
///
///     log p(a) = log N(u; μ, σ²) − log(1 − tanh²(u)),    u = atanh(a),
///
/// and the log-determinant is evaluated without cancellation as
///
///     log(1 − tanh²(u)) = 2 (log 2 − u − softplus(−2u)),
///
/// which stays finite where 1 − tanh²(u) rounds to 0 in Float32 (|u| ≳ 9). A reparameterised
/// draw is a = tanh(μ + σ ε), ε ~ N(0, I); the log-density of a draw is best taken from its ε
/// (`logProb(noise:)`), which never forms atanh of a value rounded to ±1.
public struct SquashedNormal: Sendable {
    /// The normal of u before squashing.
    public let base: Normal

    public init(mean: Tensor, logStd: Tensor) {
        base = Normal(mean: mean, logStd: logStd)
    }

    public var shape: [Int] { base.shape }

    /// log(1 − tanh²(u)) = 2 (log 2 − u − softplus(−2u)), elementwise, differentiable.
    public static func logDetTanh(_ u: Tensor) -> Tensor {
        (Float(Foundation.log(2.0)) - u - (u * -2).softplus()) * 2
    }

    /// a = tanh(μ + σ ε) for standard normal noise ε, differentiable in μ and log σ.
    public func rsample(noise: Tensor) -> Tensor { base.rsample(noise: noise).tanh() }

    /// A draw, cut off from the tape.
    public func sample(using generator: inout RandomGenerator) -> Tensor {
        rsample(noise: generator.normalNoise(shape: shape)).detached
    }

    /// log p(a) of the draw a = tanh(μ + σ ε), elementwise:
    /// −½ ε² − log σ − ½ log 2π − log(1 − tanh²(μ + σ ε)); differentiable in μ and log σ (the
    /// total derivative through a, as SAC's actor loss needs).
    public func logProb(noise: Tensor) -> Tensor {
        let u = base.rsample(noise: noise)
        return base.logProb(u) - Self.logDetTanh(u)
    }

    /// log p(a) for values a in (−1, 1), elementwise, through u = atanh(a) = ½ log((1 + a)/(1 − a));
    /// a is first clamped to ±(1 − 1e-6) so a value rounded to ±1 gives a large finite density.
    public func logProb(_ value: Tensor) -> Tensor {
        let a = value.clipped(to: -(1 - 1e-6)...(1 - 1e-6))
        let u = ((1 + a) / (1 - a)).log() * 0.5
        return base.logProb(u) - Self.logDetTanh(u)
    }

    /// tanh(μ): the deterministic action (the squashed median).
    public var mode: Tensor { base.mean.tanh() }

    /// The entropy of u, ½ log(2πe) + log σ: the squashed entropy has no closed form (SAC
    /// estimates it as −log p of its draws).
    public func baseEntropy() -> Tensor { base.entropy() }
}

/// The uniform distribution on [low, high], elementwise (`low` and `high` broadcast to `shape`):
/// an off-policy learner's random actions before learning starts. A draw is
/// low + (high − low) u with u ~ U(0, 1), reparameterised by u.
public struct Uniform: Sendable {
    public let low: Tensor
    public let high: Tensor
    public let shape: [Int]

    public init(low: Tensor, high: Tensor, shape: [Int]) {
        self.low = low
        self.high = high
        self.shape = shape
    }

    /// low + (high − low) u for u in [0, 1).
    public func rsample(noise u: Tensor) -> Tensor { low + (high - low) * u }

    /// u ~ U(0, 1) of `count` draws, [count] + shape.
    public static func standardNoise(shape: [Int], using generator: inout RandomGenerator) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in generator.uniformFloat() })
    }

    /// −log(high − low) per coordinate, broadcast to the value's shape.
    public func logProb(_ value: Tensor) -> Tensor { (-(high - low).log()).expanded(to: broadcastShape(value.shape, shape)) }

    /// log(high − low) per coordinate, of shape `shape`.
    public func entropy() -> Tensor { (high - low).log().expanded(to: shape) }
}
