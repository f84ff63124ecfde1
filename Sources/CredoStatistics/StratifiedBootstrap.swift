import CredoPrimitives

/// Stratified bootstrap confidence intervals, rliable's `get_interval_estimates`: each
/// resample draws, independently within every task, as many runs as the task has, with
/// replacement (arch's `IIDBootstrap` stratified by task, rliable's `StratifiedBootstrap`),
/// and applies the aggregate; the interval is the percentile method's: the (1 − c)/2 and
/// (1 + c)/2 quantiles of the resampled aggregates (NumPy's linear rule), c = 0.95 by default.
public struct StratifiedBootstrap: Sendable {
    /// The number of resamples.
    public var resamples: Int
    /// The confidence level c of the interval.
    public var confidence: Double
    /// The generator's seed: the same seed, scores and aggregate give the same interval.
    public var seed: UInt64

    /// The point estimate and its interval.
    public struct Estimate: Sendable, Equatable, Codable {
        public var point: Double
        public var lower: Double
        public var upper: Double
        public init(point: Double, lower: Double, upper: Double) {
            self.point = point
            self.lower = lower
            self.upper = upper
        }
    }

    public init(resamples: Int = 2_000, confidence: Double = 0.95, seed: UInt64 = 0) {
        precondition(resamples >= 1, "a bootstrap needs at least one resample")
        precondition(confidence > 0 && confidence < 1, "the confidence level must be in (0, 1)")
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// The aggregate of every resample of `scores[task][run]`, one vector-valued aggregate
    /// at a time (a performance profile gives one value per threshold). Tasks without runs are
    /// left out.
    public func resampledAggregates(_ scores: [[Double]], _ aggregate: ([[Double]]) -> [Double]) -> [[Double]] {
        let tasks = scores.filter { !$0.isEmpty }
        var generator = RandomGenerator(seed: seed)
        var resample = tasks
        var results: [[Double]] = []
        results.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for (task, runs) in tasks.enumerated() {
                for run in runs.indices { resample[task][run] = runs[generator.int(below: runs.count)] }
            }
            results.append(aggregate(resample))
        }
        return results
    }

    /// The point estimate of `aggregate` on `scores` and its percentile interval.
    public func estimate(_ scores: [[Double]], _ aggregate: ([[Double]]) -> Double) -> Estimate {
        estimates(scores) { [aggregate($0)] }[0]
    }

    /// Point estimates and intervals of a vector-valued aggregate, element by element.
    public func estimates(_ scores: [[Double]], _ aggregate: ([[Double]]) -> [Double]) -> [Estimate] {
        let points = aggregate(scores.filter { !$0.isEmpty })
        let draws = resampledAggregates(scores, aggregate)
        let alpha = 1 - confidence
        return points.indices.map { element in
            let sorted = draws.map { $0[element] }.sorted()
            return Estimate(point: points[element], lower: Aggregate.sortedQuantile(sorted, alpha / 2),
                            upper: Aggregate.sortedQuantile(sorted, 1 - alpha / 2))
        }
    }
}
