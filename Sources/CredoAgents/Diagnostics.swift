import Foundation
import CredoTensor

/// The last `capacity` finished episodes, for the rolling-100 mean return and length: the one
/// rolling window of Credo (trainers' reports, the run's progress and summary, the learning
/// curve, the benchmarks). Its means are sums of the values in the window, so a window restored
/// from its values gives the same bits as the one that kept running.
public struct EpisodeWindow: Equatable, Sendable {
    public let capacity: Int
    public private(set) var returns: [Double] = []
    public private(set) var lengths: [Double] = []

    public init(capacity: Int = 100) {
        precondition(capacity >= 1, "an episode window holds at least one episode")
        self.capacity = capacity
    }

    /// Adds a finished episode, dropping the oldest when the window is full.
    public mutating func append(totalReward: Double, length: Int) {
        append(totalReward)
        lengths.append(Double(length))
        if lengths.count > capacity { lengths.removeFirst(lengths.count - capacity) }
    }

    /// Adds a return whose length is not known (a window of returns only).
    public mutating func append(_ totalReward: Double) {
        returns.append(totalReward)
        if returns.count > capacity { returns.removeFirst(returns.count - capacity) }
    }

    /// Whether it holds `capacity` episodes (a rolling mean over a full window).
    public var isFull: Bool { returns.count == capacity }

    /// Restores a window saved from `returns` and `lengths` (empty: a window of returns only).
    public init(capacity: Int = 100, returns: [Double], lengths: [Double] = []) {
        self.capacity = capacity
        self.returns = Array(returns.suffix(capacity))
        self.lengths = Array(lengths.suffix(capacity))
    }

    /// The mean return of the window, nil when empty.
    public var meanReturn: Double? { returns.isEmpty ? nil : returns.reduce(0, +) / Double(returns.count) }
    public var meanLength: Double? { lengths.isEmpty ? nil : lengths.reduce(0, +) / Double(lengths.count) }
}

/// The log-variance of the policy-gradient estimate, the quantity the RELAX paper plots for its
/// RL experiments (Grathwohl et al., 2018, figure 3): exponential moving averages of the
/// gradient and of its square over updates, per parameter coordinate i,
///
///     m_i ← β m_i + (1 − β) g_i,   s_i ← β s_i + (1 − β) g_i²,
///     log Var = log mean_i (ŝ_i − m̂_i²),
///
/// with Adam's bias correction m̂ = m / (1 − βⁿ). Tracking over updates mixes in the drift of
/// the true gradient, which is small at the rates used, and costs nothing extra; both
/// estimators are measured the same way.
public struct GradientVarianceTracker: Equatable, Sendable {
    public let decay: Double
    public internal(set) var mean: [Double] = []
    public internal(set) var meanSquare: [Double] = []
    public internal(set) var count = 0

    public init(decay: Double) {
        precondition(decay > 0 && decay < 1, "the decay must be in (0, 1), got \(decay)")
        self.decay = decay
    }

    /// Adds one gradient (all parameters, flattened in a fixed order); returns the log-variance
    /// after it (nil until two gradients were seen).
    @discardableResult
    public mutating func add(_ gradients: [Tensor]) -> Double? {
        let size = gradients.reduce(0) { $0 + $1.count }
        if mean.isEmpty {
            mean = Array(repeating: 0, count: size)
            meanSquare = mean
        }
        precondition(size == mean.count, "gradient of \(size) scalars, tracker of \(mean.count)")
        count += 1
        // One pass over the gradients in place (no flattened copy): the averages move and the
        // variance is summed in the same order as `logVariance` sums it, so both agree to the bit.
        let (d, e) = (decay, 1 - decay)
        let correction = 1 - pow(decay, Double(count))
        var total = 0.0
        var offset = 0
        mean.withUnsafeMutableBufferPointer { mean in
            meanSquare.withUnsafeMutableBufferPointer { meanSquare in
                for tensor in gradients {
                    tensor.scalars.withUnsafeBufferPointer { g in
                        for j in g.indices {
                            let i = offset + j
                            let x = Double(g[j])
                            mean[i] = d * mean[i] + e * x
                            meanSquare[i] = d * meanSquare[i] + e * x * x
                            let m = mean[i] / correction
                            total += max(meanSquare[i] / correction - m * m, 0)
                        }
                        offset += g.count
                    }
                }
            }
        }
        guard count >= 2 else { return nil }
        return log(max(total / Double(mean.count), Double.leastNormalMagnitude))
    }

