import Foundation

/// Everything that can stop a run before or while it trains, each with a message a user can act
/// on: the offending name or value, the valid choices, the file involved.
public enum RunError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No environment is registered under `name`.
    case unknownEnvironment(name: String, valid: [String])
    /// The trainer catalog has no estimator called `name`.
    case unknownEstimator(name: String, valid: [String])
    /// A configuration value is out of range; `requirement` says what is allowed.
    case invalidValue(key: String, value: String, requirement: String)
    /// A preset file cannot be read or parsed, or holds an unknown key or a mistyped value.
    case invalidPreset(path: String, reason: String)
    /// A fresh run would write into a directory that already holds files.
    case runDirectoryNotEmpty(path: String, contents: [String])
    /// Another process holds the run directory's lock (`RunLock`): it is training there now.
    case runDirectoryLocked(path: String, pid: Int32?)
    /// `--force` was given, but the run directory holds files a run does not write.
    case runDirectoryHasOtherFiles(path: String, files: [String])
    /// A file-system operation on the run directory failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// `--resume` names a path that is neither a checkpoint file nor a directory holding one.
    case noCheckpoint(path: String, reason: String)
    /// A checkpoint lacks a readable run configuration.
    case invalidCheckpointConfiguration(path: String, reason: String)
    /// A resumed run was given a value that differs from the checkpoint's own.
    case resumeConflict(key: String, saved: String, given: String)
    /// The restored trainer's counters disagree with the checkpoint's.
    case inconsistentCheckpoint(path: String, reason: String)
    /// The metrics file of a resumed run cannot be read as Credo metrics.
    case invalidMetricsFile(path: String, reason: String)
    /// Resuming under another number of ranks than the checkpoint was written by.
    case worldSizeMismatch(path: String, checkpoint: Int, run: Int)
    /// A run of several ranks with a catalog whose trainers train in one process only.
    case notDistributed(ranks: Int, trainer: String)

    public var description: String {
        switch self {
        case .unknownEnvironment(let name, let valid):
            "unknown environment \"\(name)\"; valid environments: \(valid.joined(separator: ", ")), or gym:<id> for a Gymnasium environment"
        case .unknownEstimator(let name, let valid):
            "unknown estimator \"\(name)\"; valid estimators: \(valid.joined(separator: ", "))"
        case .invalidValue(let key, let value, let requirement):
            "invalid \(RunConfiguration.optionName(forKey: key)) \(value): \(requirement)"
        case .invalidPreset(let path, let reason):
            // `applying(_:source:)` reports command-line values under the source "the command line".
            path.hasPrefix("the command line") ? "\(path): \(reason)" : "preset \(path): \(reason)"
        case .runDirectoryNotEmpty(let path, let contents):
            "run directory \(path) is not empty (it holds \(contents.joined(separator: ", "))); "
                + "continue that run with --resume \(path), choose another --run-dir, "
                + "or pass --force to delete its config, metrics, curve and checkpoints and start over"
        case .runDirectoryLocked(let path, let pid):
            "run directory \(path) is in use by another rl-train process"
                + (pid.map { " (pid \($0))" } ?? " (its pid is not recorded yet)")
                + "; wait for it to finish or stop it, or choose another --run-dir"
        case .runDirectoryHasOtherFiles(let path, let files):
            "--force deletes only what a run writes, but run directory \(path) also holds \(files.joined(separator: ", ")); "
                + "nothing was deleted: move those files away or choose another --run-dir"
        case .fileSystem(let path, let operation, let reason):
            "cannot \(operation) \(path): \(reason)"
        case .noCheckpoint(let path, let reason):
            "no checkpoint at \(path): \(reason)"
        case .invalidCheckpointConfiguration(let path, let reason):
            "checkpoint \(path) has no usable run configuration: \(reason)"
        case .resumeConflict(let key, let saved, let given):
            "the checkpoint was trained with \(RunConfiguration.optionName(forKey: key)) \(saved), "
                + "but \(given) was given; a resumed run keeps everything except the budget and checkpoint options"
        case .inconsistentCheckpoint(let path, let reason):
            "checkpoint \(path) is inconsistent: \(reason)"
        case .invalidMetricsFile(let path, let reason):
            "metrics file \(path): \(reason)"
        case .worldSizeMismatch(let path, let checkpoint, let run):
            "checkpoint \(path) was written by a run of \(Self.ranks(checkpoint)), but this run has \(Self.ranks(run)); "
                + (checkpoint == 1 ? "resume it without mpirun (or with mpirun -np 1)" : "resume it with mpirun -np \(checkpoint)")
        case .notDistributed(let ranks, let trainer):
            "the \(trainer) trainer trains in one process only (not yet under mpirun); it was started as \(Self.ranks(ranks)) "
                + "(mpirun -np \(ranks)): run it without mpirun"
        }
    }

    public var errorDescription: String? { description }

    private static func ranks(_ n: Int) -> String { n == 1 ? "1 rank" : "\(n) ranks" }
}
