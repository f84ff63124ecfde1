import CredoSweep
import Foundation
import Testing

/// `rl-sweep --tuned-only`: a pair whose preset has no section for the estimator is recorded as
/// skipped with the reason, without starting rl-train, and shown in the report's notes; the
/// tuned pair runs. Without the flag (the negative control) both run. The preset is the one
/// rl-train would use: a working directory's `envs/<env>.json`, else the built-in one.
@Suite("rl-sweep --tuned-only", .serialized)
struct SweepTunedOnlyTests {
    /// A working directory whose `envs/cartpole.json` tunes a2c alone (an empty section) with a
    /// 1 000-step budget and a goal of 20.
    static func workingDirectory() throws -> String {
        let root = NSTemporaryDirectory() + "credo-tuned-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root + "/envs", withIntermediateDirectories: true)
        let preset = #"{ "goal": 20, "defaults": { "totalSteps": 1000, "checkpointEvery": 1000 }, "estimators": { "a2c": {} } }"#
        try Data(preset.utf8).write(to: URL(fileURLWithPath: root + "/envs/cartpole.json"))
        return root
    }

    static func sweep(_ flags: [String], in root: String, out: String) throws -> (status: Int32, output: String) {
        let arguments = ["--envs", "cartpole", "--estimators", "a2c,reinforce", "--seeds", "1", "--jobs", "1",
                         "--resamples", "50", "--out", out] + flags + ["--", "--hidden-sizes", "8"]
        let process = try SweepProcess(arguments, output: root + "/" + out + ".log", directory: root)
        let status = process.wait()
        return (status, process.output)
    }

    static let reinforce = SweepCombination(environment: "cartpole", estimator: "reinforce", seed: 1)
    static let a2c = SweepCombination(environment: "cartpole", estimator: "a2c", seed: 1)

    @Test func onlyTheTunedPairRuns() throws {
        let root = try Self.workingDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (status, output) = try Self.sweep(["--tuned-only"], in: root, out: "tuned")
        #expect(status == 0, "\(output)")
        let sweep = root + "/tuned"
        let reason = "no tuned settings for reinforce in the cartpole preset (--tuned-only)"
        #expect(RunStatus.load(in: sweep, for: Self.reinforce) == RunStatus(state: .skipped, exitStatus: 0, message: reason))
        #expect(RunStatus.load(in: sweep, for: Self.a2c)?.state == .finished)
        #expect(!FileManager.default.fileExists(atPath: sweep + "/" + Self.reinforce.relativePath), "rl-train never started")
        #expect(!FileManager.default.fileExists(atPath: sweep + "/logs/" + Self.reinforce.label + ".log"))
        #expect(FileManager.default.fileExists(atPath: sweep + "/" + Self.a2c.relativePath + "/metrics.csv"))
        let markdown = try String(contentsOfFile: sweep + "/sweep.md", encoding: .utf8)
        #expect(markdown.contains("| reinforce | 0/1 |") && markdown.contains("skipped: " + reason), "\(markdown)")

        // Negative control: the same sweep without the flag trains both.
        let (plainStatus, plainOutput) = try Self.sweep([], in: root, out: "plain")
        #expect(plainStatus == 0, "\(plainOutput)")
        for combination in [Self.a2c, Self.reinforce] {
            #expect(RunStatus.load(in: root + "/plain", for: combination)?.state == .finished, "\(combination.label)")
        }
        #expect(!(try String(contentsOfFile: root + "/plain/sweep.md", encoding: .utf8)).contains("skipped"))
    }

    /// From a directory without envs/, the built-in presets decide (lunarlander has no sac
    /// section): nothing runs. `--no-preset` leaves nothing tuned and is refused with the reason.
    @Test func theBuiltInPresetsDecideAnywhereAndNoPresetIsRefused() throws {
        let root = NSTemporaryDirectory() + "credo-tuned-builtin-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let process = try SweepProcess(["--envs", "lunarlander", "--estimators", "sac", "--seeds", "100", "--tuned-only",
                                        "--resamples", "50", "--out", "out"], output: root + "/out.log", directory: root)
        #expect(process.wait() == 0, "\(process.output)")
        let combination = SweepCombination(environment: "lunarlander", estimator: "sac", seed: 100)
        #expect(RunStatus.load(in: root + "/out", for: combination)?.message == "no tuned settings for sac in the lunarlander preset (--tuned-only)")
        #expect(!process.output.contains("starting"), "\(process.output)")

        let refused = try SweepProcess(["--envs", "lunarlander", "--estimators", "a2c", "--seeds", "100", "--tuned-only",
                                        "--out", "refused", "--", "--no-preset"], output: root + "/refused.log", directory: root)
        #expect(refused.wait() != 0)
        #expect(refused.output.contains("cannot go with --no-preset"), "\(refused.output)")
        #expect(!FileManager.default.fileExists(atPath: root + "/refused"))
    }

    /// `--exclude cartpole:reinforce` leaves that pair out with its reason and trains the other
    /// (the negative control is the plain sweep above, which trains both); an entry naming a
    /// pair outside the sweep, or without the colon, is refused before anything starts.
    @Test func excludedPairsAreSkippedWithTheirReason() throws {
        let root = try Self.workingDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let (status, output) = try Self.sweep(["--exclude", "cartpole:reinforce"], in: root, out: "excluded")
        #expect(status == 0, "\(output)")
        let sweep = root + "/excluded"
        let reason = "excluded from this sweep (--exclude cartpole:reinforce)"
        #expect(RunStatus.load(in: sweep, for: Self.reinforce) == RunStatus(state: .skipped, exitStatus: 0, message: reason))
        #expect(RunStatus.load(in: sweep, for: Self.a2c)?.state == .finished)
        #expect(!FileManager.default.fileExists(atPath: sweep + "/" + Self.reinforce.relativePath), "rl-train never started")

        for (bad, message) in [("cartpole:sac", "not among --estimators"), ("pendulum:a2c", "not among --envs"), ("cartpole", "give ENV:ESTIMATOR")] {
            let (badStatus, badOutput) = try Self.sweep(["--exclude", bad], in: root, out: "bad")
            #expect(badStatus != 0)
            #expect(badOutput.contains(message), "\(badOutput)")
            #expect(!FileManager.default.fileExists(atPath: root + "/bad"))
        }
    }
}
