import CredoDistributions
import CredoTensor
@testable import CredoSCG

/// A two-layer Bernoulli graph small enough to enumerate (16 joint states):
///
///     z1 ~ Bernoulli(σ(θ)) (2 units),   z2 ~ Bernoulli(σ(z1 W + c)) (2 units),
///     cost = g(z1) + h(z1, z2) + k(z2),   g = z1·s,   h = z1ᵀ A z2,   k = (z2·r − 0.5)²,
///
/// each layer an `Independent` node. With `mediatedOnly`, the cost is k(z2) alone, which depends on
/// z1 only through its children (plain HNCA's setting).
struct BernoulliLayerGraph {
    let theta = Tensor([0.4, -0.7]), w = Tensor(rows: [[1.2, -0.8], [-0.5, 0.9]]), c = Tensor([0.3, -0.2])
    let s = Tensor([0.6, -1.1]), a = Tensor(rows: [[1.5, -0.4], [0.7, 1.0]]), r = Tensor([2.0, -1.3])
    var mediatedOnly = false

    /// v W + c over the last axis of v.
    static func linear(_ v: Tensor, _ w: Tensor, _ c: Tensor) -> Tensor {
        (v.reshaped(v.shape + [1]) * w).sum(axis: v.rank - 1) + c
    }

    func g(_ z1: Tensor) -> Tensor { mediatedOnly ? Tensor.zeros(Array(z1.shape.dropLast())) : (z1 * s).sum(axis: -1) }
    func h(_ z1: Tensor, _ z2: Tensor) -> Tensor {
        mediatedOnly ? Tensor.zeros(Array(z2.shape.dropLast())) : (Self.linear(z1, a, Tensor(0)) * z2).sum(axis: -1)
    }
    func k(_ z2: Tensor) -> Tensor { ((z2 * r).sum(axis: -1) - 0.5).squared() }
    func cost(_ z1: Tensor, _ z2: Tensor) -> Tensor { g(z1) + h(z1, z2) + k(z2) }

    /// The exact gradient of E[cost] with respect to θ, W, c, by enumeration.
    var exact: [Float] {
        let t = theta.requiringGradient(), wp = w.requiringGradient(), cp = c.requiringGradient()
        var expected = Tensor(0)
        let states: [[Float]] = [[0, 0], [0, 1], [1, 0], [1, 1]]
        func probability(_ z: [Float], _ logits: Tensor) -> Tensor {
            Bernoulli(logits: logits).logProb(Tensor(z)).sum().exp()
        }
        for z1 in states {
            let l2 = Self.linear(Tensor(z1), wp, cp)
            for z2 in states {
                expected = expected + probability(z1, t) * probability(z2, l2) * cost(Tensor(z1), Tensor(z2))
            }
        }
        return gradients(of: expected, wrt: [t, wp, cp]).flatMap(\.scalars)
    }

    /// The samples of both layers, filled in as the graph is built, for counterfactual closures.
    final class Samples {
        var z1: Tensor?, z2: Tensor?, l2: Tensor?
    }

    /// One estimate of ∇(θ, W, c) with an estimator per layer; `first` may read `samples`.
    func estimate(_ first: some GradientEstimator, _ second: some GradientEstimator, samples: Samples = Samples(),
                  _ rng: inout RandomGenerator) -> [Float] {
        let t = theta.requiringGradient(), wp = w.requiringGradient(), cp = c.requiringGradient()
        var scg = StochasticComputationGraph()
        let z1 = scg.sample("z1", from: Independent(Bernoulli(logits: t)), estimator: first, using: &rng)
        let l2 = Self.linear(z1.value, wp, cp)
        let z2 = scg.sample("z2", from: Independent(Bernoulli(logits: l2)), estimator: second, parents: [z1], using: &rng)
        samples.z1 = z1.value; samples.z2 = z2.value; samples.l2 = l2
        scg.addCost(cost(z1.value, z2.value), dependsOn: [z1, z2])
        return gradients(of: scg.surrogateLoss(), wrt: [t, wp, cp]).flatMap(\.scalars)
    }

    /// `values` with unit k (last axis) set to ϕ, for every k, on a new last-but-one axis... as a
    /// list over k.
    static func setting(_ values: Tensor, unit k: Int, to phi: Float) -> Tensor {
        let units = values.shape.last!
        let mask = Tensor((0..<units).map { $0 == k ? 1 : 0 })
        return values * (1 - mask) + mask * phi
    }

    /// Per unit k of `values`, f(values with unit k = ϕ), stacked on the last axis.
    static func counterfactual(_ values: Tensor, _ phi: Float, _ f: (Tensor) -> Tensor) -> Tensor {
        let units = values.shape.last!
        let parts = (0..<units).map { f(setting(values, unit: $0, to: phi)).detached }
        return Tensor.concat(parts.map { $0.reshaped($0.shape + [1]) }, axis: parts[0].rank)
    }
}
