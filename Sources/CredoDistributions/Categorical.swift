import CredoTensor
import Foundation

/// The categorical distribution over the last axis of `logits`.
///
/// With logits ℓ of shape [..., k], every row is one distribution over the classes 0..<k:
///
///     p(i) = softmax(ℓ)_i = e^(ℓ_i) / Σ_j e^(ℓ_j),   log p(i) = ℓ_i − logsumexp(ℓ).
///
/// The leading axes are the batch: logits [batch, k] give `batch` distributions, logits [k] one.
/// Draws are class indices, one per row in row-major order. Masking a class by a very negative
/// finite logit (say −1e9) works; −∞ does not (0 · −∞ in the entropy).
public struct Categorical: Distribution, Sendable {
    /// The unnormalised log-probabilities, shape [..., k].
    public let logits: Tensor

    public init(logits: Tensor) {
        precondition(logits.rank >= 1 && logits.shape.last! >= 1,
                     "Categorical needs logits of shape [..., k] with k >= 1, got \(logits.shape)")
        self.logits = logits
    }

    /// The number of classes k.
    public var classCount: Int { logits.shape.last! }
    /// The shape of one log-probability per row: the logits' shape without the last axis.
    public var batchShape: [Int] { Array(logits.shape.dropLast()) }
    /// The number of rows (independent distributions).
    public var rowCount: Int { logits.count / classCount }

    /// log p(i) = ℓ_i − logsumexp(ℓ), shape [..., k] (the fused, stable log-softmax).
    public var logProbabilities: Tensor { logits.logSoftmax(axis: -1) }
    /// p(i) = softmax(ℓ)_i, shape [..., k].
    public var probabilities: Tensor { logits.softmax(axis: -1) }
    /// The most probable class of each row.
    public var mode: [Int] { logits.argmax() }

    /// One class per row by inverting the CDF with one uniform draw: the first i with
    /// Σ_{j≤i} p_j > u. The running sum is kept in Double.
    public func sample(using generator: inout RandomGenerator) -> [Int] {
        let p = probabilities.scalars, k = classCount
        return (0..<rowCount).map { row in
            let base = row * k
            var total = 0.0
            for j in 0..<k { total += Double(p[base + j]) }
            let u = generator.uniformDouble() * total
            var cumulative = 0.0, last = 0
            for j in 0..<k where p[base + j] > 0 {
                cumulative += Double(p[base + j])
                last = j
                if u < cumulative { return j }
            }
            return last  // u within rounding of the total: the last class with positive mass
        }
    }

    /// log p(i_r) for the class `classes[r]` of each row r; shape `batchShape` (a scalar for
    /// logits of shape [k]). Differentiable with respect to the logits:
    /// ∂ log p(i)/∂ℓ_j = 1[i = j] − p_j.
    public func logProb(_ classes: [Int]) -> Tensor {
        precondition(classes.count == rowCount, "\(classes.count) classes for \(rowCount) rows")
        return logProbabilities.gathered(alongLastAxis: classes)
    }

    /// `logProb(_:)`'s values as scalars, off the tape: ℓ_c − logsumexp(ℓ) per row, without
    /// building the [N, k] log-probabilities (an agent's rollout asks once per step).
    public func logProbabilityScalars(_ classes: [Int]) -> [Float] {
        precondition(classes.count == rowCount, "\(classes.count) classes for \(rowCount) rows")
        let k = classCount, l = logits.scalars
        return l.withUnsafeBufferPointer { p in
            classes.enumerated().map { row, c in
                precondition(c >= 0 && c < k, "class \(c) out of range 0..<\(k)")
                let x = UnsafeBufferPointer(rebasing: p[(row * k)..<((row + 1) * k)])
                return x[c] - Tensor.logSumExp(ofRow: x)
            }
        }
    }

    /// The Shannon entropy H = −Σ_i p_i log p_i of each row, shape `batchShape`.
    public func entropy() -> Tensor {
        -(probabilities * logProbabilities).sum(axis: -1)
    }
}
