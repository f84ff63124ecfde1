// Every derivative rule, in one table over the primitives. Each rule maps the upstream gradient
// `g` (shaped like the output) to one gradient per input, written in differentiable tensor ops so
// that the backward pass can itself be recorded and differentiated again. Gradients of
// broadcasting operands come back in the output's shape; `gradients(of:wrt:)` sums them to the
// operand's shape in one place (`sum(toShape:)`).
extension Primitive {
    /// - Parameters:
    ///   - x: the inputs of the primitive.
    ///   - out: its output (only meaningful for primitives recorded with `keepsOutput`).
    ///   - g: the gradient with respect to the output.
    ///   - needs: which inputs want a gradient; rules skip the others where that saves work.
    func derivatives(_ x: [Tensor], out: Tensor, g: Tensor, needs: [Bool]) -> [Tensor?] {
        switch self {
        case .leaf: return []
        case .neg: return [-g]
        case .exp: return [g * out]
        case .log: return [g / x[0]]
        case .tanh: return [Tensor.tanhBackward(g, out)]
        case .tanhBackward:
            // ∂/∂g [g(1 − y²)] = 1 − y², ∂/∂y [g(1 − y²)] = −2gy.
            let (upstream, y) = (x[0], x[1])
            return [needs[0] ? Tensor.tanhBackward(g, y) : nil, needs[1] ? -2 * g * upstream * y : nil]
        case .sigmoid: return [g * out * (1 - out)]
        case .relu: return [g * (x[0] .> 0)]
        case .softplus: return [g * x[0].sigmoid()]
        case .sqrt: return [g * 0.5 / out]
        case .abs: return [g * x[0].sign()]
        case .sin: return [g * x[0].cos()]
        case .cos: return [-(g * x[0].sin())]
        case .pow(let p): return [p == 2 ? g * 2 * x[0] : g * p * x[0].pow(p - 1)]
        case .add: return [g, g]
        case .sub: return [g, -g]
        case .mul: return [needs[0] ? g * x[1] : nil, needs[1] ? g * x[0] : nil]
        case .div: return [needs[0] ? g / x[1] : nil, needs[1] ? -(g * out) / x[1] : nil]
        case .select(let c): return [Tensor.where(c, g, 0), Tensor.where(c, Tensor(0), g)]
        case .sum: return [g.expanded(to: x[0].shape)]
        case .max(let axes):
            // Ties share the gradient equally; the mask is piecewise constant.
            let hit = x[0] .== out
            let share = hit / hit.sum(axes: axes, keepingDimensions: true)
            return [g.expanded(to: x[0].shape) * share]
        case .reshape: return [g.reshaped(x[0].shape)]
        case .permute(let p):
            var inverse = Array(repeating: 0, count: p.count)
            for (i, d) in p.enumerated() { inverse[d] = i }
            return [g.permuted(inverse)]
        case .expand: return [g]
        case .slice(let starts): return [g.padded(before: starts, toShape: x[0].shape)]
        case .pad(let before): return [g.sliced(zip(before, x[0].shape).map { $0..<($0 + $1) })]
        case .concat(let axis, let sizes):
            var offset = 0
            return sizes.map { size in
                defer { offset += size }
                return g.sliced(axis: axis, offset..<(offset + size))
            }
        case .indexSelect(let axis, let indices): return [g.indexAdd(axis: axis, indices, size: x[0].shape[axis])]
        case .indexAdd(let axis, let indices): return [g.indexSelect(axis: axis, indices)]
        case .segmentedPrefixSum(let restarts, let reverse): return [g.segmentedPrefixSum(restarts: restarts, reverse: !reverse)]
        case .matmul(let ta, let tb):
            let a = x[0], b = x[1]
            switch (ta, tb) {
            case (false, false):
                return [needs[0] ? Tensor.matmul(g, b, transposeB: true) : nil,
                        needs[1] ? Tensor.matmul(a, g, transposeA: true) : nil]
            case (true, false):
                return [needs[0] ? Tensor.matmul(b, g, transposeB: true) : nil, needs[1] ? Tensor.matmul(a, g) : nil]
            case (false, true):
                return [needs[0] ? Tensor.matmul(g, b) : nil, needs[1] ? Tensor.matmul(g, a, transposeA: true) : nil]
            case (true, true):
                return [needs[0] ? Tensor.matmul(b, g, transposeA: true, transposeB: true) : nil,
                        needs[1] ? Tensor.matmul(g, a, transposeA: true, transposeB: true) : nil]
            }
        case .affine:
            // b's rows are broadcast, so its gradient is g, summed to [n] by the caller.
            return [needs[0] ? Tensor.matmul(g, x[1], transposeB: true) : nil,
                    needs[1] ? Tensor.matmul(x[0], g, transposeA: true) : nil, needs[2] ? g : nil]
        case .affineTanh(let rule):
            // y = tanh(z), z = x·W + b: ∂L/∂z = g(1 − y²) (`tanhBackward`, itself differentiable,
            // with y = this node's output), then the affine rule with ∂L/∂z for g.
            let gz = rule == .exact ? Tensor.tanhBackward(g, out) : g * (1 - out)
            return [needs[0] ? Tensor.matmul(gz, x[1], transposeB: true) : nil,
                    needs[1] ? Tensor.matmul(x[0], gz, transposeA: true) : nil, needs[2] ? gz : nil]
        case .logSumExp: return [g * (x[0] - out).exp()]
        case .logSoftmax: return [g - out.exp() * g.sum(axis: -1, keepingDimensions: true)]
        case .softmax: return [out * (g - (g * out).sum(axis: -1, keepingDimensions: true))]
        }
    }
}
