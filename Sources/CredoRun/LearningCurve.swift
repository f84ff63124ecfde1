import CredoAgents
import CredoPlot

/// `learning-curve.svg`: episode return against environment steps (each episode faintly, the
/// rolling mean of 100 boldly), and beneath it the log-variance of the policy-gradient estimate
/// (`pg_log_variance`) against steps, the quantity the estimators compete on.
///
/// The curve is kept in memory as the run goes (`add`), so redrawing it at a checkpoint costs
/// the same at step 10 million as at step 10 thousand: each line keeps at most `capacity`
/// points, every `stride`-th of its rows, the stride doubling (and every other kept point
/// dropping) whenever the line fills up, plus its latest point. A resumed run rebuilds the same
/// state once from `metrics.csv` (`init(rows:)`), so its curve equals the uninterrupted run's.
public struct LearningCurve {
    /// The most points one line keeps between two doublings of its stride.
    public static let capacity = 4_096
    /// The most points one line draws.
    public static let maximumPoints = 2_000
    /// The window of the rolling mean.
    public static let window = 100

    private var returns = ThinnedSeries()
    private var meanReturns = ThinnedSeries()
    private var metric = ThinnedSeries()
    private var recent = EpisodeWindow(capacity: window)

    /// An empty curve.
    public init() {}

    /// The curve of these `metrics.csv` rows (`MetricsLog.readRows`).
    public init(rows: [[String]]) {
        let column = MetricsLog.columns.firstIndex(of: "pg_log_variance")!
        for row in rows {
            guard let steps = Double(row[1]) else { continue }
            if row[0] == "episode", let value = Double(row[4]) {
                addReturn(value, at: steps)
            } else if row[0] == "update", let value = Double(row[column]) {
                addMetric(value, at: steps)
            }
        }
    }

    /// Adds the rows `MetricsLog.append` writes for one update.
    public mutating func add(_ report: UpdateReport, counters: TrainingCounters) {
        for episode in report.episodes { addReturn(episode.totalReward, at: Double(episode.environmentStep)) }
        if let value = report.metrics["pg_log_variance"] { addMetric(value, at: Double(counters.environmentSteps)) }
    }

    private mutating func addReturn(_ value: Double, at steps: Double) {
        guard value.isFinite else { return }
        returns.add((steps, value))
        recent.append(value)
        meanReturns.add((steps, recent.meanReturn!))
    }

    private mutating func addMetric(_ value: Double, at steps: Double) {
        if value.isFinite { metric.add((steps, value)) }
    }

    /// The SVG of the curve so far.
    public func svg(title: String) -> String {
        let returnSeries = Series(name: "episode return", points: returns.drawn, color: "#9ecae1", width: 1, opacity: 0.8)
        let mean = Series(name: "mean of last \(Self.window)", points: meanReturns.drawn, color: "#08519c", width: 2)
        let variance = Series(name: "log-variance of the gradient", points: metric.drawn, color: "#d94801")
        return SVGLinePlot(panels: [
            .init(title: title, xLabel: "environment steps", yLabel: "return", series: [returnSeries, mean]),
            .init(title: "Gradient estimator log-variance", xLabel: "environment steps", yLabel: "log variance", series: [variance]),
        ]).render()
    }

    /// The SVG for the metrics file at `metricsPath` (reads the whole file).
    public static func svg(metricsPath: String, title: String) throws(RunError) -> String {
        LearningCurve(rows: try MetricsLog.readRows(path: metricsPath)).svg(title: title)
    }

    private typealias Series = SVGLinePlot.Series

    /// Points kept at a stride that doubles as the line grows, and the latest point.
    struct ThinnedSeries {
        private(set) var kept: [(x: Double, y: Double)] = []
        private(set) var stride = 1
        private(set) var seen = 0
        private(set) var latest: (x: Double, y: Double)?

        mutating func add(_ point: (x: Double, y: Double)) {
            if seen % stride == 0 {
                kept.append(point)
                if kept.count > LearningCurve.capacity {
                    kept = kept.enumerated().compactMap { $0.offset % 2 == 0 ? $0.element : nil }
                    stride *= 2
                }
            }
            seen += 1
            latest = point
        }

        /// At most `maximumPoints` evenly spaced kept points, ending with the latest point.
        var drawn: [(x: Double, y: Double)] {
            var points = LearningCurve.thin(kept)
            if let latest, points.last.map({ $0 != latest }) ?? true { points.append(latest) }
            return points
        }
    }

    /// At most `maximumPoints` evenly spaced points, always keeping the last one.
    static func thin(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > maximumPoints else { return points }
        let stride = Double(points.count - 1) / Double(maximumPoints - 1)
        return (0..<maximumPoints).map { points[Int((Double($0) * stride).rounded())] }
    }
}
