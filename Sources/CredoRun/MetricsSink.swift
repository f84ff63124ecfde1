import Foundation

/// A writer fed every `metrics.csv` row as `MetricsLog` makes it, and flushed whenever the
/// log is (so before every checkpoint): the seam through which a run also writes other formats
/// (TensorBoard's event files) without the training session knowing of them.
///
/// A row is its fields in `MetricsLog.columns` order, exactly as written to the file, so a sink
/// can be rebuilt from the file alone (`MetricsLog.resume` hands a resumed run's sinks the
/// rows kept up to its checkpoint).
public protocol MetricsSink: AnyObject {
    /// One row, fields in `MetricsLog.columns` order.
    func add(row: [String])
    /// Makes everything added so far durable.
    func flush() throws(RunError)
}

extension MetricsLog {
    /// The sinks every run's metrics feed: the TensorBoard event file beside `metricsPath`.
    static func defaultSinks(metricsPath: String, keptRows: [[String]]) throws(RunError) -> [any MetricsSink] {
        let directory = (metricsPath as NSString).deletingLastPathComponent
        return [try TensorBoardSink(directory: directory.isEmpty ? "." : directory, keptRows: keptRows)]
    }
}
