import CredoCheckpoint
import CredoRun
import CredoTensor
import CredoTestSupport
import Foundation
import Testing

/// A run checkpoint written by rl-train before the run layer knew trainer families (commit
/// 8aeac65: a2c on cartpole, 320 steps) resumes in today's rl-train exactly: its second half
/// gives the same final checkpoint as today's uninterrupted run, and rl-eval plays it. Both runs
/// take OpenBLAS for every product (`CREDO_SMALL_GEMM=0`), as rl-train did when the fixture was
/// written: an exact continuation needs the rounding path that wrote the first half.
@Suite("Checkpoints of earlier versions")
struct OldCheckpointTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/a2c-run-before-trainer-families.h5").path
    static let arguments = ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--seed", "3", "--num-envs", "2",
                            "--rollout-steps", "8", "--hidden-sizes", "16", "--checkpoint-every", "320", "--quiet"]

    static let openBLAS = ["CREDO_SMALL_GEMM": "0"]

    @Test func aCheckpointFromBeforeTrainerFamiliesResumesExactly() throws {
        let temporary = try TemporaryDirectory()
        let whole = temporary.file("whole"), resumed = temporary.file("resumed")
        let straight = try ToolProcess.run("rl-train", Self.arguments + ["--total-steps", "640", "--run-dir", whole],
                                              environment: Self.openBLAS)
        try #require(straight.status == 0, "\(straight.text)")
        let continued = try ToolProcess.run("rl-train", ["--resume", Self.fixture, "--run-dir", resumed, "--total-steps", "640", "--quiet"],
                                               environment: Self.openBLAS)
        try #require(continued.status == 0, "\(continued.text)")
        let a = try Checkpoint.read(from: whole + "/checkpoints/ckpt-0000000640.h5")
        let b = try Checkpoint.read(from: resumed + "/checkpoints/ckpt-0000000640.h5")
        #expect(differingDatasets(bitPatterns(a), bitPatterns(b)) == [])
        #expect(a.attributes == b.attributes)
        let evaluation = try ToolProcess.run("rl-eval", ["--checkpoint", Self.fixture, "--episodes", "2"])
        #expect(evaluation.status == 0 && evaluation.output.contains("mean return"), "\(evaluation.text)")
    }

    /// The fixture's products ran on OpenBLAS (it has no `matrix_products` attribute): resumed on
    /// the small kernel (the default on AVX2 CPUs) rl-train says the continuation is not bit for
    /// bit and how to make it so; on OpenBLAS it says nothing. A value of `CREDO_SMALL_GEMM` other
    /// than 0 or 1 stops rl-train before it starts, naming the valid choices.
    @Test func resumingOnAnotherRoundingPathSaysSo() throws {
        let temporary = try TemporaryDirectory()
        let note = "not bit for bit"
        let kernel = try ToolProcess.run("rl-train", ["--resume", Self.fixture, "--run-dir", temporary.file("kernel"),
                                                      "--total-steps", "400", "--quiet"], environment: ["CREDO_SMALL_GEMM": "1"])
        try #require(kernel.status == 0, "\(kernel.text)")
        #expect(kernel.text.contains(note) == MatrixProducts.smallKernelAvailable, "\(kernel.text)")
        if MatrixProducts.smallKernelAvailable { #expect(kernel.text.contains("CREDO_SMALL_GEMM=0 to continue exactly")) }
        let blas = try ToolProcess.run("rl-train", ["--resume", Self.fixture, "--run-dir", temporary.file("blas"),
                                                    "--total-steps", "400", "--quiet"], environment: Self.openBLAS)
        try #require(blas.status == 0, "\(blas.text)")
        #expect(!blas.text.contains(note), "\(blas.text)")
        let invalid = try ToolProcess.run("rl-train", Self.arguments + ["--total-steps", "64", "--run-dir", temporary.file("invalid")],
                                          environment: ["CREDO_SMALL_GEMM": "yes"])
        #expect(invalid.status != 0)
        #expect(invalid.text.contains("CREDO_SMALL_GEMM=yes is not a valid setting") && invalid.text.contains("valid choices: 1"),
                "\(invalid.text)")
        #expect(!FileManager.default.fileExists(atPath: temporary.file("invalid")))
    }
}
