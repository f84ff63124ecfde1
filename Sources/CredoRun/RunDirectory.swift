import CredoCheckpoint
import Foundation

/// The folder of one training run:
///
///     runs/cartpole-relax-0/
///       config.json                  the full RunConfiguration, rewritten when a resume changes the budget
///       metrics.csv                  one row per finished episode and per update
///       learning-curve.svg           return against environment steps, gradient log-variance beneath
///       events.out.tfevents.credo    the same metrics for TensorBoard (`TensorBoardSink`)
///       checkpoints/ckpt-<step>.h5   the newest `keepCheckpoints` checkpoints (step zero-padded)
///
///       rl-train.lock                 the `RunLock` of the process training here, while it runs
///
/// A fresh run refuses a directory that holds anything, so a typo in `--run-dir` never clobbers
/// an earlier run; `--force` deletes only the files listed above (and temporaries of their
/// interrupted writes), and only after checking that nothing else is there.
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

    /// The files a run writes at the top of its folder (besides `checkpoints/`).
    static let runFiles = ["config.json", "metrics.csv", "learning-curve.svg", TensorBoardSink.fileName]

    /// Makes the folder ready for a fresh run: creates it, or checks that it is empty (the
    /// `RunLock` file of the caller aside, and temporaries of interrupted writes, which it
    /// deletes when they are all the folder holds). With `force`, first checks that everything in it is
    /// something a run writes (the files above, `checkpoints/` with checkpoints and their
    /// temporaries, temporaries of interrupted writes) and refuses, deleting nothing, when
    /// anything else is there; only then deletes those files.
    public func prepareFreshRun(force: Bool) throws(RunError) {
        let existing = try contents().filter { $0 != RunLock.fileName }
        if !existing.isEmpty, try holdsOnlyTemporaries() {
            // Leftovers of a killed writer and nothing else: the folder is empty in all but name.
            try removeStaleTemporaries()
        } else if !existing.isEmpty {
            guard force else { throw .runDirectoryNotEmpty(path: path, contents: existing) }
            let others = try filesNotWrittenByARun()
            guard others.isEmpty else { throw .runDirectoryHasOtherFiles(path: path, files: others) }
            try removeRunFiles()
        }
        try create(path)
        try create(checkpointsPath)
    }

    /// Whether everything in the folder (the lock aside) is a temporary of an interrupted write,
    /// `checkpoints/` included.
    func holdsOnlyTemporaries() throws(RunError) -> Bool {
        for name in try contents() where name != RunLock.fileName {
            if name == "checkpoints", isDirectory(checkpointsPath) {
                guard try entries(of: checkpointsPath).allSatisfy(Self.isCheckpointTemporary) else { return false }
            } else if !(Self.isRunFile(name) && !Self.runFiles.contains(name)) {
                return false
            }
        }
        return true
    }

    /// The entries (relative paths) a run does not write, which `--force` must not delete.
    func filesNotWrittenByARun() throws(RunError) -> [String] {
        var others: [String] = []
        for name in try contents() where name != RunLock.fileName && !Self.isRunFile(name) {
            if name == "checkpoints", isDirectory(checkpointsPath) {
                others += try entries(of: checkpointsPath).filter { !Self.isCheckpointFile($0) }.map { "checkpoints/" + $0 }
            } else {
                others.append(name)
            }
        }
        return others
    }

    /// config.json, metrics.csv, the curve, or a temporary of an interrupted write of one:
    /// `<file>.tmp-<pid>`, or `.dat.nosync<…>`, the name Foundation's `.atomic` writes used
    /// before rl-train wrote these files itself.
    static func isRunFile(_ name: String) -> Bool {
        runFiles.contains(name) || runFiles.contains { AtomicFile.isTemporary(name, of: $0) } || name.hasPrefix(".dat.nosync")
    }

    /// `ckpt-<step>.h5` or the temporary `ckpt-<step>.h5.tmp-<pid>` of an interrupted write.
    static func isCheckpointFile(_ name: String) -> Bool { checkpointStep(name) != nil || isCheckpointTemporary(name) }

    private static func checkpointStep(_ name: String) -> Int? {
        guard name.hasPrefix("ckpt-"), name.hasSuffix(".h5") else { return nil }
        let digits = name.dropFirst(5).dropLast(3)
        return !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int(digits) : nil
    }

    private static func isCheckpointTemporary(_ name: String) -> Bool {
        guard let range = name.range(of: ".h5.tmp-") else { return false }
        let checkpoint = String(name[..<range.lowerBound]) + ".h5"
        return checkpointStep(checkpoint) != nil && AtomicFile.isTemporary(name, of: checkpoint)
    }

    /// Deletes the temporary files of interrupted writes (`ckpt-*.h5.tmp-<pid>`, `config.json`'s,
    /// the curve's, metrics.csv's). Call it holding the `RunLock`: then no other process is
    /// writing them. Returns the deleted paths.
    @discardableResult
    public func removeStaleTemporaries() throws(RunError) -> [String] {
        var stale = try contents().filter { Self.isRunFile($0) && !Self.runFiles.contains($0) }.map { path + "/" + $0 }
        if isDirectory(checkpointsPath) {
            stale += try entries(of: checkpointsPath).filter(Self.isCheckpointTemporary).map { checkpointsPath + "/" + $0 }
        }
        for file in stale { try remove(file) }
        return stale
    }

    /// Deletes config.json, metrics.csv, learning-curve.svg, the checkpoints and the temporaries
    /// of all of them (and the checkpoints folder when that leaves it empty).
    func removeRunFiles() throws(RunError) {
        for name in try contents() where Self.isRunFile(name) { try remove(path + "/" + name) }
        guard isDirectory(checkpointsPath) else { return }
        for name in try entries(of: checkpointsPath) where Self.isCheckpointFile(name) { try remove(checkpointsPath + "/" + name) }
        if try entries(of: checkpointsPath).isEmpty { try remove(checkpointsPath) }
    }

    private func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private func entries(of directory: String) throws(RunError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        } catch {
            throw .fileSystem(path: directory, operation: "list", reason: error.localizedDescription)
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
        try Self.writeAtomically(Data((configuration.prettyJSON + "\n").utf8), to: configPath)
    }

    /// Replaces the file at `path` with `data` all at once (`AtomicFile`); on failure the old
    /// file is intact and no temporary is left.
    static func writeAtomically(_ data: Data, to path: String) throws(RunError) {
        do {
            try AtomicFile.write(data, to: path)
        } catch {
            throw .fileSystem(path: path, operation: "write", reason: error.description)
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
