import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// `pg_log_variance`: the log of the mean over parameters of the bias-corrected exponential
/// moving variance of the gradient, Var_i = E_β[g_i²] − E_β[g_i]² with E_β[x] = (1 − β) Σ_k β^(t−k) x_k
/// / (1 − β^t), against that formula computed directly from the whole history; a known-wrong
/// variant (no bias correction) must differ.
@Suite struct GradientVarianceTrackerTests {
    /// The formula over the history of flattened gradients, summed afresh from the weights.
    static func reference(_ history: [[Double]], decay β: Double, corrected: Bool = true) -> Double {
        let t = history.count
        let norm = corrected ? 1 - pow(β, Double(t)) : 1
        var total = 0.0
        for i in history[0].indices {
            var m = 0.0, s = 0.0
            for (k, g) in history.enumerated() {
                let w = (1 - β) * pow(β, Double(t - 1 - k))
                m += w * g[i]; s += w * g[i] * g[i]
            }
            total += max(s / norm - (m / norm) * (m / norm), 0)
        }
        return log(total / Double(history[0].count))
    }

    @Test func logVarianceFollowsTheFormula() {
        var tracker = GradientVarianceTracker(decay: 0.9)
        var history: [[Double]] = []
        for step in 0..<12 {
            // Two parameter tensors of 3 and 2 scalars, deterministic values.
            let a = (0..<3).map { Float(sin(Double(step * 3 + $0) * 1.7)) }
            let b = (0..<2).map { Float(cos(Double(step * 2 + $0) * 0.9)) * 0.5 }
            history.append((a + b).map(Double.init))
            let returned = tracker.add([Tensor(shape: [3], scalars: a), Tensor(shape: [1, 2], scalars: b)])
            if step == 0 {
                #expect(returned == nil, "one gradient has no variance")
                continue
            }
            let value = returned!
            #expect(value == tracker.logVariance, "add's value is the property's, to the bit")
            let expected = Self.reference(history, decay: 0.9)
            #expect(abs(value - expected) <= 1e-9 * abs(expected), "step \(step): \(value) vs \(expected)")
            if step < 6 {
                // Without the bias correction the early steps are off (β^t is not yet small).
                #expect(abs(value - Self.reference(history, decay: 0.9, corrected: false)) > 1e-3)
            }
        }
    }
}
