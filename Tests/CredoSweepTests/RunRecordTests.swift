import CredoStatistics
import CredoSweep
import Foundation
import Testing

@Suite("Run records of a sweep")
struct RunRecordTests {
    /// A run folder whose metrics hold `returns` as episodes, episode i ending at step 10·(i+1)
    /// at wall-clock i/2 seconds.
    static func makeRun(_ sweep: String, _ combination: SweepCombination, returns: [Double]) throws {
        var rows = ""
        for (index, value) in returns.enumerated() {
            let step = 10 * (index + 1)
            rows += "episode,\(step),\(index + 1),\(index + 1),\(value),10,,,,,,,,,,\(Double(index) / 2)\n"
            rows += "update,\(step),\(index + 1),\(index + 1),,,0.1,,,,,,\(-Double(index) / 100),,,\(Double(index) / 2)\n"
        }
        try SweepFixture.writeRun(sweep, combination, rows: rows, totalSteps: 10 * returns.count)
    }

    @Test func theGoalNeedsAHundredEpisodesAndItsMean() throws {
        let sweep = NSTemporaryDirectory() + "credo-record-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let combination = SweepCombination(environment: "cartpole", estimator: "a2c", seed: 1)
        // Returns 0, 1, 2, ...: the rolling-100 mean after episode k (k ≥ 100) is k − 50.5.
        try Self.makeRun(sweep, combination, returns: (0..<200).map(Double.init))
        let record = try #require(try RunRecord.read(sweep: sweep, combination: combination))
        #expect(record.episodes.count == 200 && record.logVariance.count == 200 && record.totalSteps == 2000)
        // 60 is first reached at episode 111 (mean 60.5 of returns 11...110): step 1110, wall 55 s.
        let reached = try #require(record.goalReached(60))
        #expect(reached.step == 1110 && reached.wall == 55)
        // Negative control: the single return 60 at episode 61 (step 610) is not the goal.
        #expect(reached.step != 610)
        // Episode 5's running mean of 5 values is 2 ≥ 1.5, but fewer than 100 episodes: not the goal either.
        #expect(try #require(record.goalReached(1.5)).step == 1000)
        #expect(record.goalReached(150) == nil)
        #expect(record.finalReturn == 149.5)
        #expect(record.curve(at: [5, 10, 1000, 2000, 2010]) == [nil, 0, 49.5, 149.5, nil])
    }

    @Test func theReportCountsSuccessesWithWilsonIntervals() throws {
        let sweep = NSTemporaryDirectory() + "credo-report-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let plan = SweepPlan(environments: ["cartpole"], estimators: ["a2c", "relax"], seeds: [1, 2, 3], goals: ["cartpole": 100])
        for seed: UInt64 in 1...3 {
            // a2c: seed s climbs to 100 + 20 s; relax stays at 50.
            try Self.makeRun(sweep, SweepCombination(environment: "cartpole", estimator: "a2c", seed: seed),
                             returns: (0..<150).map { Double($0) * (1 + Double(seed) / 5) })
            try Self.makeRun(sweep, SweepCombination(environment: "cartpole", estimator: "relax", seed: seed),
                             returns: Array(repeating: 50, count: 150))
        }
        let report = try SweepReport.make(sweep: sweep, plan: plan, resamples: 200)
        let a2c = try #require(report.cells.first { $0.estimator == "a2c" })
        let relax = try #require(report.cells.first { $0.estimator == "relax" })
        #expect(a2c.successes == 3 && relax.successes == 0)
        #expect(a2c.success == WilsonInterval(successes: 3, trials: 3))
        #expect(relax.finalReturn == .init(point: 50, lower: 50, upper: 50))
        #expect(report.improvements.count == 1 && report.improvements[0].probability.point == 1)
        #expect(a2c.learningCurve?.steps.count == SweepReport.gridPoints)
        #expect(try SweepReport.make(sweep: sweep, plan: plan, resamples: 200) == report, "the same folders give the same report")
    }
}
