import CredoSweep
import Foundation
import Testing

/// The rolling window of a sweep (`--window`: 10 for the zoo's off-policy criterion) and runs
/// that stopped at their goal (`--stop-at-goal`).
@Suite("Sweep windows and runs stopped at the goal")
struct RunRecordWindowTests {
    static func folder() -> String {
        NSTemporaryDirectory() + "credo-window-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    @Test func aWindowOfTenDecidesTheGoalAndTheFinalReturn() throws {
        let sweep = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let combination = SweepCombination(environment: "pendulum", estimator: "sac", seed: 1)
        // Returns 0, 1, 2, ...: the rolling-10 mean after episode k (k ≥ 10) is k − 5.5.
        try RunRecordTests.makeRun(sweep, combination, returns: (0..<200).map(Double.init))
        let ten = try #require(try RunRecord.read(sweep: sweep, combination: combination, window: 10))
        // 60 is first reached at episode 66 (mean 60.5 of returns 56...65): step 660.
        #expect(try #require(ten.goalReached(60)).step == 660)
        #expect(ten.finalReturn == 194.5)
        // Negative control: the default window of 100 reaches 60 only at episode 111.
        let hundred = try #require(try RunRecord.read(sweep: sweep, combination: combination))
        #expect(try #require(hundred.goalReached(60)).step == 1110)
        #expect(hundred.finalReturn == 149.5)

        let plan = SweepPlan(environments: ["pendulum"], estimators: ["sac"], seeds: [1], goals: ["pendulum": 60], window: 10)
        let report = try SweepReport.make(sweep: sweep, plan: plan, resamples: 50)
        #expect(report.window == 10 && report.cells[0].stepsToGoal?.median == 660)
        #expect(report.markdown().contains("the mean return of 10 consecutive episodes"))
    }

    @Test func aPlanWithoutAWindowReadsAsAHundredAndABadWindowIsRefused() throws {
        let old = #"{"environments": ["cartpole"], "estimators": ["a2c"], "seeds": [1], "goals": {"cartpole": 475}}"#
        #expect(try JSONDecoder().decode(SweepPlan.self, from: Data(old.utf8)).window == 100)
        let plan = SweepPlan(environments: ["cartpole"], estimators: ["a2c"], seeds: [1], goals: [:], window: 10)
        #expect(try JSONDecoder().decode(SweepPlan.self, from: JSONEncoder().encode(plan)) == plan)
        let bad = #"{"environments": [], "estimators": [], "seeds": [], "goals": {}, "window": 0}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(SweepPlan.self, from: Data(bad.utf8)) }
    }

    /// A run that stopped at its goal holds its last rolling mean to the end of the budget in
    /// the curve and the AUC; one that merely ended early (no `stopAtReturn`) does not.
    @Test func aRunStoppedAtItsGoalHoldsTheGoalToTheEndOfItsBudget() throws {
        let sweep = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: sweep) }
        let stopped = SweepCombination(environment: "cartpole", estimator: "ppo", seed: 1)
        let cut = SweepCombination(environment: "cartpole", estimator: "ppo", seed: 2)
        // 150 episodes of return 0...149 (rolling-100 mean 99.5 at the end, step 1500) of a 3000-step budget.
        for (combination, config) in [(stopped, #"{"totalSteps": 3000, "stopAtReturn": 99}"#), (cut, #"{"totalSteps": 3000}"#)] {
            try RunRecordTests.makeRun(sweep, combination, returns: (0..<150).map(Double.init))
            try Data(config.utf8).write(to: URL(fileURLWithPath: sweep + "/" + combination.relativePath + "/config.json"))
        }
        let a = try #require(try RunRecord.read(sweep: sweep, combination: stopped))
        let b = try #require(try RunRecord.read(sweep: sweep, combination: cut))
        #expect(a.stoppedAtGoal && !b.stoppedAtGoal)
        #expect(a.curve(at: [1500, 2000, 3000, 3010]) == [99.5, 99.5, 99.5, nil])
        #expect(b.curve(at: [1500, 2000, 3000]) == [99.5, nil, nil])
        let grid = [1000, 2000, 3000]
        #expect(a.areaUnderCurve(grid: grid) == (49.5 + 99.5 + 99.5) / 3)
        // A run whose budget ends before the grid does is scored over its own budget only; the
        // negative control, the whole grid, would count its first rolling mean (0) twice more.
        let short = SweepCombination(environment: "cartpole", estimator: "a2c", seed: 3)
        try RunRecordTests.makeRun(sweep, short, returns: (0..<150).map(Double.init))  // budget 1500
        let c = try #require(try RunRecord.read(sweep: sweep, combination: short))
        #expect(c.areaUnderCurve(grid: grid) == 49.5)
        #expect(c.areaUnderCurve(grid: grid) != (49.5 + 0 + 0) / 3)
        let plan = SweepPlan(environments: ["cartpole"], estimators: ["ppo"], seeds: [1, 2], goals: ["cartpole": 99])
        let report = try SweepReport.make(sweep: sweep, plan: plan, resamples: 50)
        #expect(report.cells[0].stoppedAtGoal == 1)
        #expect(report.markdown().contains("1 stopped at the goal"))
    }
}

@Suite("Sweep runner's goal arguments")
struct SweepRunnerStopTests {
    @Test func stopAtGoalGivesEachRunItsEnvironmentsGoal() {
        let plan = SweepPlan(environments: ["cartpole", "pendulum"], estimators: ["ppo"], seeds: [1], goals: ["cartpole": 475, "pendulum": -200])
        var runner = SweepRunner(sweep: "/nonexistent", plan: plan, trainer: "rl-train", trainArguments: [], jobs: 1, log: { _ in })
        let pendulum = SweepCombination(environment: "pendulum", estimator: "ppo", seed: 1)
        #expect(runner.stopArguments(pendulum) == [], "off by default")
        runner.stopAtGoal = true
        #expect(runner.stopArguments(pendulum) == ["--set", "stopAtReturn=-200.0"])
        #expect(runner.stopArguments(SweepCombination(environment: "cartpole", estimator: "ppo", seed: 1)) == ["--set", "stopAtReturn=475.0"])
    }
}
