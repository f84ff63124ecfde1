import CredoSweep
import Foundation
import Testing

/// The report's cumulative regret (the bandits' `regret` metric, one value per update row)
/// against sums made by hand, with known-wrong variants that must differ.
@Suite("Sweep report: cumulative regret")
struct SweepRegretTests {
    /// A bandit run of `perUpdate.count` updates of 32 pulls each: update u's row holds regret
    /// perUpdate[u] (and another extra metric beside it); episode rows between them carry none.
    static func makeRun(_ sweep: String, _ combination: SweepCombination, perUpdate: [Double]) throws {
        var rows = ""
        for (index, regret) in perUpdate.enumerated() {
            let step = 32 * (index + 1)
            rows += "episode,\(step),\(index + 1),\(index),1.0,1,,,,,,,,,,\(Double(index))\n"
            rows += "update,\(step),\(index + 1),\(index + 1),,,0.1,,,,,,,,replay=7;regret=\(regret),\(Double(index))\n"
        }
        try SweepFixture.writeRun(sweep, combination, rows: rows, totalSteps: 32 * perUpdate.count)
    }

    @Test func cumulativeRegretEqualsHandSums() throws {
        let sweep = NSTemporaryDirectory() + "credo-regret-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        // Seed s: 8 updates (256 pulls), regret s in each of the first four updates, then 0.5.
        // Cumulative at step 64 (2 updates): 2s; at 128: 4s; at 256: 4s + 2.
        for seed: UInt64 in 1...4 {
            let s = Double(seed)
            try Self.makeRun(sweep, SweepCombination(environment: "bandit-bernoulli", estimator: "reinforce", seed: seed),
                             perUpdate: Array(repeating: s, count: 4) + Array(repeating: 0.5, count: 4))
        }
        let one = try #require(try RunRecord.read(sweep: sweep, combination: SweepCombination(environment: "bandit-bernoulli",
                                                                                          estimator: "reinforce", seed: 3)))
        #expect(one.regret.map(\.value) == [3, 6, 9, 12, 12.5, 13, 13.5, 14])
        #expect(one.cumulativeRegret(at: [16, 64, 100, 256, 512]) == [nil, 6, 9, 14, nil])

        let plan = SweepPlan(environments: ["bandit-bernoulli"], estimators: ["reinforce"], seeds: [1, 2, 3, 4], goals: [:], window: 10)
        let report = try SweepReport.make(sweep: sweep, plan: plan, resamples: 200)
        let regret = try #require(report.cells.first?.regret)
        #expect(regret.steps == [64, 128, 256])
        // IQM over seeds (drop the lowest and highest of four): at 64, 2s for s = 2, 3 → 5;
        // at 128, 4s → 10; at 256, 4s + 2 → 12.
        #expect(regret.iqm == [5, 10, 12])
        for i in regret.steps.indices { #expect(regret.lower[i]! <= regret.iqm[i]! && regret.iqm[i]! <= regret.upper[i]!) }
        // Known-wrong variants: each point the update's own regret instead of the running sum
        // (IQM 2.5 at 64 and 128, 0.5 at 256), or the IQM over seeds of the per-update mean
        // regret (1.75 at 256).
        #expect(regret.iqm != [2.5, 2.5, 0.5])
        #expect(regret.iqm[2] != 1.75)
        #expect(report.cells[0].successes == 0 && report.cells[0].success == nil, "a bandit has no goal")

        let markdown = report.markdown()
        #expect(markdown.contains("Cumulative expected regret"), "\(markdown)")
        #expect(markdown.contains("| estimator | 64 | 128 | 256 |"), "\(markdown)")
        #expect(markdown.contains("| reinforce | 5 [") && markdown.contains("| 12 ["), "\(markdown)")
    }

    @Test func runsWithoutRegretHaveNoRegretTable() throws {
        let sweep = NSTemporaryDirectory() + "credo-noregret-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let combination = SweepCombination(environment: "cartpole", estimator: "a2c", seed: 1)
        try SweepFixture.writeRun(sweep, combination, rows: "episode,10,1,0,9.0,10,,,,,,,,,,0.1\nupdate,10,1,1,,,0.1,,,,,,,,other=2,0.1\n",
                                  totalSteps: 10)
        let report = try SweepReport.make(sweep: sweep, plan: SweepPlan(environments: ["cartpole"], estimators: ["a2c"], seeds: [1],
                                                                       goals: ["cartpole": 475], window: 10), resamples: 50)
        #expect(report.cells[0].regret == nil)
        #expect(!report.markdown().contains("Cumulative expected regret"))
    }

    @Test func regretStepsDoubleUpToTheBudget() {
        #expect(SweepReport.regretSteps(budget: 8192) == [64, 128, 256, 512, 1024, 2048, 4096, 8192])
        #expect(SweepReport.regretSteps(budget: 300) == [64, 128, 256, 300])
        #expect(SweepReport.regretSteps(budget: 40) == [40])
        #expect(SweepReport.regretSteps(budget: 0) == [])
    }
}
