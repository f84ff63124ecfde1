import CredoTensor
import Foundation
import Testing

/// Monte Carlo checks with tolerances of four standard errors: a correct sampler fails one of
/// them with probability about 6e-5, and with fixed seeds the outcome is the same on every run.
enum SampleStatistics {
    /// Column j of a row-major [n, width] array.
    static func column(_ scalars: [Float], width: Int, _ j: Int) -> [Double] {
        stride(from: j, to: scalars.count, by: width).map { Double(scalars[$0]) }
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    static func variance(_ xs: [Double]) -> Double {
        let m = mean(xs)
        return xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
    }

    /// |p̂ − p| ≤ 4 √(p(1 − p)/n) for the fraction p̂ of `hits` among `n` draws.
    static func expectFraction(_ hits: Int, of n: Int, equals p: Double, _ what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let observed = Double(hits) / Double(n)
        let tolerance = 4 * (p * (1 - p) / Double(n)).squareRoot()
        #expect(Swift.abs(observed - p) <= tolerance,
                "\(what): observed \(observed), expected \(p) ± \(tolerance)", sourceLocation: sourceLocation)
    }

    /// The sample mean within 4 standard errors of `mean`, for a law of variance `variance`.
    static func expectMean(_ xs: [Double], equals expected: Double, variance: Double, _ what: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let tolerance = 4 * (variance / Double(xs.count)).squareRoot()
        let observed = mean(xs)
        #expect(Swift.abs(observed - expected) <= tolerance,
                "\(what): mean \(observed), expected \(expected) ± \(tolerance)", sourceLocation: sourceLocation)
    }

    /// The sample variance within 4 standard errors of σ², for a law with kurtosis
    /// μ₄/σ⁴ = `kurtosis`: SE(s²) ≈ σ² √((kurtosis − 1)/n).
    static func expectVariance(_ xs: [Double], equals expected: Double, kurtosis: Double, _ what: String,
                               sourceLocation: SourceLocation = #_sourceLocation) {
        let tolerance = 4 * expected * ((kurtosis - 1) / Double(xs.count)).squareRoot()
        let observed = variance(xs)
        #expect(Swift.abs(observed - expected) <= tolerance,
                "\(what): variance \(observed), expected \(expected) ± \(tolerance)", sourceLocation: sourceLocation)
    }

    /// The empirical CDF at each of `points` against `cdf`, each within 4 standard errors.
    static func expectCDF(_ xs: [Double], _ cdf: (Double) -> Double, at points: [Double], _ what: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        for x in points {
            expectFraction(xs.count(where: { $0 <= x }), of: xs.count, equals: cdf(x), "\(what) CDF at \(x)",
                           sourceLocation: sourceLocation)
        }
    }

    static func sigmoid(_ x: Double) -> Double { 1 / (1 + Foundation.exp(-x)) }
    /// The Gumbel(location, 1) CDF exp(−e^(−(x − location))).
    static func gumbelCDF(_ x: Double, location: Double) -> Double { Foundation.exp(-Foundation.exp(-(x - location))) }
    static let eulerGamma = 0.577_215_664_901_532_9
}

/// Expects two arrays of scalars to agree to within `tolerance` (relative above 1).
func expectClose(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5, _ what: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, "\(what): \(a.count) vs \(b.count) values", sourceLocation: sourceLocation)
    for (x, y) in zip(a, b) {
        #expect(Swift.abs(x - y) <= tolerance * Swift.max(1, Swift.abs(y)), "\(what): \(a) vs \(b)",
                sourceLocation: sourceLocation)
    }
}
