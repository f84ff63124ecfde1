import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test seam that makes writes fail as a full disk does, so the handling of ENOSPC can be
/// tested without root (which a small tmpfs needs).
///
/// Off unless the environment variable `CREDO_INJECT_WRITE_FAILURE` holds a count `n`: the first
/// `n` guarded writes of the process succeed, then every later one fails with `ENOSPC`, as a disk
/// that fills up and stays full. The guarded writes are a checkpoint's temporary file (failing
/// before it is renamed into place), every `AtomicFile` write (config.json, the learning curve, a
/// rewritten metrics.csv) and every append to metrics.csv.
public enum WriteFaultInjection {
    /// The environment variable read once at the first guarded write.
    public static let environmentVariable = "CREDO_INJECT_WRITE_FAILURE"

    private static let state = State(limit: ProcessInfo.processInfo.environment[environmentVariable].flatMap { Int($0) })

    private final class State: @unchecked Sendable {
        let limit: Int?
        private var count = 0
        private let lock = NSLock()
        init(limit: Int?) { self.limit = limit }

        func next() -> Bool {
            guard let limit else { return false }
            lock.lock()
            defer { lock.unlock() }
            count += 1
            return count > limit
        }
    }

    /// Throws `ENOSPC` for `path` when the injected failure is due; otherwise does nothing.
    public static func check(_ path: String, operation: String) throws(CheckpointError) {
        if state.next() { throw .fileSystem(path: path, operation: operation, errno: ENOSPC) }
    }
}
