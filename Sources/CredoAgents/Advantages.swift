import CredoTensor

/// The conventional scalar reported as the policy loss: −mean mask · log π · Â (its value,
/// unlike the MagicBox surrogate's, moves with the policy).
public func reportedPolicyLoss(logProbs: [Float], advantages: [Double], mask: [Float]) -> Double {
    var total = 0.0, count = 0.0
    for i in logProbs.indices where mask[i] > 0 {
        total -= Double(logProbs[i]) * advantages[i]
        count += 1
    }
    return count > 0 ? total / count : 0
}

/// Standardises advantages over the rows that count: (Â − mean) / (std + 1e-8).
public func standardized(_ x: [Double], mask: [Float]) -> [Double] {
    let kept = zip(x, mask).filter { $0.1 > 0 }.map(\.0)
    guard kept.count > 1 else { return x }
    let m = kept.reduce(0, +) / Double(kept.count)
    let s = (kept.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(kept.count)).squareRoot()
    return x.map { ($0 - m) / (s + 1e-8) }
}

/// A [N] Float tensor from Doubles.
@inline(__always)
func floatTensor(_ x: [Double]) -> Tensor { Tensor(x.map(Float.init)) }
