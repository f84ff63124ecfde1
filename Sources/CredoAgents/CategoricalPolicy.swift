import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoTensor

/// A categorical MLP policy for a `Discrete(k)` action space: π_θ(a|s) = softmax(f_θ(s))_a,
/// with f_θ an MLP whose last layer is initialised with gain 0.01 so the first policy is
/// nearly uniform (Andrychowicz et al., 2021, "What matters in on-policy RL").
/// Parameters: "layer0/weight", "layer0/bias", ….
public struct CategoricalPolicy: Policy {
    public var network: MLP

    public init(observationSize: Int, actionCount: Int, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, using rng: inout RandomGenerator) {
        network = MLP(sizes: [observationSize] + hiddenSizes + [actionCount], activation: activation,
                      outputInitializer: .orthogonal(gain: 0.01), using: &rng)
    }

    public var observationSize: Int { network.sizes[0] }
    public var actionCount: Int { network.sizes.last! }
    public var actionSize: Int { 1 }

    /// The logits f_θ(s), [N, k].
    public func logits(_ observations: Tensor) -> Tensor { network(observations) }

    public func distribution(_ observations: Tensor) -> ActionDistribution {
        .categorical(Categorical(logits: logits(observations)))
    }

    public func environmentAction(_ row: ArraySlice<Float>) -> Action { .discrete(Int(row.first!)) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
    }
}
