import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// One writer per run folder: `RunLock` in process, and two real `rl-train` processes.
@Suite("Run lock")
struct RunLockTests {
    @Test func aSecondLockIsRefusedUntilTheFirstIsReleased() throws {
        let directory = try TemporaryDirectory()
        let first = try RunLock.acquire(directory.path)
        #expect(first.staleHolder == nil)
        #expect(throws: RunError.runDirectoryLocked(path: directory.path, pid: getpid())) { try RunLock.acquire(directory.path) }
        first.release()
        #expect(!FileManager.default.fileExists(atPath: directory.file(RunLock.fileName)), "release deletes the lock file")
        let second = try RunLock.acquire(directory.path)
        #expect(second.staleHolder == nil)
    }

    @Test func aLockFileLeftByADeadProcessIsTakenOverAndNamed() throws {
        let directory = try TemporaryDirectory()
        // A pid far above pid_max: no process holds it.
        try Data("99999999\n".utf8).write(to: URL(fileURLWithPath: directory.file(RunLock.fileName)))
        let lock = try RunLock.acquire(directory.path)
        #expect(lock.staleHolder == 99_999_999)
        #expect(try String(contentsOfFile: directory.file(RunLock.fileName), encoding: .utf8) == "\(getpid())\n")
    }

    private static let longRun = ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--total-steps", "100000000",
                                  "--checkpoint-every", "1000", "--quiet"]

    /// Starts a long rl-train in `run` and waits until it holds the lock and has saved a checkpoint.
    private func startHolder(_ run: String) throws -> ToolProcess {
        let holder = try ToolProcess("rl-train", Self.longRun + ["--run-dir", run])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? String(contentsOfFile: run + "/" + RunLock.fileName, encoding: .utf8)) != "\(holder.pid)\n"
            || (try? FileManager.default.contentsOfDirectory(atPath: run + "/checkpoints").isEmpty) != false {
            usleep(20_000)
        }
        return holder
    }

    @Test func aSecondProcessIsRefusedFreshOrResumingAndAKilledHoldersLockIsTakenOver() throws {
        let directory = try TemporaryDirectory()
        let run = directory.file("run")
        let holder = try startHolder(run)
        defer { kill(holder.pid, SIGKILL) }
        let refusal = "rl-train: error: run directory \(run) is in use by another rl-train process (pid \(holder.pid))"

        let fresh = try ToolProcess.run("rl-train", Self.longRun + ["--run-dir", run])
        #expect(fresh.status == 1)
        #expect(fresh.errors.hasPrefix(refusal), "\(fresh.errors)")
        let forced = try ToolProcess.run("rl-train", Self.longRun + ["--run-dir", run, "--force"])
        #expect(forced.status == 1 && forced.errors.hasPrefix(refusal), "\(forced.errors)")
        let resumed = try ToolProcess.run("rl-train", ["--resume", run, "--quiet"])
        #expect(resumed.status == 1 && resumed.errors.hasPrefix(refusal), "\(resumed.errors)")
        #expect(holder.process.isRunning, "the refused processes left the holder alone")

        kill(holder.pid, SIGKILL)
        #expect(holder.wait().status == 128 + SIGKILL)
        let takeover = try ToolProcess.run("rl-train", ["--resume", run, "--total-steps", "1", "--checkpoint-every", "1000"])
        #expect(takeover.status == 0, "\(takeover.text)")
        #expect(takeover.output.contains("took over the lock of pid \(holder.pid), which is no longer running"), "\(takeover.output)")
        #expect(!FileManager.default.fileExists(atPath: run + "/" + RunLock.fileName), "the finished run released its lock")
    }

    @Test func resumingARunThatHasNoCheckpointYetNamesItsHolder() throws {
        let directory = try TemporaryDirectory()
        let holder = try RunLock.acquire(directory.path)
        defer { holder.release() }
        #expect(throws: RunError.runDirectoryLocked(path: directory.path, pid: getpid())) {
            try countingLauncher().run(countingRequest(directory.path, totalSteps: 10, resume: directory.path))
        }
    }

    @Test func twoFreshRunsStartedTogetherLeaveOneRunsFiles() throws {
        for attempt in 0..<4 {
            let directory = try TemporaryDirectory()
            let run = directory.file("run")
            let arguments = ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--total-steps", "600", "--quiet", "--run-dir", run]
            let first = try ToolProcess("rl-train", arguments + ["--seed", "1"])
            let second = try ToolProcess("rl-train", arguments + ["--seed", "2"])
            let results = [first.wait(), second.wait()]
            #expect(results.map(\.status).sorted() == [0, 1], "attempt \(attempt): \(results.map(\.text))")
            let winner = results[0].status == 0 ? 1 : 2
            let config = try String(contentsOfFile: run + "/config.json", encoding: .utf8)
            #expect(config.contains("\"seed\" : \(winner)"), "config.json is the winner's")
            let loser = results.first { $0.status == 1 }
            #expect(loser?.errors.contains("is in use by another rl-train process") == true
                || loser?.errors.contains("is not empty") == true, "\(loser?.errors ?? "")")
        }
    }
}
