import CredoPrimitives

/// Count, mean and sum of squared deviations (M2) of a stream of vectors, element-wise: what a
/// running observation or reward normaliser keeps. Two summaries merge exactly (up to rounding)
/// with Chan, Golub and LeVeque's pairwise formula, which is how ranks combine their statistics.
public struct RunningMoments: Equatable, Sendable {
    /// How many vectors were summarised (a Double, as Baselines' RunningMeanStd keeps it, so a
    /// fractional prior count such as 1e-4 is allowed).
    public var count: Double
    /// The element-wise mean.
    public var mean: [Double]
    /// The element-wise sum of squared deviations from `mean`: Σ (x - mean)².
    public var m2: [Double]

    public init(count: Double, mean: [Double], m2: [Double]) {
        precondition(mean.count == m2.count, "RunningMoments: mean has \(mean.count) elements, m2 \(m2.count)")
        self.count = count
        self.mean = mean
        self.m2 = m2
    }

    /// From a population variance (M2 / count), the form RunningMeanStd stores.
    public init(count: Double, mean: [Double], variance: [Double]) {
        self.init(count: count, mean: mean, m2: variance.map { $0 * count })
    }

    /// No observations of `dimension` elements.
    public init(dimension: Int) {
        self.init(count: 0, mean: Array(repeating: 0, count: dimension), m2: Array(repeating: 0, count: dimension))
    }

    /// The moments of `samples` (each of the same count), computed in one pass with Welford's update.
    public init(samples: [[Double]]) {
        self.init(dimension: samples.first?.count ?? 0)
        for x in samples {
            count += 1
            for i in mean.indices {
                let delta = x[i] - mean[i]
                mean[i] += delta / count
                m2[i] += delta * (x[i] - mean[i])
            }
        }
    }

    public var dimension: Int { mean.count }

    /// The population variance M2 / count (0 when nothing was observed).
    public var variance: [Double] { count > 0 ? m2.map { $0 / count } : m2.map { _ in 0 } }

    /// Both summaries as one (Chan et al. 1979, `MomentsMerge`): with n = nₐ + n_b and
    /// δ = mean_b − meanₐ,
    ///
    ///     mean = meanₐ + δ · n_b / n,    M2 = M2ₐ + M2_b + δ² · nₐ n_b / n.
    public func merged(with other: RunningMoments) -> RunningMoments {
        precondition(dimension == other.dimension,
                     "RunningMoments.merged: dimensions \(dimension) and \(other.dimension) differ")
        if other.count == 0 { return self }
        if count == 0 { return other }
        let n = count + other.count
        var result = self
        result.count = n
        for i in mean.indices {
            (result.mean[i], result.m2[i]) = MomentsMerge.merged(count: count, mean: mean[i], m2: m2[i],
                                                                 with: other.count, mean: other.mean[i], m2: other.m2[i])
        }
        return result
    }
}

extension Communicator {
    /// Every rank's `local` moments merged, the same bits on every rank: one allgather of
    /// (count, mean, M2), then Chan's merge folded in rank order (0, 1, 2, ...). Merge each
    /// update's batch moments this way, then fold the result into the running statistics on
    /// every rank, and the normalisers stay identical across ranks.
    public func mergeMoments(_ local: RunningMoments) throws -> RunningMoments {
        let all = try allgather([local.count] + local.mean + local.m2)
        let counts = all.map(\.count)
        guard counts.allSatisfy({ $0 == counts[0] }) else {
            throw CommunicatorError.countMismatch(operation: "mergeMoments", counts: counts.map { ($0 - 1) / 2 })
        }
        let d = local.dimension
        let perRank = all.map { RunningMoments(count: $0[0], mean: Array($0[1 ..< 1 + d]), m2: Array($0[(1 + d)...])) }
        return perRank.dropFirst().reduce(perRank[0]) { $0.merged(with: $1) }
    }
}
