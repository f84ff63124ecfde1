import CredoTensor

/// An affine layer: y = x·W + b, with W of shape [inputSize, outputSize].
public struct Linear: Module {
    public var weight: Tensor
    public var bias: Tensor

    public init(inputSize: Int, outputSize: Int, initializer: Initializer = .glorotUniform(),
                using rng: inout RandomGenerator) {
        weight = initializer.weights(fanIn: inputSize, fanOut: outputSize, using: &rng).requiringGradient()
        bias = Tensor.zeros([outputSize]).requiringGradient()
    }

    public var inputSize: Int { weight.shape[0] }
    public var outputSize: Int { weight.shape[1] }

    /// x of shape [..., inputSize] → [..., outputSize].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        if x.rank == 2 { return Tensor.affine(x, weight, bias) }
        return x.matmul(weight) + bias
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        visit("weight", &weight)
        visit("bias", &bias)
    }
}
