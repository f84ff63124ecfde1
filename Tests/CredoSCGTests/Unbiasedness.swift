import Testing
import CredoTensor

/// Mean and standard error of N independent gradient estimates, per component.
struct EstimateSummary {
    var mean: [Double]
    var standardError: [Double]

    init(count: Int, seed: UInt64 = 17, _ estimate: (inout RandomGenerator) -> [Float]) {
        var rng = RandomGenerator(seed: seed)
        var sum: [Double] = [], sumSq: [Double] = []
        for _ in 0..<count {
            let g = estimate(&rng).map(Double.init)
            if sum.isEmpty { sum = Array(repeating: 0, count: g.count); sumSq = sum }
            for (i, v) in g.enumerated() { sum[i] += v; sumSq[i] += v * v }
        }
        let n = Double(count)
        mean = sum.map { $0 / n }
        standardError = zip(sum, sumSq).map { s, q in (max(q / n - (s / n) * (s / n), 0) / (n - 1)).squareRoot() }
    }

    /// Expects every component within 4 standard errors of `exact` (plus Float32 rounding).
    func expectUnbiased(_ exact: [Float], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(exact.count == mean.count, "\(label): \(mean.count) components, exact has \(exact.count)", sourceLocation: sourceLocation)
        for (i, e) in exact.enumerated() {
            let tolerance = 4 * standardError[i] + 1e-5 * max(1, abs(Double(e)))
            #expect(abs(mean[i] - Double(e)) <= tolerance,
                    "\(label)[\(i)]: mean \(mean[i]) vs exact \(e) (SE \(standardError[i]))", sourceLocation: sourceLocation)
        }
    }

    /// Expects some component more than 6 standard errors away from `exact`: a measurable bias.
    func expectBiased(_ exact: [Float], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let z = exact.enumerated().map { i, e in abs(mean[i] - Double(e)) / max(standardError[i], 1e-12) }
        #expect(z.max()! > 6, "\(label): expected a measurable bias, largest z = \(z.max()!)", sourceLocation: sourceLocation)
    }
}

/// Per-row derivatives of a surrogate whose N rows each hold their own copy of d parameters
/// (a leaf [N, d]): the gradients [N][d] and the Hessians [N][d·d], one backward pass per order
/// (rows are independent, so the gradient of the summed i-th gradient column is row r's Hessian
/// row i).
func perRowDerivatives(_ surrogate: Tensor, _ leaf: Tensor) -> (g: [[Double]], h: [[Double]]) {
    let (n, d) = (leaf.shape[0], leaf.shape[1])
    let g = gradient(of: surrogate, wrt: leaf, createGraph: true)
    let rows = (0..<d).map { i in gradient(of: g.sliced(axis: 1, i..<(i + 1)).sum(), wrt: leaf).scalars }
    let gs = g.scalars
    return ((0..<n).map { r in (0..<d).map { Double(gs[r * d + $0]) } },
            (0..<n).map { r in (0..<d).flatMap { i in (0..<d).map { Double(rows[i][r * d + $0]) } } })
}

/// |mean − exact| / standard error for each component of N per-row estimates.
func zScores(_ x: [[Double]], _ exact: [Float]) -> [Double] {
    let n = Double(x.count)
    return (0..<exact.count).map { j in
        let column = x.map { $0[j] }
        let mean = column.reduce(0, +) / n
        let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        return abs(mean - Double(exact[j])) / max(sd / n.squareRoot(), 1e-9)
    }
}
