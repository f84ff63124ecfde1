import CredoDistributed
import Foundation

/// Ends the process when an MPI call has not returned within `timeout` seconds: MPI has no
/// timeouts of its own, and a collective whose peer hangs (rather than dies, which mpirun
/// notices) would wait forever. It writes one line naming the call and the rank, then `_exit`s
/// with status 70 (EX_SOFTWARE) without finalising, which mpirun treats as a failed rank: it
/// terminates the other ranks and exits nonzero. A polling thread, so arming costs a lock and a
/// clock read, not a syscall per call.
final class CollectiveWatchdog: @unchecked Sendable {
    static let exitStatus: Int32 = 70

    private let rank: Int
    private let timeout: Double
    private let condition = NSCondition()
    private var operation: String?
    private var deadline = ContinuousClock.now
    private var stopped = false

    init(rank: Int, timeout: Double) {
        self.rank = rank
        self.timeout = timeout
        guard timeout > 0 else { return }
        let thread = Thread { [self] in watch() }
        thread.name = "credo-mpi-watchdog"
        thread.start()
    }

    func arm(_ operation: String) {
        guard timeout > 0 else { return }
        condition.lock()
        self.operation = operation
        deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        condition.unlock()
    }

    func disarm() {
        guard timeout > 0 else { return }
        condition.lock()
        operation = nil
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func watch() {
        condition.lock()
        defer { condition.unlock() }
        // Polls at a tenth of the timeout (at most once a second): the stop is late by at most that.
        let poll = min(1.0, max(0.01, timeout / 10))
        while !stopped {
            _ = condition.wait(until: Date(timeIntervalSinceNow: poll))
            if let operation, ContinuousClock.now >= deadline {
                writeToStandardError("""
                    credo: rank \(rank): \(operation) has not returned after \(timeout) s: another rank has \
                    likely died or hung; stopping this rank (set CREDO_MPI_TIMEOUT to change the limit)

                    """)
                _exit(Self.exitStatus)
            }
        }
    }
}
