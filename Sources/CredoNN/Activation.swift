import CredoTensor

/// Elementwise nonlinearities between layers.
public enum Activation: String, CaseIterable, Codable, Sendable {
    case identity, tanh, relu, elu, softplus, sigmoid

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return x
        case .tanh: return x.tanh()
        case .relu: return x.relu()
        case .elu: return x.elu()
        case .softplus: return x.softplus()
        case .sigmoid: return x.sigmoid()
        }
    }

    /// The gain orthogonal initialisation uses for this nonlinearity (PyTorch's `calculate_gain`).
    public var recommendedGain: Float {
        switch self {
        case .tanh: return 5.0 / 3.0
        case .relu, .elu: return Float(2).squareRoot()
        case .identity, .softplus, .sigmoid: return 1
        }
    }
}
