import CredoPrimitives

/// The running mean and (population) variance of a stream of vectors, coordinate by coordinate,
/// merged batch by batch with the parallel algorithm of Chan, Golub and LeVeque (1979), which is
/// Welford's update when the batch is one sample. For a running (μ_a, σ²_a, n_a) and a batch
/// (μ_b, σ²_b, n_b), with δ = μ_b − μ_a and n = n_a + n_b:
///
///     μ  = μ_a + δ n_b / n
///     σ² = (σ²_a n_a + σ²_b n_b + δ² n_a n_b / n) / n
///
/// As in Gymnasium's (and Baselines') `RunningMeanStd`, the statistics start at μ = 0, σ² = 1
/// with a pseudo-count ε = 1e-4, so the first normalisations are defined and the prior is
/// forgotten after a few samples. Accumulated in Double.
public struct RunningMeanStd: Equatable, Sendable {
    public private(set) var mean: [Double]
    public private(set) var variance: [Double]
    public private(set) var count: Double

    public init(size: Int, pseudoCount: Double = 1e-4) {
        precondition(size > 0 && pseudoCount > 0, "RunningMeanStd needs size > 0 and pseudoCount > 0")
        mean = Array(repeating: 0, count: size)
        variance = Array(repeating: 1, count: size)
        count = pseudoCount
    }

    /// The number of coordinates.
    public var size: Int { mean.count }

    /// Adds one sample (Welford's update).
    public mutating func update(_ sample: UnsafeBufferPointer<Float>) {
        precondition(sample.count == size, "a sample of \(sample.count) scalars for statistics of size \(size)")
        let total = count + 1
        for j in 0..<size {
            let delta = Double(sample[j]) - mean[j]
            mean[j] += delta / total
            variance[j] = (variance[j] * count + delta * delta * count / total) / total
        }
        count = total
    }

    /// Adds `samples.count / size` samples stored one after another (row-major [batch, size]):
    /// their moments (`batchMoments`), then one merge.
    public mutating func update(batch samples: UnsafeBufferPointer<Float>) {
        Self.checkBatch(samples.count, size: size)
        // Coordinate by coordinate: nothing allocated on this per-step path.
        let nB = Double(samples.count / size), total = count + nB
        for j in 0..<size {
            let batch = Self.coordinateMoments(samples, size: size, coordinate: j)
            fold(j, count: nB, total: total, mean: batch.mean, m2: batch.m2)
        }
        count = total
    }

    /// The moments of a batch of `size`-vectors stored row-major: its count, each coordinate's
    /// mean and sum of squared deviations M2 = Σ (x − mean)², by two passes in Double (what the
    /// ranks of a data-parallel run exchange).
    @inlinable
    public static func batchMoments<Scalar: BinaryFloatingPoint>(_ samples: UnsafeBufferPointer<Scalar>,
                                                                 size: Int) -> (count: Double, mean: [Double], m2: [Double]) {
        checkBatch(samples.count, size: size)
        var mean = [Double](repeating: 0, count: size), m2 = mean
        for j in 0..<size { (mean[j], m2[j]) = coordinateMoments(samples, size: size, coordinate: j) }
        return (Double(samples.count / size), mean, m2)
    }

    /// One coordinate's batch mean and M2, by two passes in Double.
    @inlinable
    public static func coordinateMoments<Scalar: BinaryFloatingPoint>(_ samples: UnsafeBufferPointer<Scalar>, size: Int,
                                                                      coordinate j: Int) -> (mean: Double, m2: Double) {
        let n = samples.count / size
        var sum = 0.0
        for i in 0..<n { sum += Double(samples[i * size + j]) }
        let mean = sum / Double(n)
        var squares = 0.0
        for i in 0..<n {
            let d = Double(samples[i * size + j]) - mean
            squares += d * d
        }
        return (mean, squares)
    }

    @inlinable
    static func checkBatch(_ scalars: Int, size: Int) {
        precondition(size > 0 && scalars % size == 0 && scalars > 0,
                     "a batch of \(scalars) scalars is not a whole number of samples of size \(size)")
    }

    /// Chan's merge, the one implementation every update goes through but the one-sample ones
    /// (Welford's, the same formula with n_b = 1 and M2_b = 0): folds in `count` samples of
    /// mean `batchMean` and sum of squared deviations `m2` (gathered elsewhere: a batch, another
    /// worker's or rank's statistics).
    public mutating func merge(count nB: Double, mean batchMean: [Double], m2: [Double]) {
        precondition(batchMean.count == size && m2.count == size, "merging moments of size \(batchMean.count) into size \(size)")
        let total = count + nB
        for j in 0..<size { fold(j, count: nB, total: total, mean: batchMean[j], m2: m2[j]) }
        count = total
    }

    /// Coordinate j of Chan's merge (`MomentsMerge`; before `count` becomes `total`).
    private mutating func fold(_ j: Int, count nB: Double, total: Double, mean batchMean: Double, m2: Double) {
        let merged = MomentsMerge.merged(count: count, mean: mean[j], m2: variance[j] * count, with: nB, mean: batchMean, m2: m2)
        mean[j] = merged.mean
        variance[j] = merged.m2 / total
    }

    /// Adds one scalar sample to statistics of size 1.
    public mutating func update(_ x: Double) {
        precondition(size == 1, "a scalar sample for statistics of size \(size)")
        let total = count + 1
        let delta = x - mean[0]
        mean[0] += delta / total
        variance[0] = (variance[0] * count + delta * delta * count / total) / total
        count = total
    }

    /// Merges statistics gathered elsewhere (another worker's, another copy's).
    public mutating func merge(_ other: RunningMeanStd) {
        precondition(other.size == size, "merging statistics of size \(other.size) into size \(size)")
        merge(count: other.count, mean: other.mean, m2: other.variance.map { $0 * other.count })
    }

    /// The state as named arrays, for checkpoints: "mean", "variance" and "count" (one scalar).
    public var namedArrays: [String: [Double]] {
        ["mean": mean, "variance": variance, "count": [count]]
    }

    /// Restores statistics saved with `namedArrays`.
    public init(namedArrays arrays: [String: [Double]]) throws {
        guard let mean = arrays["mean"], let variance = arrays["variance"], let count = arrays["count"] else {
            throw StatisticsRestoreError(message: "need arrays \"mean\", \"variance\" and \"count\", got \(arrays.keys.sorted())")
        }
        guard !mean.isEmpty, mean.count == variance.count, count.count == 1, count[0] > 0 else {
            throw StatisticsRestoreError(message:
                "need mean and variance of one nonzero size and one positive count, got sizes \(mean.count), \(variance.count), \(count.count)")
        }
        self.mean = mean
        self.variance = variance
        self.count = count[0]
    }
}

/// Saved normalisation statistics that cannot be restored.
public struct StatisticsRestoreError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "cannot restore running statistics: \(message)" }
}
