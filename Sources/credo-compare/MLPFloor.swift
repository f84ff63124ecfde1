import ArgumentParser
import CCBLAS
import CredoKernels
import CredoTensor

/// The arithmetic floor of `mlp`'s step: the kernels that step cannot avoid, timed alone on
/// preallocated buffers with no tape, no allocation and no bookkeeping. For 4→64→64→2 at `--batch`
/// rows: the eight matrix products (three forward with the bias; backward, each layer's weight
/// gradient xᵀ·δ and the input gradient δ·Wᵀ of the two upper layers), the tanh of the two hidden
/// layers, tanh's backward rule on both and Adam over the 4 610 parameters. The products are timed
/// through the small kernel (`credo_sgemm_small`, the default) and through OpenBLAS; the step
/// cannot be faster than the products plus the rest on either path (docs/small-network-step.md).
struct MLPFloor: Workload {
    static let configuration = CommandConfiguration(
        commandName: "mlp-floor", abstract: "The unavoidable kernels of the MLP 4-64-64-2 step, microseconds.")

    @Option(help: "Rows per batch (1...4096).") var batch = 64
    @Option(help: "Seconds to measure each part for.") var seconds = 0.5

    func validate() throws {
        guard (1...4096).contains(batch) else { throw ValidationError("--batch must be in 1...4096 (got \(batch))") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
    }

    func measure() throws -> WorkloadResult {
        openblas_set_num_threads(1)
        let sizes = [4, 64, 64, 2], b = batch
        var rng = RandomGenerator(seed: 0)
        func random(_ n: Int) -> [Float] { (0..<n).map { _ in Float(rng.standardNormal()) * 0.1 } }
        // Per layer l (in → out): its input x_l (B × in), weights W_l (in × out), bias, output z_l
        // (B × out), the output's gradient δ_l, the input's gradient, and the weight gradient.
        let layers = sizes.count - 1
        let inputs = (0..<layers).map { random(b * sizes[$0]) }
        let weights = (0..<layers).map { random(sizes[$0] * sizes[$0 + 1]) }
        let biases = (0..<layers).map { random(sizes[$0 + 1]) }
        var outputs = (0..<layers).map { [Float](repeating: 0, count: b * sizes[$0 + 1]) }
        let deltas = (0..<layers).map { random(b * sizes[$0 + 1]) }
        var inputGradients = (0..<layers).map { [Float](repeating: 0, count: b * sizes[$0]) }
        var weightGradients = (0..<layers).map { [Float](repeating: 0, count: sizes[$0] * sizes[$0 + 1]) }

        func products(small: Bool) {
            for l in 0..<layers {
                let k = sizes[l], n = sizes[l + 1]
                product(small, false, false, b, n, k, inputs[l], weights[l], biases[l], &outputs[l])
                product(small, true, false, k, n, b, inputs[l], deltas[l], nil, &weightGradients[l])
                if l > 0 { product(small, false, true, b, k, n, deltas[l], weights[l], nil, &inputGradients[l]) }
            }
        }
        let smallAvailable = credo_sgemm_small_available() == 1
        let kernel = smallAvailable ? microsecondsPerCall(minimumSeconds: seconds) { products(small: true) } : .nan
        let blas = microsecondsPerCall(minimumSeconds: seconds) { products(small: false) }

        // tanh forward on the two hidden layers' outputs (in place), and its backward rule.
        let hidden = (0..<layers - 1).map { b * sizes[$0 + 1] }
        var scratch = hidden.map { random($0) }
        let tanh = microsecondsPerCall(minimumSeconds: seconds) {
            for i in scratch.indices { scratch[i].withUnsafeMutableBufferPointer { credo_tanh_inplace($0.baseAddress, $0.count) } }
        }
        var backward = hidden.map { [Float](repeating: 0, count: $0) }
        let tanhBackward = microsecondsPerCall(minimumSeconds: seconds) {
            for i in backward.indices {
                deltas[i].withUnsafeBufferPointer { g in
                    scratch[i].withUnsafeBufferPointer { y in
                        backward[i].withUnsafeMutableBufferPointer { credo_tanh_backward(g.baseAddress, y.baseAddress, $0.baseAddress, y.count) }
                    }
                }
            }
        }
        // Adam over every parameter (weights and biases), one call per tensor as the optimizer makes.
        let counts = (0..<layers).flatMap { [sizes[$0] * sizes[$0 + 1], sizes[$0 + 1]] }
        var parameters = counts.map { random($0) }, m = counts.map { [Float](repeating: 0, count: $0) }
        var v = m
        let gradients = counts.map { random($0) }
        let adam = microsecondsPerCall(minimumSeconds: seconds) {
            for i in parameters.indices {
                parameters[i].withUnsafeMutableBufferPointer { p in
                    m[i].withUnsafeMutableBufferPointer { mm in
                        v[i].withUnsafeMutableBufferPointer { vv in
                            credo_adam_update(p.baseAddress, gradients[i], mm.baseAddress, vv.baseAddress, p.count,
                                              0.9, 0.999, 1e-3, 1, 1e-8)
                        }
                    }
                }
            }
        }
        let multiplyAdds = (0..<layers).reduce(0) { $0 + b * sizes[$1] * sizes[$1 + 1] * ($1 > 0 ? 3 : 2) }
        let rest = tanh + tanhBackward + adam
        let floor = (smallAvailable ? kernel : blas) + rest
        return WorkloadResult(
            value: floor, unit: "us/step",
            what: "MLP 4-64-64-2 step's unavoidable kernels (products, tanh, tanh backward, Adam), batch \(batch), 1 thread",
            extra: ["products_small_kernel_us": kernel, "products_openblas_us": blas, "tanh_us": tanh,
                    "tanh_backward_us": tanhBackward, "adam_us": adam, "multiply_adds": multiplyAdds,
                    "small_kernel_gflops": smallAvailable ? 2 * Double(multiplyAdds) / kernel / 1e3 : .nan,
                    "openblas_gflops": 2 * Double(multiplyAdds) / blas / 1e3])
    }

    /// C = op(A)·op(B) (+ bias on every row) through the small kernel or OpenBLAS.
    private func product(_ small: Bool, _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
                         _ a: [Float], _ b: [Float], _ bias: [Float]?, _ c: inout [Float]) {
        let lda = transposeA ? m : k, ldb = transposeB ? k : n
        if small {
            let done = c.withUnsafeMutableBufferPointer { out in
                (bias ?? []).withUnsafeBufferPointer { row in
                    credo_sgemm_small(transposeA ? 1 : 0, transposeB ? 1 : 0, m, n, k, a, lda, b, ldb, 0,
                                      bias == nil ? nil : row.baseAddress, out.baseAddress, n)
                }
            }
            precondition(done == 1, "credo_sgemm_small declined a \(m)×\(k)·\(k)×\(n) product")
            return
        }
        c.withUnsafeMutableBufferPointer { out in
            if let bias { for i in 0..<m { for j in 0..<n { out[i * n + j] = bias[j] } } }
            cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                        Int32(m), Int32(n), Int32(k), 1, a, Int32(lda), b, Int32(ldb), bias == nil ? 0 : 1, out.baseAddress, Int32(n))
        }
    }
}
