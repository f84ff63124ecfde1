import CredoTensorBoard
import Foundation

/// The TensorBoard side of `metrics.csv`: `events.out.tfevents.credo` beside it, one event per
/// update row at step = `env_steps`, tags named as Stable-Baselines3 names them:
///
///     rollout/ep_rew_mean        mean return of the last 100 episodes (SB3's ep_info_buffer)
///     rollout/ep_len_mean        mean length of the same episodes
///     train/policy_loss, train/value_loss, train/explained_variance, train/learning_rate
///     train/entropy_loss         −entropy, as SB3 logs it
///     time/fps                   env_steps / wall_seconds (the run's mean rate)
///     credo/<metric>             every other metric: pg_log_variance, grad_norm,
///                                control_variate_loss and the `extra` ones
///
/// Everything is a function of the rows, so `tensorboard --logdir` shows exactly what
/// `metrics.csv` holds; a resumed run rewrites the file from the rows kept up to its checkpoint
/// and appends after them, so no step is written twice.
public final class TensorBoardSink: MetricsSink {
    /// The event file's name: fixed, so that a resume rewrites the same file.
    public static let fileName = "events.out.tfevents.credo"
    /// The tags of the standard columns, by column.
    public static let tags: [String: String] = [
        "policy_loss": "train/policy_loss", "value_loss": "train/value_loss", "explained_variance": "train/explained_variance",
        "learning_rate": "train/learning_rate", "pg_log_variance": "credo/pg_log_variance", "grad_norm": "credo/grad_norm",
        "control_variate_loss": "credo/control_variate_loss",
    ]

    private let writer: EventFileWriter
    private var returns: [Double] = []
    private var lengths: [Double] = []
    private static let window = 100
    private static let column = Dictionary(uniqueKeysWithValues: MetricsLog.columns.enumerated().map { ($1, $0) })

    /// Starts the event file in `directory` with the events of `keptRows` (a resumed run's rows up
    /// to its checkpoint; empty for a new run), their wall times counted back from now by
    /// their `wall_seconds`.
    public init(directory: String, keptRows: [[String]]) throws(RunError) {
        let path = directory + "/" + Self.fileName
        let now = Date().timeIntervalSince1970
        let lastWall = keptRows.last.flatMap { Double($0[Self.column["wall_seconds"]!]) } ?? 0
        var events: [TensorBoardEvent] = []
        for row in keptRows {
            if let scalars = Self.observe(row, returns: &returns, lengths: &lengths) {
                let wall = Double(row[Self.column["wall_seconds"]!]).map { now - (lastWall - $0) } ?? now
                events.append(.scalars(scalars.values, step: scalars.step, wallTime: wall))
            }
        }
        do {
            writer = try EventFileWriter(path: path, events: [.header(wallTime: now)] + events)
        } catch {
            throw .fileSystem(path: path, operation: "write the TensorBoard event file", reason: error.localizedDescription)
        }
    }

    public func add(row: [String]) {
        guard let scalars = Self.observe(row, returns: &returns, lengths: &lengths) else { return }
        try? writer.addScalars(scalars.values, step: scalars.step)
    }

    public func flush() throws(RunError) {
        do {
            try writer.flush()
        } catch {
            throw .fileSystem(path: writer.path, operation: "append to the TensorBoard event file", reason: error.localizedDescription)
        }
    }

    /// The scalars of an update row (nil for an episode row, which only feeds the rolling means).
    static func observe(_ row: [String], returns: inout [Double], lengths: inout [Double])
        -> (step: Int64, values: [(tag: String, value: Float)])? {
        func field(_ name: String) -> Double? { Double(row[column[name]!]) }
        if row[0] == "episode" {
            if let value = field("episode_return"), let length = field("episode_length") {
                returns.append(value)
                lengths.append(length)
                if returns.count > window { returns.removeFirst(); lengths.removeFirst() }
            }
            return nil
        }
        guard row[0] == "update", let steps = Int64(row[column["env_steps"]!]) else { return nil }
        var values: [(tag: String, value: Float)] = []
        if !returns.isEmpty {
            values.append(("rollout/ep_rew_mean", Float(returns.reduce(0, +) / Double(returns.count))))
            values.append(("rollout/ep_len_mean", Float(lengths.reduce(0, +) / Double(lengths.count))))
        }
        for name in MetricsLog.standardMetrics {
            guard let value = field(name) else { continue }
            if name == "entropy" { values.append(("train/entropy_loss", Float(-value))) }
            else { values.append((tags[name]!, Float(value))) }
        }
        for pair in row[column["extra"]!].split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let value = Double(parts[1]) { values.append(("credo/" + parts[0], Float(value))) }
        }
        if let wall = field("wall_seconds"), wall > 0 { values.append(("time/fps", Float(Double(steps) / wall))) }
        return (steps, values)
    }
}
