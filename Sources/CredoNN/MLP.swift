import CredoTensor

/// A multilayer perceptron: Linear layers with an activation between them.
///
/// `MLP(sizes: [4, 64, 64, 2], activation: .tanh)` maps 4 inputs through two hidden layers of 64
/// tanh units to 2 outputs; the last layer uses `outputActivation` (identity by default). Its
/// parameters are named "layer0/weight", "layer0/bias", "layer1/weight", ...
public struct MLP: Module {
    public var layers: [Linear]
    public let activation: Activation
    public let outputActivation: Activation

    /// - Parameters:
    ///   - initializer: for the hidden layers; orthogonal with the activation's gain by default.
    ///   - outputInitializer: for the last layer (small gains, such as 0.01 for a policy head,
    ///     are a common choice); the hidden initializer when nil.
    public init(sizes: [Int], activation: Activation = .tanh, outputActivation: Activation = .identity,
                initializer: Initializer? = nil, outputInitializer: Initializer? = nil,
                using rng: inout RandomGenerator) {
        precondition(sizes.count >= 2, "an MLP needs at least input and output sizes, got \(sizes)")
        precondition(sizes.allSatisfy { $0 > 0 }, "MLP sizes must be positive, got \(sizes)")
        let hidden = initializer ?? .orthogonal(gain: activation.recommendedGain)
        var layers: [Linear] = []
        for i in 0..<(sizes.count - 1) {
            let isLast = i == sizes.count - 2
            layers.append(Linear(inputSize: sizes[i], outputSize: sizes[i + 1],
                                 initializer: isLast ? (outputInitializer ?? hidden) : hidden, using: &rng))
        }
        self.layers = layers
        self.activation = activation
        self.outputActivation = outputActivation
    }

    /// The layer widths, input first.
    public var sizes: [Int] { [layers[0].inputSize] + layers.map(\.outputSize) }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        var h = x
        for (i, layer) in layers.enumerated() {
            let act = i == layers.count - 1 ? outputActivation : activation
            // A tanh layer is one fused node (the same values and gradients, fewer tape nodes).
            if act == .tanh && h.rank == 2 {
                h = Tensor.affineTanh(h, layer.weight, layer.bias)
            } else {
                h = act(layer(h))
            }
        }
        return h
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in layers.indices { layers[i].visitParameters(prefix: "layer\(i)", visit) }
    }
}
