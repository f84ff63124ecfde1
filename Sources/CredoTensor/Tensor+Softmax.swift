import Foundation

// Fused, numerically stable softmax, log-softmax and log-sum-exp. Each subtracts the row maximum
// before exponentiating, so logits of ±1e4 stay finite; sums accumulate in Double.
extension Tensor {
    /// Runs `kernel(row, out)` over every row of the last axis.
    private func rowKernel(outWidth: Int, _ kernel: (UnsafeBufferPointer<Float>, UnsafeMutableBufferPointer<Float>) -> Void) -> [Float] {
        let n = shape.last ?? 1, rows = n == 0 ? 0 : count / n
        return [Float](unsafeUninitializedCapacity: rows * outWidth) { out, written in
            scalars.withUnsafeBufferPointer { x in
                for r in 0..<rows {
                    kernel(UnsafeBufferPointer(rebasing: x[(r * n)..<((r + 1) * n)]),
                           UnsafeMutableBufferPointer(rebasing: out[(r * outWidth)..<((r + 1) * outWidth)]))
                }
            }
            written = rows * outWidth
        }
    }

    /// log Σ_i e^(x_i) of one row, stably (max-shifted, summed in Double).
    @inline(__always)
    public static func logSumExp(ofRow x: UnsafeBufferPointer<Float>) -> Float {
        var m = -Float.infinity
        for v in x { m = Swift.max(m, v) }
        if m == -.infinity { return m }
        var s = 0.0
        for v in x { s += Foundation.exp(Double(v - m)) }
        return m + Float(Foundation.log(s))
    }

    /// Applies a last-axis operation along any axis by moving that axis last and back.
    private func alongAxis(_ axis: Int, _ f: (Tensor) -> Tensor) -> Tensor {
        let a = normalizedAxis(axis, rank: rank)
        if a == rank - 1 { return f(self) }
        var p = Array(0..<rank)
        p.remove(at: a)
        p.append(a)
        var inverse = Array(repeating: 0, count: rank)
        for (i, d) in p.enumerated() { inverse[d] = i }
        return f(permuted(p)).permuted(inverse)
    }

    /// log Σ_j e^(x_j) along `axis`, keeping the axis with extent 1.
    public func logSumExp(axis: Int = -1, keepingDimensions: Bool = true) -> Tensor {
        let result = alongAxis(axis) { t in
            let s = t.rowKernel(outWidth: 1) { x, o in o[0] = Tensor.logSumExp(ofRow: x) }
            return Tensor.record(.logSumExp, [t], shape: Array(t.shape.dropLast()) + [1], scalars: s, keepsOutput: true)
        }
        guard !keepingDimensions else { return result }
        var shape = result.shape
        shape.remove(at: normalizedAxis(axis, rank: rank))
        return result.reshaped(shape)
    }

    /// x_i − log Σ_j e^(x_j) along `axis`.
    public func logSoftmax(axis: Int = -1) -> Tensor {
        alongAxis(axis) { t in
            let s = t.rowKernel(outWidth: t.shape.last ?? 1) { x, o in
                let lse = Tensor.logSumExp(ofRow: x)
                for i in 0..<x.count { o[i] = x[i] - lse }
            }
            return Tensor.record(.logSoftmax, [t], shape: t.shape, scalars: s, keepsOutput: true)
        }
    }

    /// e^(x_i) / Σ_j e^(x_j) along `axis`.
    public func softmax(axis: Int = -1) -> Tensor {
        alongAxis(axis) { t in
            let s = t.rowKernel(outWidth: t.shape.last ?? 1) { x, o in
                var m = -Float.infinity
                for v in x { m = Swift.max(m, v) }
                var total = 0.0
                for i in 0..<x.count {
                    let e = Foundation.exp(Double(x[i] - m))
                    o[i] = Float(e)
                    total += e
                }
                let inv = Float(1 / total)
                for i in 0..<x.count { o[i] *= inv }
            }
            return Tensor.record(.softmax, [t], shape: t.shape, scalars: s, keepsOutput: true)
        }
    }
}
