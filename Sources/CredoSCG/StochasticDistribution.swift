import CredoDistributions
import CredoTensor

/// What a stochastic node of an SCG needs from its distribution: draws along a new leading
/// sample axis, and the log-probability of such draws.
///
/// Values are tensors: 0/1 for Bernoulli, one-hot rows for Categorical, reals for Normal. The last
/// `eventRank` axes of a value form one outcome; `logProbability(of:)` sums over them.
public protocol StochasticDistribution {
    /// The number of trailing axes of a value that make one outcome (1 for one-hot rows).
    var eventRank: Int { get }
    /// `count` independent draws stacked on a new leading axis: [count] + the value shape. Constants.
    func samples(count: Int, using rng: inout RandomGenerator) -> Tensor
    /// log p(x) for values x whose leading axes broadcast against the parameters; event axes summed.
    func logProbability(of x: Tensor) -> Tensor
}

/// A distribution with finitely many outcomes that can be listed, for exact enumeration.
public protocol EnumerableDistribution: StochasticDistribution {
    /// Every outcome on a new leading axis: [outcomes] + the value shape, for every batch entry.
    func allOutcomes() -> Tensor
}

/// A distribution with reparameterised draws x = g(θ, ε), ε from a fixed distribution.
public protocol ReparameterizableDistribution: StochasticDistribution {
    /// `count` draws of ε on a new leading axis: [count] + the value shape. Constants.
    func standardNoise(count: Int, using rng: inout RandomGenerator) -> Tensor
    /// x = g(θ, ε) for noise ε from `standardNoise`, differentiable with respect to θ.
    func reparameterized(noise: Tensor) -> Tensor
}

extension ReparameterizableDistribution {
    /// `count` draws on a new leading axis, differentiable with respect to the parameters.
    public func reparameterizedSamples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        reparameterized(noise: standardNoise(count: count, using: &rng))
    }
}

extension Bernoulli: EnumerableDistribution {
    public var eventRank: Int { 0 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        let source = count == 1 ? logits.detached.reshaped([1] + logits.shape) : logits.detached.expanded(to: [count] + logits.shape)
        return Bernoulli(logits: source).sample(using: &rng)
    }

    public func logProbability(of x: Tensor) -> Tensor { logProb(x) }

    public func allOutcomes() -> Tensor {
        Tensor.concat([Tensor.zeros([1] + logits.shape), Tensor.ones([1] + logits.shape)], axis: 0)
    }
}

extension Categorical: EnumerableDistribution {
    public var eventRank: Int { 1 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        let source = count == 1 ? logits.detached : logits.detached.expanded(to: [count] + logits.shape)
        let classes = Categorical(logits: source).sample(using: &rng)
        return Tensor.oneHot(classes, classes: classCount).reshaped([count] + logits.shape)
    }

    /// log p(x) = Σ_k x_k log p_k for one-hot x.
    public func logProbability(of x: Tensor) -> Tensor { (x * logProbabilities).sum(axis: -1) }

    public func allOutcomes() -> Tensor {
        let k = classCount
        let eye = Tensor.oneHot(Array(0..<k), classes: k)   // [k, k]
        let shape = [k] + Array(repeating: 1, count: logits.rank - 1) + [k]
        return eye.reshaped(shape).expanded(to: [k] + logits.shape)
    }
}

extension Normal: ReparameterizableDistribution {
    public var eventRank: Int { 0 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        reparameterizedSamples(count: count, using: &rng).detached
    }

    public func logProbability(of x: Tensor) -> Tensor { logProb(x) }

    public func standardNoise(count: Int, using rng: inout RandomGenerator) -> Tensor {
        rng.normalNoise(shape: [count] + shape)
    }

    public func reparameterized(noise: Tensor) -> Tensor { rsample(noise: noise) }
}

/// A Normal over vectors: independent coordinates along the last axis form one outcome, so
/// log p sums over that axis (a Gaussian policy's action). Reparameterisable like `Normal`.
public struct DiagonalNormal: ReparameterizableDistribution {
    public var normal: Normal

    public init(_ normal: Normal) { self.normal = normal }

    public var eventRank: Int { 1 }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        normal.samples(count: count, using: &rng)
    }

    public func logProbability(of x: Tensor) -> Tensor { normal.logProb(x).sum(axis: -1) }

    public func standardNoise(count: Int, using rng: inout RandomGenerator) -> Tensor {
        normal.standardNoise(count: count, using: &rng)
    }

    public func reparameterized(noise: Tensor) -> Tensor { normal.rsample(noise: noise) }
}
