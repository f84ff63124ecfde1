import CredoDistributions
import CredoTensor

/// A tanh-squashed normal over vectors (SAC's action node): independent coordinates along the
/// last axis form one outcome, so log p sums over that axis, log-determinant included.
/// Reparameterisable: x = tanh(μ + σ ε), ε recorded by the sampling half.
public struct DiagonalSquashedNormal: ReparameterizableDistribution {
    public var squashed: SquashedNormal

    public init(_ squashed: SquashedNormal) { self.squashed = squashed }

    public var eventRank: Int { 1 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        reparameterizedSamples(count: count, using: &rng).detached
    }

    public func logProbability(of x: Tensor) -> Tensor { squashed.logProb(x).sum(axis: -1) }

    /// log p of the draw tanh(μ + σ ε), from ε (stable where the draw rounds to ±1), summed
    /// over the event axis and differentiable in the parameters.
    public func logProbability(ofNoise epsilon: Tensor) -> Tensor { squashed.logProb(noise: epsilon).sum(axis: -1) }

    public func standardNoise(count: Int, using rng: inout RandomGenerator) -> Tensor {
        rng.normalNoise(shape: [count] + squashed.shape)
    }

    public func reparameterized(noise: Tensor) -> Tensor { squashed.rsample(noise: noise) }
}

/// A uniform distribution over boxes of vectors (an off-policy learner's random actions before
/// learning starts): one outcome per last-axis row; reparameterised by u ~ U(0, 1).
public struct UniformBox: ReparameterizableDistribution {
    public var uniform: Uniform

    public init(_ uniform: Uniform) { self.uniform = uniform }

    public var eventRank: Int { 1 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        reparameterizedSamples(count: count, using: &rng).detached
    }

    public func logProbability(of x: Tensor) -> Tensor { uniform.logProb(x).sum(axis: -1) }

    public func standardNoise(count: Int, using rng: inout RandomGenerator) -> Tensor {
        Uniform.standardNoise(shape: [count] + uniform.shape, using: &rng)
    }

    public func reparameterized(noise: Tensor) -> Tensor { uniform.rsample(noise: noise) }
}
