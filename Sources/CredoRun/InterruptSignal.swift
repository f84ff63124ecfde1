#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Set by the SIGINT handler, read between updates.
private let interruptRequested = Atomic<Bool>(false)

/// Ctrl-C during training: the first SIGINT sets a flag that the session checks between updates
/// (it then writes a final checkpoint and exits with status 130); a second SIGINT, for a user
/// who does not want to wait, exits at once without one, leaving the last checkpoint as it was.
///
/// The handler only stores to a lock-free atomic (or calls `_exit`), both safe in a signal
/// handler.
public enum InterruptSignal {
    /// The exit status of a run stopped by SIGINT: 128 + 2, as shells report it.
    public static let exitStatus: Int32 = 130

    /// Installs the SIGINT handler.
    public static func install() {
        signal(SIGINT) { _ in
            if interruptRequested.exchange(true, ordering: .relaxed) { _exit(InterruptSignal.exitStatus) }
        }
    }

    /// Also stops on SIGUSR1, which mpirun forwards to every rank (`kill -USR1 <mpirun pid>`):
    /// under mpirun, Ctrl-C reaches the ranks as SIGTERM and then SIGKILL within about two
    /// seconds, too soon for an orderly stop, so SIGUSR1 is the way to ask every rank to write a
    /// final checkpoint and stop at the next update.
    public static func installUserSignal() {
        signal(SIGUSR1) { _ in interruptRequested.store(true, ordering: .relaxed) }
    }

    /// Whether a SIGINT arrived since the handler was installed (or `reset()`).
    public static var isRequested: Bool { interruptRequested.load(ordering: .relaxed) }

    /// Sets the flag as the handler would: a stop requested from code.
    public static func request() { interruptRequested.store(true, ordering: .relaxed) }

    /// Clears the flag.
    public static func reset() { interruptRequested.store(false, ordering: .relaxed) }
}
