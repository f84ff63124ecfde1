import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Keeps the last few checkpoints of a run: `<directory>/<prefix>-<step>.h5`, the step padded
/// with zeros to `stepDigits` digits so a plain `ls` lists them in order.
///
/// `save` writes the new checkpoint atomically and only then deletes the oldest ones beyond
/// `keep`, so at every moment at least one complete checkpoint exists. "Oldest" is by step
/// number, read from the file name; steps are expected to grow over a run. The checkpoint just
/// written is never deleted, even when its step is lower than older files' (a run resumed from
/// an earlier point).
///
///     let rotation = CheckpointRotation(directory: "runs/cartpole-relax", keep: 3)
///     try rotation.save(checkpoint, step: 50_000)   // runs/cartpole-relax/ckpt-0000050000.h5
///     if let path = try CheckpointRotation.latest(in: "runs/cartpole-relax") { ... }
public struct CheckpointRotation: Sendable {
    /// A checkpoint file of the rotation and the step it was saved at.
    public struct Entry: Equatable, Sendable {
        public let step: Int
        public let path: String
    }

    /// Zero padding of the step in file names: ten digits, up to ten billion steps in order.
    public static let stepDigits = 10

    /// The run directory holding the checkpoints; created by `save` when missing.
    public let directory: String
    /// The file name prefix, `ckpt` by default.
    public let prefix: String
    /// How many checkpoints to keep, at least one.
    public let keep: Int

    /// A rotation in `directory` keeping the last `keep` checkpoints named `<prefix>-<step>.h5`.
    public init(directory: String, prefix: String = "ckpt", keep: Int = 5) {
        precondition(keep >= 1, "a checkpoint rotation keeps at least one checkpoint, got keep = \(keep)")
        precondition(!prefix.isEmpty && !prefix.contains("/"), "a checkpoint prefix is a non-empty file name part, got \"\(prefix)\"")
        self.directory = directory
        self.prefix = prefix
        self.keep = keep
    }

    /// The path of the checkpoint for `step`, e.g. `runs/a/ckpt-0000001000.h5`.
    public func path(forStep step: Int) -> String {
        precondition(step >= 0, "a checkpoint step is not negative, got \(step)")
        let digits = String(step)
        let padded = String(repeating: "0", count: max(0, Self.stepDigits - digits.count)) + digits
        return directory + "/" + prefix + "-" + padded + ".h5"
    }

    /// Writes `checkpoint` as the file for `step`, then deletes all but the newest `keep`
    /// checkpoints. Returns the path written.
    @discardableResult
    public func save(_ checkpoint: Checkpoint, step: Int) throws(CheckpointError) -> String {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory, operation: "create the checkpoint directory", reason: "\(error)")
        }
        let written = path(forStep: step)
        try checkpoint.write(to: written)
        let stale = try checkpoints().filter { $0.path != written }.dropLast(keep - 1)
        for entry in stale where unlink(entry.path) != 0 && errno != ENOENT {
            throw .fileSystem(path: entry.path, operation: "remove an old checkpoint (the new one is saved)", errno: errno)
        }
        return written
    }

    /// The checkpoints in the directory, oldest (lowest step) first; none when it is missing.
    public func checkpoints() throws(CheckpointError) -> [Entry] {
        try Self.checkpoints(in: directory, prefix: prefix)
    }

    /// The newest checkpoint (highest step) in a run directory, or `nil` when it has none.
    public static func latest(in directory: String, prefix: String = "ckpt") throws(CheckpointError) -> String? {
        try checkpoints(in: directory, prefix: prefix).last?.path
    }

    /// Files named `<prefix>-<digits>.h5` in `directory`, sorted by step. Temporary files of an
    /// interrupted write (`.h5.tmp-<pid>`) and everything else are ignored.
    static func checkpoints(in directory: String, prefix: String) throws(CheckpointError) -> [Entry] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let files: [String]
        do {
            files = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .fileSystem(path: directory, operation: "list the checkpoint directory", reason: "\(error)")
        }
        let head = prefix + "-", tail = ".h5"
        return files.compactMap { file -> Entry? in
            guard file.hasPrefix(head), file.hasSuffix(tail), file.count > head.count + tail.count else { return nil }
            let digits = file.dropFirst(head.count).dropLast(tail.count)
            guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let step = Int(digits) else { return nil }
            let path = directory + "/" + file
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
            return Entry(step: step, path: path)
        }
        .sorted { ($0.step, $0.path) < ($1.step, $1.path) }
    }
}
