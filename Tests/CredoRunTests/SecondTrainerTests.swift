import CredoCheckpoint
import CredoRun
import CredoTestTrainers
import CredoTestSupport
import Foundation
import Testing

/// The trainer seam: a second trainer family (the bandit trainer, with its own configuration
/// section) beside ActorCritic's in one catalog, through rl-train's whole path in separate
/// processes (`credo-test-train`, the launcher with that catalog): run folder, config.json,
/// metrics, checkpoints, and a resume in a new process that equals the uninterrupted run.
@Suite("A second trainer family through rl-train's path")
struct SecondTrainerTests {
    private static let base = ["environment=bandit-bernoulli", "estimator=bandit-loo", "seed=3", "samples=16",
                               "learningRate=0.05", "checkpointEvery=160"]

    private static func train(_ arguments: [String]) throws -> ToolProcess.Result {
        try ToolProcess("credo-test-train", arguments).wait()
    }

    @Test func resumingInANewProcessEqualsTheUninterruptedRun() throws {
        let temporary = try TemporaryDirectory()
        let whole = temporary.file("whole"), split = temporary.file("split")
        let straight = try Self.train(["--run-dir", whole] + Self.base + ["totalSteps=960"])
        try #require(straight.status == 0, "\(straight.text)")
        let first = try Self.train(["--run-dir", split] + Self.base + ["totalSteps=480"])
        try #require(first.status == 0, "\(first.text)")
        let resumed = try Self.train(["--resume", split, "totalSteps=960"])
        try #require(resumed.status == 0, "\(resumed.text)")
        let a = try Checkpoint.read(from: whole + "/checkpoints/ckpt-0000000960.h5")
        let b = try Checkpoint.read(from: split + "/checkpoints/ckpt-0000000960.h5")
        #expect(a == b)
        // Equal but for the wall-clock column (the last).
        #expect(try metricsWithoutWallClock(RunDirectory(path: whole).metricsPath)
            == metricsWithoutWallClock(RunDirectory(path: split).metricsPath))
        // config.json and the checkpoint's attribute hold the bandit trainer's section only.
        let configuration = try RunConfiguration(json: try #require(b.attributes["config"]), source: "checkpoint")
        #expect(Set(configuration.settings.keys) == ["environment", "estimator", "seed", "samples", "learningRate"])
        let saved = try String(contentsOfFile: whole + "/config.json", encoding: .utf8)
        #expect(try RunConfiguration(json: saved, source: "config.json") == configuration)
    }

    @Test func anotherFamilysOptionIsRefusedNamingTheTrainer() throws {
        let temporary = try TemporaryDirectory()
        let result = try Self.train(["--run-dir", temporary.file("run")] + Self.base + ["totalSteps=160", "rolloutSteps=4"])
        #expect(result.status == 1)
        #expect(result.errors.contains("unknown key \"rolloutSteps\"; valid keys: environment, estimator, seed, samples, learningRate, totalSteps"),
                "\(result.errors)")
        #expect(!FileManager.default.fileExists(atPath: temporary.file("run")), "nothing is written before every check passed")
        // ActorCritic's estimators still train from the same catalog.
        let ac = try Self.train(["--run-dir", temporary.file("ac"), "environment=cartpole", "estimator=a2c", "totalSteps=64",
                                 "environmentCount=2", "rolloutSteps=8"])
        #expect(ac.status == 0, "\(ac.text)")
    }

    @Test func theBanditSectionIsValidatedOnce() throws {
        let temporary = try TemporaryDirectory()
        let result = try Self.train(["--run-dir", temporary.file("run")] + Self.base + ["totalSteps=160", "samples=1"])
        #expect(result.status == 1)
        #expect(result.errors.contains("samples"), "\(result.errors)")
    }
}
