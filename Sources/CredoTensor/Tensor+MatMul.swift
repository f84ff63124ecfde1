import CCBLAS

// Matrix products through OpenBLAS's cblas_sgemm.
extension Tensor {
    /// C = op(A)·op(B) for rank-2 A and B, where op transposes when asked. The transposes are
    /// passed to sgemm as flags: no operand is copied.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        precondition(a.rank == 2 && b.rank == 2, "matmul needs rank-2 operands, got \(a.shape) and \(b.shape)")
        let m = transposeA ? a.shape[1] : a.shape[0], k = transposeA ? a.shape[0] : a.shape[1]
        let kb = transposeB ? b.shape[1] : b.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        precondition(k == kb, "matmul: inner extents differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let s = [Float](unsafeUninitializedCapacity: m * n) { out, count in
            if k == 0 {
                for i in 0..<(m * n) { out[i] = 0 }
            } else if m > 0 && n > 0 {
                a.scalars.withUnsafeBufferPointer { pa in
                    b.scalars.withUnsafeBufferPointer { pb in
                        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
                                    transposeB ? CblasTrans : CblasNoTrans,
                                    Int32(m), Int32(n), Int32(k), 1, pa.baseAddress, Int32(a.shape[1]),
                                    pb.baseAddress, Int32(b.shape[1]), 0, out.baseAddress, Int32(n))
                    }
                }
            }
            count = m * n
        }
        return record(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b], shape: [m, n], scalars: s)
    }

    /// x·W + b, a dense layer's forward pass, for x [m, k], W [k, n] and b [n]: one sgemm into
    /// rows preloaded with b (β = 1). The same values as `x.matmul(W) + b` (one rounding of
    /// the product plus b either way), with one array and one tape node fewer.
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        precondition(x.rank == 2 && w.rank == 2 && b.rank == 1, "affine needs x [m, k], W [k, n], b [n]; got \(x.shape), \(w.shape), \(b.shape)")
        let (m, k, n) = (x.shape[0], x.shape[1], w.shape[1])
        precondition(w.shape[0] == k && b.shape[0] == n, "affine: x \(x.shape) · W \(w.shape) + b \(b.shape) do not fit")
        let s = [Float](unsafeUninitializedCapacity: m * n) { out, count in
            b.scalars.withUnsafeBufferPointer { pb in
                for row in 0..<m { (out.baseAddress! + row * n).update(from: pb.baseAddress!, count: n) }
            }
            if k > 0 && m > 0 && n > 0 {
                x.scalars.withUnsafeBufferPointer { px in
                    w.scalars.withUnsafeBufferPointer { pw in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k), 1,
                                    px.baseAddress, Int32(k), pw.baseAddress, Int32(n), 1, out.baseAddress, Int32(n))
                    }
                }
            }
            count = m * n
        }
        return record(.affine, [x, w, b], shape: [m, n], scalars: s)
    }

    /// Matrix product with a rank-2 right operand; a left operand of higher rank is treated as a
    /// batch of rows: [..., k] · [k, n] → [..., n].
    public func matmul(_ other: Tensor) -> Tensor {
        if rank == 2 { return Tensor.matmul(self, other) }
        precondition(rank >= 1, "matmul of a scalar")
        let lead = Array(shape.dropLast())
        return Tensor.matmul(reshaped([-1, shape[rank - 1]]), other).reshaped(lead + [other.shape[1]])
    }
}
