import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file all at once, so a reader (or a crash) sees either the old file or the
/// complete new one, never a torn mix.
///
/// The steps: write a temporary file beside the destination (`<path>.tmp-<pid>`, same directory
/// and so same file system), `fsync` it, `rename` it over the destination (atomic on POSIX),
/// then `fsync` the directory so the rename itself survives a power loss. When any step before
/// the rename fails, the temporary file is removed and the destination is untouched.
enum AtomicFileReplacement {
    /// The temporary path used while replacing `path`.
    static func temporaryPath(for path: String) -> String {
        "\(path).tmp-\(getpid())"
    }

    /// Runs `write` on the temporary path, then syncs and renames it over `path`.
    ///
    /// `write` must have closed the file when it returns. Errors from `write` are rethrown
    /// unchanged after the temporary file is removed.
    static func replace(_ path: String, write: (String) throws(CheckpointError) -> Void) throws(CheckpointError) {
        let temporary = temporaryPath(for: path)
        do throws(CheckpointError) {
            try write(temporary)
            try WriteFaultInjection.check(temporary, operation: "write")
            try synchronize(temporary, flags: O_RDONLY)
            guard rename(temporary, path) == 0 else {
                throw .fileSystem(path: path, operation: "rename \(temporary) to the destination", errno: errno)
            }
        } catch {
            unlink(temporary)
            throw error
        }
        // The new file is in place; syncing the directory makes the rename durable.
        try synchronize(directory(of: path), flags: O_RDONLY | O_DIRECTORY)
    }

    /// The directory that holds `path` ("." for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    /// Opens `path` with `flags`, `fsync`s it and closes it.
    private static func synchronize(_ path: String, flags: Int32) throws(CheckpointError) {
        let descriptor = open(path, flags)
        guard descriptor >= 0 else { throw .fileSystem(path: path, operation: "open for fsync", errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .fileSystem(path: path, operation: "fsync", errno: errno) }
    }
}
