/// The primitive operations the tape records. Every other operation is composed of these, and
/// each has exactly one derivative rule, in `Tensor+Derivatives.swift`.
internal enum Primitive {
    case leaf
    // Elementwise, unary.
    case neg, exp, log, tanh, sigmoid, relu, softplus, sqrt, abs, sin, cos
    case pow(Float)
    /// g · (1 − y²): the backward pass of tanh with output y, fused (inputs: g, y).
    case tanhBackward
    // Elementwise, binary, with NumPy broadcasting.
    case add, sub, mul, div
    /// `cond ? a : b` with a constant 0/1 condition (broadcast to the output shape).
    case select(condition: Tensor)
    // Reductions; the output keeps the reduced axes with extent 1.
    case sum(axes: [Int])
    case max(axes: [Int])
    // Movement.
    case reshape
    case permute([Int])
    case expand
    case slice(starts: [Int])
    case pad(before: [Int])
    case concat(axis: Int, sizes: [Int])
    case indexSelect(axis: Int, indices: [Int])
    case indexAdd(axis: Int, indices: [Int])
    /// Exclusive prefix (or, reversed, suffix) sums along the first axis within segments.
    case segmentedPrefixSum(restarts: [Bool], reverse: Bool)
    // Matrix product of rank-2 operands, optionally transposed in place.
    case matmul(transposeA: Bool, transposeB: Bool)
    /// x·W + b for x [m, k], W [k, n], b [n]: a dense layer in one sgemm (b preloaded, β = 1).
    case affine
    /// tanh(x·W + b): a dense layer and its activation in one node (`Tensor+AffineTanh.swift`).
    case affineTanh(FusedRule)
    // Fused, numerically stable kernels over the last axis.
    case logSumExp, logSoftmax, softmax
}

/// A node of the dynamic tape: what produced a tensor, and from which inputs.
///
/// A node holds its inputs (with their own nodes) and the scalars of its output, never its output
/// tensor itself, so the tape is a DAG that Swift's reference counting frees as soon as the last
/// tensor of a computation goes away: no cycles, no global tape to clear.
internal final class TapeNode {
    let op: Primitive
    let inputs: [Tensor]
    /// The output scalars, for derivative rules written in terms of the output (exp, tanh, ...).
    let output: [Float]?

    init(op: Primitive, inputs: [Tensor], output: [Float]?) {
        self.op = op
        self.inputs = inputs
        self.output = output
    }
}

extension Tensor {
    /// Wraps the result of a primitive: recorded on the tape when any input is differentiable.
    @inline(__always)
    internal static func record(_ op: Primitive, _ inputs: [Tensor], shape: [Int], scalars: [Float],
                                keepsOutput: Bool = false) -> Tensor {
        guard inputs.contains(where: { $0.node != nil }) else {
            return Tensor(shape: shape, scalars: scalars, node: nil)
        }
        let node = TapeNode(op: op, inputs: inputs, output: keepsOutput ? scalars : nil)
        return Tensor(shape: shape, scalars: scalars, node: node)
    }
}
