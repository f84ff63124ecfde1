import CredoCheckpoint
import Foundation

/// The folder of one training run:
///
///     runs/cartpole-relax-0/
///       config.json                  the full RunConfiguration, rewritten when a resume changes the budget
///       metrics.csv                  one row per finished episode and per update
///       learning-curve.svg           return against environment steps, gradient log-variance beneath
///       checkpoints/ckpt-<step>.h5   the newest `keepCheckpoints` checkpoints (step zero-padded)
///
/// A fresh run refuses a directory that holds anything, so a typo in `--run-dir` never clobbers
/// an earlier run; `--force` deletes only the files listed above, never anything else.
public struct RunDirectory: Equatable, Sendable {
    /// The folder's path.
    public let path: String

    public init(path: String) {
        self.path = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// `runs/<env>-<estimator>-<seed>`, the default folder of a run.
    public static func defaultPath(for configuration: RunConfiguration, root: String = "runs") -> String {
        "\(root)/\(configuration.env)-\(configuration.estimator.rawValue)-\(configuration.seed)"
    }

    public var configPath: String { path + "/config.json" }
    public var metricsPath: String { path + "/metrics.csv" }
    public var learningCurvePath: String { path + "/learning-curve.svg" }
    public var checkpointsPath: String { path + "/checkpoints" }

    /// The rotation that writes and prunes this run's checkpoints.
    public func rotation(keep: Int) -> CheckpointRotation {
        CheckpointRotation(directory: checkpointsPath, prefix: "ckpt", keep: keep)
    }

    /// The names of the entries in the folder, sorted; none when it does not exist.
    public func contents() throws(RunError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        guard isDirectory.boolValue else {
            throw .fileSystem(path: path, operation: "use as a run directory", reason: "it is a file")
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw .fileSystem(path: path, operation: "list", reason: error.localizedDescription)
        }
    }

    /// Makes the folder ready for a fresh run: creates it, or checks that it is empty. With
    /// `force`, deletes the run files of an earlier run first (and refuses when anything else
    /// remains, since that is not ours to delete).
    public func prepareFreshRun(force: Bool) throws(RunError) {
        var existing = try contents()
        if force && !existing.isEmpty {
            try removeRunFiles()
            existing = try contents()
        }
        guard existing.isEmpty else { throw .runDirectoryNotEmpty(path: path, contents: existing) }
        try create(path)
        try create(checkpointsPath)
    }

    /// Deletes config.json, metrics.csv, learning-curve.svg and the checkpoints (and the
    /// checkpoints folder when that leaves it empty).
    func removeRunFiles() throws(RunError) {
        for file in [configPath, metricsPath, learningCurvePath] where FileManager.default.fileExists(atPath: file) {
            try remove(file)
        }
        do {
            for entry in try rotation(keep: 1).checkpoints() { try remove(entry.path) }
        } catch let error as RunError {
            throw error
        } catch {
            throw .fileSystem(path: checkpointsPath, operation: "list", reason: "\(error)")
        }
        if (try? FileManager.default.contentsOfDirectory(atPath: checkpointsPath).isEmpty) == true {
            try remove(checkpointsPath)
        }
    }

    /// Deletes this run's checkpoints with a step above `step`: the future of a run resumed from
    /// an earlier checkpoint, which the resumed run replaces. Returns the deleted paths.
    @discardableResult
    public func removeCheckpoints(after step: Int) throws(RunError) -> [String] {
        let newer: [CheckpointRotation.Entry]
        do {
            newer = try rotation(keep: 1).checkpoints().filter { $0.step > step }
        } catch {
            throw .fileSystem(path: checkpointsPath, operation: "list", reason: error.description)
        }
        for entry in newer { try remove(entry.path) }
        return newer.map(\.path)
    }

    /// Writes `configuration` to config.json atomically, as indented JSON with keys in a fixed
    /// order (so two runs' files diff cleanly).
    public func writeConfiguration(_ configuration: RunConfiguration) throws(RunError) {
        try create(path)
        do {
            try Data((configuration.prettyJSON + "\n").utf8).write(to: URL(fileURLWithPath: configPath), options: .atomic)
        } catch {
            throw .fileSystem(path: configPath, operation: "write", reason: error.localizedDescription)
        }
    }

    private func create(_ directory: String) throws(RunError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory, operation: "create the directory", reason: error.localizedDescription)
        }
    }

    private func remove(_ file: String) throws(RunError) {
        do {
            try FileManager.default.removeItem(atPath: file)
        } catch {
            throw .fileSystem(path: file, operation: "delete", reason: error.localizedDescription)
        }
    }
}
