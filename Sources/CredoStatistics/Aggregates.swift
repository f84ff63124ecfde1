/// The point estimates of rliable (Agarwal et al., 2021, "Deep RL at the Edge of the Statistical
/// Precipice"), over scores kept per task: `scores[task][run]`. Tasks may hold different numbers
/// of runs; every aggregate here is defined on the flattened or per-task scores as rliable's is.
public enum Aggregate {
    /// The interquartile mean: the mean of the middle half of all runs of all tasks together,
    /// rliable's `aggregate_iqm`, i.e. `scipy.stats.trim_mean(x, 0.25)` over the flattened
    /// scores: sort the n values, drop ⌊n/4⌋ from each end, average the rest.
    public static func interquartileMean(_ scores: [[Double]]) -> Double {
        trimmedMean(scores.flatMap { $0 }, proportion: 0.25)
    }

    /// The mean of the values left after dropping ⌊proportion · n⌋ of the sorted values from
    /// each end (`scipy.stats.trim_mean`). NaN for no values.
    public static func trimmedMean(_ values: [Double], proportion: Double) -> Double {
        precondition((0..<0.5).contains(proportion), "the proportion cut from each end must be in [0, 0.5)")
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let cut = Int(proportion * Double(sorted.count))
        let middle = sorted[cut..<(sorted.count - cut)]
        return middle.reduce(0, +) / Double(middle.count)
    }

    /// The mean over tasks of each task's mean score (rliable's `aggregate_mean`).
    public static func mean(_ scores: [[Double]]) -> Double {
        let taskMeans = scores.map { $0.reduce(0, +) / Double($0.count) }
        return taskMeans.reduce(0, +) / Double(taskMeans.count)
    }

    /// The median over tasks of each task's mean score (rliable's `aggregate_median`).
    public static func median(_ scores: [[Double]]) -> Double {
        quantile(scores.map { $0.reduce(0, +) / Double($0.count) }, 0.5)
    }

    /// The `q`-quantile with linear interpolation between order statistics (NumPy's default
    /// `np.percentile`): position h = (n − 1) q, value x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎).
    /// NaN for no values.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        precondition((0...1).contains(q), "a quantile must be in [0, 1]")
        guard !values.isEmpty else { return .nan }
        return sortedQuantile(values.sorted(), q)
    }

    /// `quantile` of values already sorted ascending.
    public static func sortedQuantile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * q
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The median and interquartile range (the 25th and 75th percentiles, NumPy's linear rule)
    /// of plain values, e.g. steps to a goal over seeds.
    public static func medianAndQuartiles(_ values: [Double]) -> (median: Double, lower: Double, upper: Double) {
        let sorted = values.sorted()
        return (sortedQuantile(sorted, 0.5), sortedQuantile(sorted, 0.25), sortedQuantile(sorted, 0.75))
    }
}
