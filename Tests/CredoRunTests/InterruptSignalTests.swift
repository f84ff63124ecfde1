#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CredoRun
import Testing

/// The SIGINT handler sets the flag the launcher checks between updates, instead of killing the
/// process. The signal goes to the process (`kill`), since test threads may block signals, and is
/// handled asynchronously, so the test waits for it. Only one is sent: a second would exit the
/// test process, by design. The handler stays installed, so a late delivery cannot kill the run.
@Suite("Interrupt signal")
struct InterruptSignalTests {
    @Test func aSIGINTSetsTheStopFlag() {
        InterruptSignal.reset()
        InterruptSignal.install()
        #expect(!InterruptSignal.isRequested)
        kill(getpid(), SIGINT)
        for _ in 0..<200 where !InterruptSignal.isRequested { usleep(5_000) }
        #expect(InterruptSignal.isRequested)
        InterruptSignal.reset()
        #expect(!InterruptSignal.isRequested)
        #expect(InterruptSignal.exitStatus == 130)
    }
}
