import CredoTensor
import Foundation

/// Per-parameter statistics of K independent gradient estimates, the quantity the RELAX and
/// HNCA papers plot: with ĝ_k ∈ ℝ^d (every parameter tensor flattened and concatenated),
///
///     mean_j     = (1/K) Σ_k ĝ_kj
///     variance_j = (1/(K − 1)) Σ_k (ĝ_kj − mean_j)²
///     meanVariance = (1/d) Σ_j variance_j,   logMeanVariance = log(meanVariance).
///
/// Sums are accumulated in Double (Welford's update, stable for any K).
public struct GradientVariance: Sendable {
    /// K.
    public let count: Int
    public let mean: [Double]
    public let variance: [Double]

    /// Summarises estimates already drawn, one flat vector each (at least two).
    public init(estimates: [[Float]]) {
        precondition(estimates.count >= 2, "a variance needs at least 2 estimates, got \(estimates.count)")
        let d = estimates[0].count
        var mean = [Double](repeating: 0, count: d), m2 = mean
        for (k, g) in estimates.enumerated() {
            precondition(g.count == d, "estimate \(k) has \(g.count) components, the first has \(d)")
            for j in 0..<d {
                let delta = Double(g[j]) - mean[j]
                mean[j] += delta / Double(k + 1)
                m2[j] += delta * (Double(g[j]) - mean[j])
            }
        }
        self.count = estimates.count
        self.mean = mean
        self.variance = m2.map { $0 / Double(estimates.count - 1) }
    }

    /// Draws K estimates from `estimate` (each a list of gradient tensors, e.g. one per parameter)
    /// with one generator, and summarises them.
    public init(count: Int, using rng: inout RandomGenerator, _ estimate: (inout RandomGenerator) -> [Tensor]) {
        self.init(estimates: (0..<count).map { _ in estimate(&rng).flatMap(\.scalars) })
    }

    /// K estimates of ∇_θ of the surrogate loss that `build` returns (a fresh graph per call):
    /// the variance of any estimator on any graph.
    public init(count: Int, of build: (inout RandomGenerator) -> Tensor, wrt parameters: [Tensor],
                using rng: inout RandomGenerator) {
        self.init(count: count, using: &rng) { gradients(of: build(&$0), wrt: parameters) }
    }

    /// The number of parameters d.
    public var dimension: Int { mean.count }
    /// (1/d) Σ_j Var(ĝ_j).
    public var meanVariance: Double { variance.reduce(0, +) / Double(max(dimension, 1)) }
    /// log of the mean per-parameter variance (natural log; −∞ for an exact estimator).
    public var logMeanVariance: Double { Foundation.log(meanVariance) }
    /// The standard error of each component of the mean, √(variance / K).
    public var standardError: [Double] { variance.map { ($0 / Double(count)).squareRoot() } }
}
