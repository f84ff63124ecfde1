import CredoEnvironments
import CredoTestSupport
import Foundation
import Testing

/// The bridge's polling before it sleeps (`GymPython.spinSeconds`): on only where every process
/// keeps a core, its setting checked, and the same episodes with it and without.
@Suite struct GymSpinTests {
    @Test func pollingNeedsACoreForEveryProcess() {
        #expect(GymPython.spinFits(workers: 1, localRanks: 1, cores: 2))
        #expect(!GymPython.spinFits(workers: 2, localRanks: 1, cores: 2), "two workers and this process on 2 cores")
        #expect(!GymPython.spinFits(workers: 1, localRanks: 2, cores: 2), "two ranks with a worker each on 2 cores")
        #expect(GymPython.spinFits(workers: 3, localRanks: 2, cores: 8))
        #expect(!GymPython.spinFits(workers: 4, localRanks: 2, cores: 8))
    }

    /// rl-train with `CREDO_GYM_SPIN_US` = 0 (sleep at once) and 500 writes the same metrics but
    /// for the clock; a value outside the rule stops it before training, naming the rule.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func pollingChangesNothingButTime() throws {
        let python = try GymTestSupport.requireGymnasium()
        var metrics: [[Substring]] = []
        for spin in ["0", "500"] {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-spin-\(spin)-\(getpid())").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let run = try ToolProcess.run("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                       "--num-envs", "1", "--total-steps", "256", "--run-dir", folder, "--quiet"],
                                          environment: [GymPython.variable: python, GymPython.spinVariable: spin])
            #expect(run.status == 0, "\(run.text)")
            let rows = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8).split(separator: "\n")
            metrics.append(rows.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")[...] })
        }
        #expect(metrics[0].count > 2)
        #expect(metrics[0] == metrics[1], "the same rows with and without polling (wall_seconds aside)")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-spin-bad-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bad = try ToolProcess.run("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                   "--total-steps", "256", "--run-dir", folder, "--quiet"],
                                      environment: [GymPython.variable: python, GymPython.spinVariable: "fast"])
        #expect(bad.status == 1)
        #expect(bad.text.contains("CREDO_GYM_SPIN_US=fast is not valid") && bad.text.contains("from 0"), "\(bad.text)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/metrics.csv"), "nothing trained")
    }
}
