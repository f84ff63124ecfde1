import CCBLAS
import CredoKernels
import Foundation

/// Where matrix products run: `credo_sgemm_small` (CredoKernels) for products of at most
/// `limit` multiply-adds on CPUs with AVX2 and FMA, OpenBLAS's `cblas_sgemm` otherwise.
///
/// A small network's products (64 × 64 layers at a batch of 64) take OpenBLAS longer to pack
/// and dispatch than to multiply; the small kernel multiplies in place. Its rounding is
/// fixed (each element a fused multiply-add chain in index order), so results are the same on
/// every AVX2 CPU, but differ in the last bits from OpenBLAS's. It is the default; with
/// `CREDO_SMALL_GEMM=0` in the environment every product goes to OpenBLAS (the rounding of the
/// results measured before it became the default: docs/small-network-step.md says which).
public enum MatrixProducts {
    /// The largest m·n·k sent to the small kernel (about 2 M multiply-adds: a 256-row batch
    /// through a 64 × 64 layer is 1 M).
    public static let limit = 1 << 21

    /// The environment variable that chooses the path: 1 (or unset) the small kernel, 0 OpenBLAS.
    public static let settingVariable = "CREDO_SMALL_GEMM"

    /// What is wrong with `CREDO_SMALL_GEMM`'s value, naming the valid choices; nil when it is
    /// unset, 0 or 1. The programs check it before they start work (`usesSmallKernel` stops the
    /// process with this message if a product is reached first).
    public static let settingProblem: String? = {
        guard let value = ProcessInfo.processInfo.environment[settingVariable], value != "0", value != "1" else { return nil }
        return "\(settingVariable)=\(value) is not a valid setting; valid choices: 1 (the default: small products through "
            + "Credo's small-matrix kernel on CPUs with AVX2 and FMA) or 0 (every product through OpenBLAS)"
    }()

    /// Whether products up to `limit` use the small kernel in this process: on CPUs with AVX2 and
    /// FMA unless `CREDO_SMALL_GEMM` is 0.
    public static let usesSmallKernel: Bool = {
        if let settingProblem { fatalError(settingProblem) }
        return ProcessInfo.processInfo.environment[settingVariable] != "0" && smallKernelAvailable
    }()

    /// Whether this CPU can run the small kernel (x86-64 with AVX2 and FMA).
    public static let smallKernelAvailable = credo_sgemm_small_available() == 1

    /// The path in words, as checkpoints record it (`matrix_products`): `small-kernel` or `openblas`.
    /// A run continues bit for bit only on the path that wrote its checkpoint.
    public static var pathName: String { usesSmallKernel ? "small-kernel" : "openblas" }

    /// Whether an m × k by k × n product goes to the small kernel.
    @inline(__always)
    static func isSmall(m: Int, n: Int, k: Int) -> Bool {
        guard usesSmallKernel && m > 0 && n > 0 && k > 0 && m <= limit && n <= limit && k <= limit else { return false }
        return m * n <= limit && m * n * k <= limit
    }

    /// C = op(A)·op(B) (+ C when `accumulate`), row-major, as `cblas_sgemm` with α = 1 and β = 0 or 1.
    @inline(__always)
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         _ a: UnsafePointer<Float>?, lda: Int, _ b: UnsafePointer<Float>?, ldb: Int,
                         accumulate: Bool, _ c: UnsafeMutablePointer<Float>?, ldc: Int) {
        if isSmall(m: m, n: n, k: k),
           credo_sgemm_small(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb, accumulate ? 1 : 0,
                             nil, c, ldc) == 1 {
            return
        }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), accumulate ? 1 : 0, c, Int32(ldc))
    }
}

// Matrix products through `MatrixProducts.multiply`.
extension Tensor {
    /// C = op(A)·op(B) for rank-2 A and B, where op transposes when asked. The transposes are
    /// passed to the product kernel as flags (see `MatrixProducts`).
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
                        MatrixProducts.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                                pa.baseAddress, lda: a.shape[1], pb.baseAddress, ldb: b.shape[1],
                                                accumulate: false, out.baseAddress, ldc: n)
                    }
                }
            }
            count = m * n
        }
        return record(.matmul(transposeA: transposeA, transposeB: transposeB), [a, b], shape: [m, n], scalars: s)
    }

    /// x·W + b, a dense layer's forward pass, for x [m, k], W [k, n] and b [n]: one product into
    /// rows preloaded with b (β = 1). The same values as `x.matmul(W) + b` (one rounding of
    /// the product plus b either way), with one array and one tape node fewer.
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        let (m, n) = (x.shape.first ?? 0, w.shape.last ?? 0)
        return record(.affine, [x, w, b], shape: [m, n], scalars: affineScalars(x, w, b))
    }

    /// The scalars of x·W + b (shapes checked), optionally with `finish` applied in place to the
    /// m·n results before they are wrapped (a fused layer's activation).
    @inline(__always)
    internal static func affineScalars(_ x: Tensor, _ w: Tensor, _ b: Tensor,
                                       finish: ((UnsafeMutablePointer<Float>, Int) -> Void)? = nil) -> [Float] {
        precondition(x.rank == 2 && w.rank == 2 && b.rank == 1, "affine needs x [m, k], W [k, n], b [n]; got \(x.shape), \(w.shape), \(b.shape)")
        let (m, k, n) = (x.shape[0], x.shape[1], w.shape[1])
        precondition(w.shape[0] == k && b.shape[0] == n, "affine: x \(x.shape) · W \(w.shape) + b \(b.shape) do not fit")
        return [Float](unsafeUninitializedCapacity: m * n) { out, count in
            count = m * n
            defer { if let finish, m * n > 0 { finish(out.baseAddress!, m * n) } }
            // The small kernel adds b to each finished row itself (the same one rounding).
            if MatrixProducts.isSmall(m: m, n: n, k: k) {
                let done = x.scalars.withUnsafeBufferPointer { px in
                    w.scalars.withUnsafeBufferPointer { pw in
                        b.scalars.withUnsafeBufferPointer { pb in
                            credo_sgemm_small(0, 0, m, n, k, px.baseAddress, k, pw.baseAddress, n, 0, pb.baseAddress,
                                              out.baseAddress, n) == 1
                        }
                    }
                }
                if done { return }
            }
            b.scalars.withUnsafeBufferPointer { pb in
                for row in 0..<m { (out.baseAddress! + row * n).update(from: pb.baseAddress!, count: n) }
            }
            if k > 0 && m > 0 && n > 0 {
                x.scalars.withUnsafeBufferPointer { px in
                    w.scalars.withUnsafeBufferPointer { pw in
                        MatrixProducts.multiply(transposeA: false, transposeB: false, m: m, n: n, k: k,
                                                px.baseAddress, lda: k, pw.baseAddress, ldb: n,
                                                accumulate: true, out.baseAddress, ldc: n)
                    }
                }
            }
        }
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
