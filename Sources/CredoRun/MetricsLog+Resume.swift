import CredoAgents
import Foundation

/// Reading `metrics.csv` back: continuing a resumed run's file (and rebuilding its learning
/// curve).
extension MetricsLog {
    /// The rows of a metrics file, each split into its fields, without the header. A last line
    /// without its newline (a write cut short by a crash) is left out. Throws when the header is
    /// not `columns` or a row has the wrong number of fields.
    public static func readRows(path: String) throws(RunError) -> [[String]] {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .invalidMetricsFile(path: path, reason: "cannot read it (\(error.localizedDescription))")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // the text after the last newline: empty, or a torn row
        guard let first = lines.first, first + "\n" == header || first + "\n" == headerWithoutWallClock else {
            throw .invalidMetricsFile(path: path, reason: "the header is not \(header.dropLast()) (is this a Credo metrics file?)")
        }
        // A file from before the wall_seconds column: its rows get an empty one.
        let missing = first + "\n" == header ? 0 : 1
        var rows: [[String]] = []
        rows.reserveCapacity(lines.count - 1)
        for (number, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                + Array(repeating: "", count: missing)
            guard fields.count == columns.count, Int(fields[3]) != nil else {
                throw .invalidMetricsFile(path: path, reason: "line \(number + 2) has \(fields.count) fields, expected \(columns.count)")
            }
            rows.append(fields)
        }
        return rows
    }

    /// Opens a resumed run's metrics for appending: keeps the rows up to and including update
    /// `counters.updates` and drops later ones (written after the checkpoint being resumed), so
    /// no row appears twice. Creates the file when it is missing. Returns the log, the returns
    /// of the last `window` kept episodes (to restart the rolling mean) and the learning curve of
    /// the kept rows. The log's clock continues from the last kept row's `wall_seconds` (0 when
    /// no kept row has one), and its sinks are rebuilt from the kept rows.
    public static func resume(path: String, counters: TrainingCounters, window: Int = 100) throws(RunError)
        -> (log: MetricsLog, recentReturns: [Double], droppedRows: Int, curve: LearningCurve) {
        guard FileManager.default.fileExists(atPath: path) else { return (try create(path: path), [], 0, LearningCurve()) }
        let rows = try readRows(path: path)
        let kept = rows.prefix { Int($0[3])! <= counters.updates }
        let recent = kept.filter { $0[0] == "episode" }.suffix(window).compactMap { Double($0[4]) }
        let original = try? String(contentsOfFile: path, encoding: .utf8)
        let rewritten = header + kept.map { $0.joined(separator: ",") + "\n" }.joined()
        if rewritten != original {
            try RunDirectory.writeAtomically(Data(rewritten.utf8), to: path)
        }
        let wallColumn = columns.firstIndex(of: "wall_seconds")!
        let earlier = kept.last { !$0[wallColumn].isEmpty }.flatMap { Double($0[wallColumn]) } ?? 0
        let log = try open(path: path, earlierSeconds: earlier)
        log.sinks = try defaultSinks(metricsPath: path, keptRows: Array(kept))
        return (log, Array(recent), rows.count - kept.count, LearningCurve(rows: Array(kept)))
    }
}
