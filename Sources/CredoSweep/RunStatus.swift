import Foundation

/// How one run of a sweep ended, kept in `<sweep>/status/<label>.json` so that running the
/// same sweep again knows what to skip: finished runs are skipped, runs without a status (never
/// started, interrupted, or killed with rl-sweep) are started or resumed, failed and skipped
/// ones are reported again (and retried with `--retry-failed`).
public struct RunStatus: Codable, Equatable, Sendable {
    public enum State: String, Codable, Sendable {
        /// rl-train spent the budget (exit status 0).
        case finished
        /// rl-train ended with an error after the run began (a non-finite value, a failed update,
        /// a file it could not write): the error is its last `rl-train: error:` line.
        case failed
        /// rl-train refused the combination before writing anything (e.g. an estimator that
        /// needs discrete actions on a continuous environment), or rl-sweep left it out without
        /// starting rl-train (`--tuned-only`: no tuned settings in the preset; exit status 0).
        case skipped
    }

    public var state: State
    public var exitStatus: Int32
    /// rl-train's error or summary line.
    public var message: String

    public init(state: State, exitStatus: Int32, message: String) {
        self.state = state
        self.exitStatus = exitStatus
        self.message = message
    }

    /// `<sweep>/status/<label>.json`.
    public static func path(in sweep: String, for combination: SweepCombination) -> String {
        sweep + "/status/" + combination.label + ".json"
    }

    /// The recorded status, nil when there is none (or it cannot be read).
    public static func load(in sweep: String, for combination: SweepCombination) -> RunStatus? {
        guard let data = FileManager.default.contents(atPath: path(in: sweep, for: combination)) else { return nil }
        return try? JSONDecoder().decode(RunStatus.self, from: data)
    }

    /// Records the status (atomically).
    public func save(in sweep: String, for combination: SweepCombination) throws(SweepError) {
        let file = Self.path(in: sweep, for: combination)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(atPath: sweep + "/status", withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw .fileSystem(file, error.localizedDescription)
        }
    }
}
