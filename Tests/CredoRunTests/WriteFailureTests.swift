import CredoCheckpoint
import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// A disk that fills up mid-run: rl-train ends with an error message and exit status 1 (never a
/// crash), every file written before is intact, and resuming once there is room again gives
/// exactly the uninterrupted run's final checkpoint and metrics.
@Suite("Write failures", .serialized)
struct WriteFailureTests {
    private static let training = ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--seed", "5", "--total-steps", "3000",
                                   "--checkpoint-every", "500", "--keep-checkpoints", "2", "--quiet"]

    /// RELAX's checkpoints (about 290 KiB) fill a 1 MiB disk by the fourth, as in the report.
    private static let relaxTraining = ["--env", "cartpole", "--estimator", "relax", "--no-preset", "--seed", "5",
                                        "--total-steps", "10000", "--checkpoint-every", "2000", "--quiet"]

    private static let reference = uninterrupted(training)
    private static let relaxReference = uninterrupted(relaxTraining)

    /// The final checkpoint and metrics of the run `arguments` make, uninterrupted.
    private static func uninterrupted(_ arguments: [String]) -> (checkpoint: [String: [UInt64]], metrics: String)? {
        guard let directory = try? TemporaryDirectory() else { return nil }
        let run = directory.file("whole")
        guard (try? ToolProcess.run("rl-train", arguments + ["--run-dir", run]))?.status == 0,
              let latest = try? CheckpointRotation.latest(in: run + "/checkpoints"),
              let bits = try? bitPatterns(ofFile: latest),
              let metrics = try? metricsWithoutWallClock(run + "/metrics.csv") else { return nil }
        return (bits, metrics)
    }

    /// Checks what a failed run left in `run`, resumes it and compares with the reference.
    private func expectIntactAndExactlyResumable(_ run: String, failure: ToolProcess.Result,
                                                 reference: (checkpoint: [String: [UInt64]], metrics: String)?) throws {
        #expect(failure.status == 1, "a write failure exits 1: \(failure.text)")
        #expect(failure.errors.contains("No space left on device"), "\(failure.errors)")
        #expect(!failure.text.contains("crashed"), "\(failure.text)")
        let checkpoints = try CheckpointRotation(directory: run + "/checkpoints").checkpoints()
        #expect(!checkpoints.isEmpty)
        for entry in checkpoints { _ = try Checkpoint.read(from: entry.path) }  // every earlier checkpoint is whole
        _ = try MetricsLog.readRows(path: run + "/metrics.csv")
        let files = try FileManager.default.subpathsOfDirectory(atPath: run)
        #expect(files.filter { $0.contains(".tmp-") }.isEmpty, "no temporary left: \(files)")

        let resumed = try ToolProcess.run("rl-train", ["--resume", run, "--quiet"])
        #expect(resumed.status == 0, "\(resumed.text)")
        let reference = try #require(reference)
        let latest = try #require(try CheckpointRotation.latest(in: run + "/checkpoints"))
        #expect(differingDatasets(try bitPatterns(ofFile: latest), reference.checkpoint) == [])
        #expect(try metricsWithoutWallClock(run + "/metrics.csv") == reference.metrics, "metrics.csv equals the uninterrupted run's (but for wall_seconds)")
    }

    /// The fault-injection seam (`CREDO_INJECT_WRITE_FAILURE`): the disk "fills" after the n-th
    /// guarded write (config.json, metrics flushes, checkpoints, the curve), which runs anywhere.
    @Test(arguments: [4, 5, 6, 9])
    func anInjectedFullDiskIsAnErrorAndResumesExactly(writesBeforeFailure: Int) throws {
        let directory = try TemporaryDirectory()
        let run = directory.file("run")
        let failure = try ToolProcess.run("rl-train", Self.training + ["--run-dir", run],
                                          environment: [WriteFaultInjection.environmentVariable: "\(writesBeforeFailure)"])
        try expectIntactAndExactlyResumable(run, failure: failure, reference: Self.reference)
    }

    /// A real full disk: a 1 MiB tmpfs (root only; skipped otherwise), then grown to make room.
    @Test(.enabled(if: getuid() == 0, "mounting a tmpfs needs root; the injected failures above cover the unprivileged case"))
    func aRealFullTmpfsIsAnErrorAndResumesExactlyAfterGrowingIt() throws {
        let directory = try TemporaryDirectory()
        let mountPoint = directory.file("disk")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mount = try ToolProcess.run("/bin/mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint])
        try #require(mount.status == 0, "mount failed: \(mount.text)")
        defer { _ = try? ToolProcess.run("/bin/umount", [mountPoint]) }
        let run = mountPoint + "/run"
        let failure = try ToolProcess.run("rl-train", Self.relaxTraining + ["--run-dir", run])
        let grow = try ToolProcess.run("/bin/mount", ["-o", "remount,size=64m", mountPoint])
        try #require(grow.status == 0, "\(grow.text)")
        try expectIntactAndExactlyResumable(run, failure: failure, reference: Self.relaxReference)
    }
}
