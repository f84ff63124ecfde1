import CredoPlot

/// `learning-curve.svg`: episode return against environment steps (each episode faintly, the
/// rolling mean of 100 boldly), and beneath it the log-variance of the policy-gradient estimate
/// (`pg_log_variance`) against steps, the quantity the estimators compete on.
///
/// Drawn from `metrics.csv`, so a resumed run's curve includes the steps before the resume. Long
/// runs are thinned to at most `maximumPoints` points a line (evenly spaced rows).
public enum LearningCurve {
    /// The most points one line keeps.
    public static let maximumPoints = 2_000

    /// The SVG for the metrics file at `metricsPath`.
    public static func svg(metricsPath: String, title: String) throws(RunError) -> String {
        let curves = try MetricsLog.curves(path: metricsPath)
        let returns = Series(name: "episode return", points: thin(curves.returns), color: "#9ecae1", width: 1, opacity: 0.8)
        let mean = Series(name: "mean of last 100", points: thin(rollingMean(curves.returns, window: 100)), color: "#08519c", width: 2)
        let variance = Series(name: "log-variance of the gradient", points: thin(curves.metric), color: "#d94801")
        return SVGLinePlot(panels: [
            .init(title: title, xLabel: "environment steps", yLabel: "return", series: [returns, mean]),
            .init(title: "Gradient estimator log-variance", xLabel: "environment steps", yLabel: "log variance", series: [variance]),
        ]).render()
    }

    private typealias Series = SVGLinePlot.Series

    /// The mean of the last `window` values (fewer at the start) at each point.
    static func rollingMean(_ points: [(x: Double, y: Double)], window: Int) -> [(x: Double, y: Double)] {
        var sum = 0.0
        return points.indices.map { index in
            sum += points[index].y
            if index >= window { sum -= points[index - window].y }
            return (points[index].x, sum / Double(min(index + 1, window)))
        }
    }

    /// At most `maximumPoints` evenly spaced points, always keeping the last one.
    static func thin(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        guard points.count > maximumPoints else { return points }
        let stride = Double(points.count - 1) / Double(maximumPoints - 1)
        return (0..<maximumPoints).map { points[Int((Double($0) * stride).rounded())] }
    }
}
