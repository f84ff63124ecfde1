import CredoAgents
import CredoCheckpoint
import Foundation

/// `metrics.csv`: one row per finished episode (`kind` = `episode`) and one per update
/// (`kind` = `update`), under a header that never changes:
///
///     kind,env_steps,episodes,updates,episode_return,episode_length,policy_loss,...,extra,wall_seconds
///     episode,212,1,1,23.0,23,,,,,,,,,0.84
///     update,256,9,1,,,0.513,...,,0.84
///
/// `env_steps`, `episodes` and `updates` are the run's counters when the row's event happened
/// (an episode row counts itself). The standard metric columns are `standardMetrics`; any other
/// metric a trainer reports goes to `extra` as `name=value` pairs joined by `;`, sorted by name.
/// `wall_seconds` is the wall-clock time since the run began when the update's rows were made,
/// summed over its sessions (a resumed log continues from the last kept row's value), with
/// millisecond resolution. Numbers are written in Swift's shortest round-trip form, so two
/// identical runs give identical files byte for byte but for `wall_seconds`, the last column. Rows are buffered and written by `flush()`, which the session
/// calls before every checkpoint, so a checkpoint never records more than the file holds.
public final class MetricsLog {
    /// The columns before the metrics.
    public static let baseColumns = ["kind", "env_steps", "episodes", "updates", "episode_return", "episode_length"]
    /// The update metrics with a column of their own.
    public static let standardMetrics = [
        "policy_loss", "value_loss", "control_variate_loss", "entropy", "explained_variance",
        "grad_norm", "pg_log_variance", "learning_rate",
    ]
    /// The full header, in order.
    public static let columns = baseColumns + standardMetrics + ["extra", "wall_seconds"]
    /// The header before `wall_seconds` was added: such files are read (their rows with an
    /// empty `wall_seconds`) and resumed.
    static let headerWithoutWallClock = (baseColumns + standardMetrics + ["extra"]).joined(separator: ",") + "\n"
    static let header = columns.joined(separator: ",") + "\n"

    /// The file's path.
    public let path: String
    private let handle: FileHandle
    private var buffer = ""
    private var bufferedRows = 0
    /// The wall-clock seconds of the run's earlier sessions (0 for a new run).
    public let earlierSeconds: Double
    private let sessionStart = Date()
    /// Writers fed every row as it is made, and flushed with the file (the TensorBoard events).
    public var sinks: [any MetricsSink] = []

    private init(path: String, handle: FileHandle, earlierSeconds: Double = 0) {
        self.path = path
        self.handle = handle
        self.earlierSeconds = earlierSeconds
    }

    /// The wall-clock seconds since the run began: earlier sessions' plus this one's so far.
    public var wallSeconds: Double { earlierSeconds + Date().timeIntervalSince(sessionStart) }

    deinit { try? handle.close() }

    /// Creates the file with its header; throws when a file is already there.
    public static func create(path: String) throws(RunError) -> MetricsLog {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw .fileSystem(path: path, operation: "create the metrics file", reason: "a file is already there")
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(header.utf8)) else {
            throw .fileSystem(path: path, operation: "create the metrics file", reason: "the file system refused")
        }
        let log = try open(path: path)
        log.sinks = try defaultSinks(metricsPath: path, keptRows: [])
        return log
    }

    /// Opens an existing file for appending.
    static func open(path: String, earlierSeconds: Double = 0) throws(RunError) -> MetricsLog {
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .fileSystem(path: path, operation: "open the metrics file", reason: "cannot open it for writing")
        }
        do {
            try handle.seekToEnd()
        } catch {
            throw .fileSystem(path: path, operation: "open the metrics file", reason: error.localizedDescription)
        }
        return MetricsLog(path: path, handle: handle, earlierSeconds: earlierSeconds)
    }

    /// Buffers the rows of one update: its finished episodes, then the update itself.
    /// `counters` are the trainer's counters after the update.
    public func append(_ report: UpdateReport, counters: TrainingCounters) {
        let wall = Self.format((wallSeconds * 1000).rounded() / 1000)
        let firstEpisode = counters.episodes - report.episodes.count
        for (offset, episode) in report.episodes.enumerated() {
            var row = ["episode", "\(episode.environmentStep)", "\(firstEpisode + offset + 1)", "\(counters.updates)",
                       Self.format(episode.totalReward), "\(episode.length)"]
            row += Array(repeating: "", count: Self.standardMetrics.count + 1) + [wall]
            add(row)
        }
        var row = ["update", "\(counters.environmentSteps)", "\(counters.episodes)", "\(counters.updates)", "", ""]
        row += Self.standardMetrics.map { report.metrics[$0].map(Self.format) ?? "" }
        row.append(report.metrics.keys.filter { !Self.standardMetrics.contains($0) }.sorted()
            .map { "\($0)=\(Self.format(report.metrics[$0]!))" }.joined(separator: ";"))
        row.append(wall)
        add(row)
    }

    private func add(_ fields: [String]) {
        buffer += fields.joined(separator: ",") + "\n"
        bufferedRows += 1
        for sink in sinks { sink.add(row: fields) }
    }

    /// Rows waiting for `flush()`.
    public var pendingRows: Int { bufferedRows }

    /// Writes the buffered rows to the file.
    public func flush() throws(RunError) {
        guard !buffer.isEmpty else { return }
        do {
            try WriteFaultInjection.check(path, operation: "append to")
        } catch {
            throw .fileSystem(path: path, operation: "append to the metrics file", reason: error.description)
        }
        do {
            try handle.write(contentsOf: Data(buffer.utf8))
            try handle.synchronize()
        } catch {
            throw .fileSystem(path: path, operation: "append to the metrics file", reason: error.localizedDescription)
        }
        buffer = ""
        bufferedRows = 0
        for sink in sinks { try sink.flush() }
    }

    /// A number as the file writes it: the shortest text that reads back to the same Double,
    /// `nan`, `inf` or `-inf`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return "\(value)"
    }
}
