import CredoKernels
import CredoTestSupport
import Testing
@testable import CredoTensor

/// The small-matrix product kernel (`credo_sgemm_small`, used by `Tensor.matmul` and
/// `Tensor.affine` up to `MatrixProducts.limit` multiply-adds): every element is the fused
/// multiply-add chain over the inner index in order, bit for bit, in every transposition, at
/// tile edges (rows not a multiple of 6, columns not a multiple of 8 or 16) and when
/// accumulating onto a bias.
@Suite struct SmallMatrixKernelTests {
    /// op(A)(i, p)·op(B)(p, j) summed as fma(a, b, acc) from +0 in the order `ps`.
    static func chain(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool, order ps: [Int]) -> [Float] {
        let m = transposeA ? a.shape[1] : a.shape[0], n = transposeB ? b.shape[0] : b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var acc: Float = 0
                for p in ps {
                    let x = transposeA ? a.scalars[p * a.shape[1] + i] : a.scalars[i * a.shape[1] + p]
                    let y = transposeB ? b.scalars[j * b.shape[1] + p] : b.scalars[p * b.shape[1] + j]
                    acc = acc.addingProduct(x, y)
                }
                out[i * n + j] = acc
            }
        }
        return out
    }

    /// The kernel itself, called directly (`Tensor.matmul` uses it by default; `CREDO_SMALL_GEMM=0` turns that off), on packed operands.
    static func small(_ a: Tensor, _ b: Tensor, transposeA ta: Bool, transposeB tb: Bool, bias: Tensor? = nil) -> [Float] {
        let m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1], n = tb ? b.shape[0] : b.shape[1]
        var out = [Float](repeating: 0, count: m * n)
        let biasScalars = bias?.scalars ?? []
        let done = a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                biasScalars.withUnsafeBufferPointer { pbias in
                    out.withUnsafeMutableBufferPointer { po in
                        credo_sgemm_small(ta ? 1 : 0, tb ? 1 : 0, m, n, k, pa.baseAddress, a.shape[1], pb.baseAddress, b.shape[1],
                                          0, bias == nil ? nil : pbias.baseAddress, po.baseAddress, n)
                    }
                }
            }
        }
        precondition(done == 1, "the small kernel did not run")
        return out
    }

    static let shapes: [(m: Int, k: Int, n: Int)] = [
        (1, 1, 1), (5, 3, 7), (6, 64, 16), (7, 9, 17), (13, 100, 33), (64, 64, 64), (64, 64, 2), (64, 4, 64), (4, 64, 64),
    ]

    @Test(.enabled(if: credo_sgemm_small_available() == 1, "needs AVX2 and FMA"))
    func productsAreTheFusedChainInIndexOrder() {
        var c = GradientCheck(seed: 7)
        for (m, k, n) in Self.shapes {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = c.randomTensor(ta ? [k, m] : [m, k]), b = c.randomTensor(tb ? [n, k] : [k, n])
                let product = Self.small(a, b, transposeA: ta, transposeB: tb)
                let expected = Self.chain(a, b, transposeA: ta, transposeB: tb, order: Array(0..<k))
                #expect(product == expected, "m \(m) k \(k) n \(n) transposeA \(ta) transposeB \(tb)")
            }
            // The affine layer adds the bias to the finished chain, one rounding.
            let x = c.randomTensor([m, k]), w = c.randomTensor([k, n]), bias = c.randomTensor([n])
            let chain = Self.chain(x, w, transposeA: false, transposeB: false, order: Array(0..<k))
            let expected = chain.enumerated().map { $0.element + bias.scalars[$0.offset % n] }
            #expect(Self.small(x, w, transposeA: false, transposeB: false, bias: bias) == expected, "affine m \(m) k \(k) n \(n)")
        }
    }

    /// Negative control: the exact comparison above can fail. Summing the same products in
    /// reverse order changes the last bits of some elements of a 64 × 64 × 64 product.
    @Test(.enabled(if: credo_sgemm_small_available() == 1, "needs AVX2 and FMA"))
    func anotherSummationOrderIsDetected() {
        var c = GradientCheck(seed: 8)
        let a = c.randomTensor([64, 64]), b = c.randomTensor([64, 64])
        let reversed = Self.chain(a, b, transposeA: false, transposeB: false, order: Array((0..<64).reversed()))
        #expect(Self.small(a, b, transposeA: false, transposeB: false) != reversed)
    }

    /// Above the limit products go to OpenBLAS; both agree with a Double reference to Float32
    /// accuracy (|error| ≤ k · 2⁻²³ · Σ|a||b| per element, the standard bound).
    @Test func largeAndSmallProductsAgreeWithDoublePrecision() {
        var c = GradientCheck(seed: 9)
        for (m, k, n) in [(64, 64, 64), (300, 100, 80)] {
            let a = c.randomTensor([m, k]), b = c.randomTensor([k, n])
            let product = Tensor.matmul(a, b)
            for i in stride(from: 0, to: m, by: 7) {
                for j in stride(from: 0, to: n, by: 5) {
                    var exact = 0.0, magnitude = 0.0
                    for p in 0..<k {
                        let t = Double(a.scalars[i * k + p]) * Double(b.scalars[p * n + j])
                        exact += t
                        magnitude += Swift.abs(t)
                    }
                    let bound = Double(k) * 0x1p-23 * magnitude
                    #expect(Swift.abs(Double(product.scalars[i * n + j]) - exact) <= bound, "m \(m) (\(i), \(j))")
                }
            }
        }
        #expect(300 * 100 * 80 > MatrixProducts.limit)
    }
}