    public var logVariance: Double? {
        guard count >= 2 else { return nil }
        let correction = 1 - pow(decay, Double(count))
        var total = 0.0
        for i in mean.indices {
            let m = mean[i] / correction
            total += max(meanSquare[i] / correction - m * m, 0)
        }
        return log(max(total / Double(mean.count), Double.leastNormalMagnitude))
    }

    /// Restores a tracker saved from its fields.
    public init(decay: Double, mean: [Double], meanSquare: [Double], count: Int) {
        self.init(decay: decay)
        self.mean = mean
        self.meanSquare = meanSquare
        self.count = count
    }
}

/// The fraction of the targets' variance a critic explains, 1 − Var(Ĝ − V) / Var(Ĝ) (1 is a
/// perfect critic, 0 no better than a constant, negative worse); nil when Var(Ĝ) = 0.
public func explainedVariance(predictions: [Double], targets: [Double]) -> Double? {
    precondition(predictions.count == targets.count && !targets.isEmpty, "explained variance of mismatched arrays")
    func variance(_ x: [Double]) -> Double {
        let m = x.reduce(0, +) / Double(x.count)
        return x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count)
    }
    let v = variance(targets)
    guard v > 0 else { return nil }
    return 1 - variance(zip(targets, predictions).map { $0 - $1 }) / v
}

extension ActorCritic {
    /// The policy-gradient variance at the current policy, measured on one rollout: each of the
    /// B environment copies' rows gives an independent estimate ĝ_b of the same gradient (the
    /// surrogate restricted to that copy), and
    ///
    ///     log Var = log mean_i [1/(B−1) Σ_b (ĝ_{b,i} − ḡ_i)²],
    ///
    /// the per-copy variance (the batch estimate's is B times smaller). Unlike the moving
    /// average of `GradientVarianceTracker`, it compares estimators at the same policy and data.
    /// Costs B extra backward passes; nil with fewer than two copies.
    func acrossCopiesLogVariance(_ surrogate: (Tensor) -> Tensor, buffer: RolloutBuffer, parameters: [Tensor]) -> Double? {
        let b = buffer.environments
        guard b >= 2 else { return nil }
        var estimates: [[Float]] = []
        for copy in 0..<b {
            let m = Tensor((0..<buffer.count).map { $0 % b == copy ? buffer.mask[$0] : 0 })
            guard m.sum().scalar > 0 else { continue }
            estimates.append(gradients(of: surrogate(m), wrt: parameters).flatMap(\.scalars))
        }
        guard estimates.count >= 2 else { return nil }
        let n = Double(estimates.count), size = estimates[0].count
        var total = 0.0
        for i in 0..<size {
            var mean = 0.0
            for e in estimates { mean += Double(e[i]) }
            mean /= n
            var squares = 0.0
            for e in estimates { squares += (Double(e[i]) - mean) * (Double(e[i]) - mean) }
            total += squares / (n - 1)
        }
        return log(max(total / Double(size), Double.leastNormalMagnitude))
    }
}

/// The approximate KL divergence E_old[(ρ − 1) − log ρ] (Schulman's low-variance estimator,
/// non-negative) between the policy that collected the rows and the current one, from their
/// log-probabilities of the rows' actions, over the rows that count.
public func approximateKL(logProbs: [Float], behaviour: [Float], mask: [Float]) -> Double {
    var total = 0.0, count = 0.0
    for i in logProbs.indices where mask[i] > 0 {
        let logRatio = Double(logProbs[i]) - Double(behaviour[i])
        total += Foundation.exp(logRatio) - 1 - logRatio
        count += 1
    }
    return count > 0 ? total / count : 0
}
