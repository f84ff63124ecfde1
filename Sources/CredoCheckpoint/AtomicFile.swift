import Foundation

/// Writing a whole small file atomically (config.json, the learning curve, a rewritten
/// metrics.csv) the way checkpoints are written: `<path>.tmp-<pid>`, `fsync`, `rename`,
/// directory `fsync`. A failure (a full disk, a read-only folder) throws and leaves the file that
/// was at `path` as it was, and no temporary file behind.
public enum AtomicFile {
    /// Replaces the file at `path` with `data`.
    public static func write(_ data: Data, to path: String) throws(CheckpointError) {
        try AtomicFileReplacement.replace(path) { temporary throws(CheckpointError) in
            guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
                throw .fileSystem(path: temporary, operation: "create", errno: errno)
            }
            guard let handle = FileHandle(forWritingAtPath: temporary) else {
                throw .fileSystem(path: temporary, operation: "open for writing", errno: errno)
            }
            do {
                try handle.write(contentsOf: data)
                try handle.close()
            } catch {
                try? handle.close()
                throw .fileSystem(path: temporary, operation: "write", reason: error.localizedDescription)
            }
        }
    }

    /// The temporary file beside `path` that `replace` renames over it: `<path>.tmp-<pid>`.
    public static func temporaryPath(for path: String) -> String { AtomicFileReplacement.temporaryPath(for: path) }

    /// Replaces the file at `path` with the file `write` writes (and closes) at the temporary
    /// path it is given; on any error the temporary file is removed and `path` is untouched.
    public static func replace(_ path: String, write: (String) throws(CheckpointError) -> Void) throws(CheckpointError) {
        try AtomicFileReplacement.replace(path, write: write)
    }

    /// Whether `name` is the temporary file of an interrupted atomic write of `file` by some
    /// process: `<file>.tmp-<digits>`.
    public static func isTemporary(_ name: String, of file: String) -> Bool {
        let head = file + ".tmp-"
        guard name.hasPrefix(head), name.count > head.count else { return false }
        return name.dropFirst(head.count).allSatisfy { $0.isASCII && $0.isNumber }
    }
}
