import CredoCheckpoint
import CredoRun
import Foundation
import Testing

/// Bad checkpoints and mismatched resumes fail with a clear error and change no file.
@Suite("Resume failures")
struct ResumeFailureTests {
    /// A finished 60-step run in a fresh temporary directory.
    private func finishedRun() throws -> (TemporaryDirectory, RunDirectory, String) {
        let temporary = try TemporaryDirectory()
        let directory = RunDirectory(path: temporary.file("run"))
        let outcome = try countingLauncher().run(countingRequest(directory.path, totalSteps: 60))
        return (temporary, directory, outcome.lastCheckpoint!)
    }

    @Test func aTruncatedCheckpointIsAnErrorAndNothingIsOverwritten() throws {
        let (temporary, directory, checkpoint) = try finishedRun()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: checkpoint))
        let before = try snapshot(temporary.path)
        do {
            _ = try countingLauncher().run(countingRequest(directory.path, totalSteps: 120, resume: directory.path))
            Issue.record("resuming a truncated checkpoint succeeded")
        } catch let error as CheckpointError {
            guard case .corruptFile(let path, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path == checkpoint)
            #expect(error.description.contains("corrupt or truncated"))
        }
        #expect(try snapshot(temporary.path) == before)
    }

    @Test func aCorruptedCheckpointIsAnErrorAndNothingIsOverwritten() throws {
        let (temporary, directory, checkpoint) = try finishedRun()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
        bytes[bytes.count - 100] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: checkpoint))
        let before = try snapshot(temporary.path)
        #expect {
            try countingLauncher().run(countingRequest(directory.path, totalSteps: 120, resume: checkpoint))
        } throws: { error in
            (error as? CheckpointError).map { if case .corruptFile = $0 { true } else { false } } ?? false
        }
        #expect(try snapshot(temporary.path) == before)
    }

    @Test func aMissingCheckpointOrAnEmptyRunIsAnError() throws {
        let temporary = try TemporaryDirectory()
        let missing = temporary.file("nothing-here.h5")
        #expect(throws: RunError.noCheckpoint(path: missing, reason: "no such file or directory")) {
            try countingLauncher().run(countingRequest(temporary.path, totalSteps: 10, resume: missing))
        }
        #expect(throws: RunError.noCheckpoint(path: temporary.path, reason: "the directory holds no checkpoint (ckpt-<step>.h5)")) {
            try countingLauncher().run(countingRequest(temporary.path, totalSteps: 10, resume: temporary.path))
        }
        let notHDF5 = temporary.file("ckpt.h5")
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: notHDF5))
        #expect { try countingLauncher().run(countingRequest(temporary.path, totalSteps: 10, resume: notHDF5)) }
            throws: { error in (error as? CheckpointError).map { if case .notHDF5 = $0 { true } else { false } } ?? false }
    }

    @Test func changingTheArchitectureOrTheEnvironmentOnResumeNamesTheKey() throws {
        let (temporary, directory, _) = try finishedRun()
        let before = try snapshot(temporary.path)
        #expect(throws: RunError.resumeConflict(key: "hiddenSizes", saved: "[3,2]", given: "[8]")) {
            try countingLauncher().run(countingRequest(directory.path, totalSteps: 120, extra: ["hiddenSizes": .integers([8])], resume: directory.path))
        }
        #expect(throws: RunError.resumeConflict(key: "environment", saved: "\"cartpole\"", given: "\"lunarlander\"")) {
            try countingLauncher().run(countingRequest(directory.path, totalSteps: 120, extra: ["environment": .text("lunarlander")], resume: directory.path))
        }
        let message = RunError.resumeConflict(key: "hiddenSizes", saved: "[3,2]", given: "[8]").description
        #expect(message.contains("--hidden-sizes [3,2]") && message.contains("[8] was given"))
        #expect(try snapshot(temporary.path) == before)
    }

    @Test func aCheckpointFromAnotherArchitectureIsRejectedBeforeTheTrainerSeesIt() throws {
        let (temporary, directory, checkpoint) = try finishedRun()
        // A checkpoint whose configuration claims wider layers than its parameters have.
        var altered = try Checkpoint.read(from: checkpoint)
        var configuration = try RunConfiguration(json: altered.attribute("config"), source: checkpoint)
        configuration.agent.hiddenSizes = [4, 4]
        altered.attributes["config"] = configuration.compactJSON
        let elsewhere = temporary.file("other.h5")
        try altered.write(to: elsewhere)
        let before = try snapshot(temporary.path)
        #expect {
            try countingLauncher().run(countingRequest(directory.path, totalSteps: 120, resume: elsewhere))
        } throws: { error in
            "\(error)" == "checkpoint \(elsewhere) is inconsistent: dataset \"params/policy/weights\" has shape [5], expected [8]"
        }
        #expect(try snapshot(temporary.path) == before)
    }

    @Test func aCheckpointWithoutARunConfigurationIsAnError() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("bare.h5")
        var bare = Checkpoint()
        try bare.set("params/w", [Float(1)], shape: [1])
        try bare.write(to: path)
        #expect(throws: RunError.invalidCheckpointConfiguration(path: path, reason: "it has no \"config\" attribute (was it written by rl-train?)")) {
            try countingLauncher().run(countingRequest(temporary.path, totalSteps: 10, resume: path))
        }
    }

    @Test func theResumeLocatorFindsTheNewestCheckpointOfARun() throws {
        let (temporary, directory, checkpoint) = try finishedRun()
        defer { withExtendedLifetime(temporary) {} }
        #expect(try ResumeLocator.locate(directory.path) == .init(checkpoint: checkpoint, runDirectory: directory.path))
        #expect(try ResumeLocator.locate(directory.checkpointsPath) == .init(checkpoint: checkpoint, runDirectory: directory.path))
        #expect(try ResumeLocator.locate(checkpoint) == .init(checkpoint: checkpoint, runDirectory: directory.path))
    }
}
