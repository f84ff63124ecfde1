import CredoCheckpoint
import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// A run checkpoint written by rl-train before the run layer knew trainer families (commit
/// 8aeac65: a2c on cartpole, 320 steps) resumes in today's rl-train exactly: its second half
/// gives the same final checkpoint as today's uninterrupted run, and rl-eval plays it.
@Suite("Checkpoints of earlier versions")
struct OldCheckpointTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/a2c-run-before-trainer-families.h5").path
    static let arguments = ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--seed", "3", "--num-envs", "2",
                            "--rollout-steps", "8", "--hidden-sizes", "16", "--checkpoint-every", "320", "--quiet"]

    @Test func aCheckpointFromBeforeTrainerFamiliesResumesExactly() throws {
        let temporary = try TemporaryDirectory()
        let whole = temporary.file("whole"), resumed = temporary.file("resumed")
        let straight = try ToolProcess.run("rl-train", Self.arguments + ["--total-steps", "640", "--run-dir", whole])
        try #require(straight.status == 0, "\(straight.text)")
        let continued = try ToolProcess.run("rl-train", ["--resume", Self.fixture, "--run-dir", resumed, "--total-steps", "640", "--quiet"])
        try #require(continued.status == 0, "\(continued.text)")
        let a = try Checkpoint.read(from: whole + "/checkpoints/ckpt-0000000640.h5")
        let b = try Checkpoint.read(from: resumed + "/checkpoints/ckpt-0000000640.h5")
        #expect(differingDatasets(bitPatterns(a), bitPatterns(b)) == [])
        #expect(a.attributes == b.attributes)
        let evaluation = try ToolProcess.run("rl-eval", ["--checkpoint", Self.fixture, "--episodes", "2"])
        #expect(evaluation.status == 0 && evaluation.output.contains("mean return"), "\(evaluation.text)")
    }
}
