import CredoNN
import CredoTensor

/// An action-value critic Q_φ(s, a): an MLP on the concatenation [s, a] with one output.
/// Regressed on returns it is a critic of the action node (Weber et al. 2019, section 3); trained
/// also on action-gradients it is a gradient-critic (`SobolevCritic`).
public struct ActionValueCritic: Module {
    public var network: MLP

    /// - Parameter outputGain: the orthogonal gain of the last layer (small values start the
    ///   critic near zero, as a control variate should).
    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, outputGain: Float = 1, using rng: inout RandomGenerator) {
        network = MLP(sizes: [observationSize + actionSize] + hiddenSizes + [1], activation: activation,
                      outputInitializer: .orthogonal(gain: outputGain), using: &rng)
    }

    /// Q(s, a) per row, [N], for observations [N, o] and actions [N, d].
    public func callAsFunction(_ observations: Tensor, _ actions: Tensor) -> Tensor {
        network(Tensor.concat([observations, actions], axis: 1)).reshaped([observations.shape[0]])
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
    }
}
