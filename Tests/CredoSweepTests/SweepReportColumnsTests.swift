import CredoStatistics
import CredoSweep
import Foundation
import Testing

/// The report's episodes to the goal, the mean policy-gradient log-variance and the
/// across-copies probe, against values computed by hand on a small fixed sweep folder; each
/// with a known-wrong variant that must differ.
@Suite("Sweep report: episodes to goal and log-variance columns")
struct SweepReportColumnsTests {
    /// A run whose episodes have `returns` (episode i ends at step 10·(i+1)) followed by update
    /// rows with `updates`' log-variance and `extra` text.
    static func makeRun(_ sweep: String, _ combination: SweepCombination, returns: [Double],
                        updates: [(logVariance: Double, extra: String)]) throws {
        var rows = ""
        for (index, value) in returns.enumerated() {
            rows += "episode,\(10 * (index + 1)),\(index + 1),0,\(value),10,,,,,,,,,,\(Double(index))\n"
        }
        let last = 10 * returns.count
        for (index, update) in updates.enumerated() {
            rows += "update,\(last),\(returns.count),\(index + 1),,,0.1,,,,,,\(update.logVariance),,\(update.extra),\(Double(returns.count))\n"
        }
        try SweepFixture.writeRun(sweep, combination, rows: rows, totalSteps: last)
    }

    @Test func columnsEqualHandComputedValues() throws {
        let sweep = NSTemporaryDirectory() + "credo-columns-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let plan = SweepPlan(environments: ["cartpole"], estimators: ["relax"], seeds: [1, 2, 3, 4], goals: ["cartpole": 10], window: 10)
        // Seed s: 5s returns of 0, then 30 of 20. The rolling-10 mean first reaches 10 with five
        // zeros and five twenties in the window: after episode 5s + 5, i.e. 10, 15, 20, 25.
        // Log-variances [-s, -s - 2] (means -2, -3, -4) and [-8, -10] (mean -9) for seed 4:
        // IQM (drop the lowest and highest of four) = (-4 + -3) / 2 = -3.5.
        // Probe across copies -s and -s - 1 (means -1.5 ... -4.5, IQM -3); without c_φ 0.5.
        for seed: UInt64 in 1...4 {
            let s = Double(seed)
            let variances = seed == 4 ? [-8.0, -10] : [-s, -s - 2]
            let extras = ["other=3;pg_log_variance_across_copies=\(-s);pg_log_variance_across_copies_without_control_variate=0.5",
                          "pg_log_variance_across_copies=\(-s - 1)"]
            try Self.makeRun(sweep, SweepCombination(environment: "cartpole", estimator: "relax", seed: seed),
                             returns: Array(repeating: 0, count: 5 * Int(seed)) + Array(repeating: 20, count: 30),
                             updates: zip(variances, extras).map { ($0, $1) })
        }
        let report = try SweepReport.make(sweep: sweep, plan: plan, resamples: 200)
        let cell = try #require(report.cells.first)
        #expect(cell.successes == 4)
        // Episodes 10, 15, 20, 25: median 17.5, quartiles (NumPy's linear rule) 13.75 and 21.25.
        let episodes = try #require(cell.episodesToGoal)
        #expect(episodes.median == 17.5 && episodes.q25 == 13.75 && episodes.q75 == 21.25)
        let logVariance = try #require(cell.meanLogVariance)
        #expect(logVariance.point == -3.5)
        #expect(logVariance.lower <= -3.5 && -3.5 <= logVariance.upper)
        let across = try #require(cell.probes["pg_log_variance_across_copies"])
        #expect(across.point == -3)
        #expect(cell.probes["pg_log_variance_across_copies_without_control_variate"]?.point == 0.5)
        #expect(cell.probes.count == 2, "other extra metrics are not probes")

        // Negative controls: the first episode whose own return reaches 10 (5s + 1: 6 ... 21,
        // median 13.5); the IQM of each run's last log-variance (-3, -4, -5, -10: -4.5); the plain
        // mean of the run means (-4.5).
        #expect(episodes.median != 13.5)
        #expect(logVariance.point != -4.5)

        let markdown = report.markdown()
        #expect(markdown.contains("| episodes to goal |") && markdown.contains("PG log-variance IQM"))
        #expect(markdown.contains("| 17.5 (IQR ") && markdown.contains("| -3.5 ["), "\(markdown)")
        #expect(markdown.contains("| relax | -3 [") && markdown.contains("| 0.5 [0.5, 0.5] |"), "\(markdown)")
    }
}
