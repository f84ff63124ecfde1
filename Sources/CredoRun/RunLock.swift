import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The advisory lock that makes one process the only writer of a run directory, for the whole
/// life of its run: `<run>/rl-train.lock`, locked with `flock(LOCK_EX)` and holding the owner's
/// pid as text.
///
/// A second `rl-train` on the same folder, fresh or `--resume`, fails to lock and is refused with
/// `RunError.runDirectoryLocked` naming the holder's pid. The kernel drops a `flock` when its
/// process dies (even by `kill -9`), so the lock of a killed run is stale by construction: the
/// next run takes it over and `staleHolder` names the dead pid it replaced.
///
/// `release()` (or `deinit`) deletes the file and then unlocks. A process that opened the file
/// just before it was deleted would lock a file nobody else sees, so `acquire` checks after
/// locking that its descriptor is still the file at the path, and retries otherwise.
public final class RunLock {
    /// The lock file's name inside the run directory.
    public static let fileName = "rl-train.lock"

    /// The lock file's path.
    public let path: String
    /// The pid recorded in a lock file whose process was gone when this lock took it over.
    public let staleHolder: Int32?
    private var descriptor: Int32

    private init(path: String, descriptor: Int32, staleHolder: Int32?) {
        self.path = path
        self.descriptor = descriptor
        self.staleHolder = staleHolder
    }

    deinit { release() }

    /// Locks the run directory at `directory`, creating the directory when it is missing.
    /// Throws `.runDirectoryLocked` when another process holds the lock.
    public static func acquire(_ directory: String) throws(RunError) -> RunLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .fileSystem(path: directory, operation: "create the run directory", reason: error.localizedDescription)
        }
        let path = directory + "/" + fileName
        for _ in 0..<100 {
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                throw .fileSystem(path: path, operation: "open the run lock", reason: String(cString: strerror(errno)))
            }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
                let code = errno
                close(descriptor)
                guard code == EWOULDBLOCK else {
                    throw .fileSystem(path: path, operation: "lock", reason: String(cString: strerror(code)))
                }
                throw .runDirectoryLocked(path: directory, pid: holder(of: path))
            }
            guard isStillTheFile(descriptor, at: path) else {
                close(descriptor)  // deleted by its releasing owner after we opened it: open the new one
                continue
            }
            let previous = readPid(descriptor)
            let stale = previous.flatMap { $0 != getpid() ? $0 : nil }
            let text = Array("\(getpid())\n".utf8)
            guard ftruncate(descriptor, 0) == 0, text.withUnsafeBytes({ pwrite(descriptor, $0.baseAddress, text.count, 0) }) == text.count
            else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .fileSystem(path: path, operation: "write the run lock", reason: reason)
            }
            return RunLock(path: path, descriptor: descriptor, staleHolder: stale)
        }
        throw .fileSystem(path: path, operation: "lock", reason: "the lock file kept being replaced")
    }

    /// Deletes the lock file and unlocks; later calls do nothing.
    public func release() {
        guard descriptor >= 0 else { return }
        if isStillTheFile(descriptor, at: path) { unlink(path) }
        close(descriptor)
        descriptor = -1
    }

    /// The pid written in the lock file at `path`, waiting briefly for a new holder to write it.
    private static func holder(of path: String) -> Int32? {
        for _ in 0..<50 {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            if descriptor >= 0 {
                let pid = readPid(descriptor)
                close(descriptor)
                if let pid { return pid }
            }
            usleep(2_000)
        }
        return nil
    }

    private static func readPid(_ descriptor: Int32) -> Int32? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, 32, 0) }
        guard count > 0 else { return nil }
        return Int32(String(decoding: bytes.prefix(count), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether `descriptor` and `path` name the same file (same device and inode).
    private static func isStillTheFile(_ descriptor: Int32, at path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(descriptor, &open) == 0 && stat(path, &named) == 0 && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    private func isStillTheFile(_ descriptor: Int32, at path: String) -> Bool { Self.isStillTheFile(descriptor, at: path) }
}
