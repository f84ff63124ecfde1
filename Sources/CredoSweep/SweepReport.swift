import CredoStatistics
import Foundation

/// The statistics of a sweep, from its run folders alone (`sweep.json`): per environment ×
/// estimator the success rate with a Wilson 95% interval, steps and wall-clock to the goal
/// (median and interquartile range over the runs that reached it), final and area-under-curve
/// return as an interquartile mean with a 95% stratified-bootstrap interval, the learning curve
/// and the policy-gradient log-variance over training (IQM over seeds, with the interval), the
/// cumulative expected regret where the environment tracks it (the bandits);
/// per environment the performance profiles of the final returns; per estimator pair the
/// probability of improvement over the environments both ran on. Definitions are rliable's
/// (`CredoStatistics`); every bootstrap is seeded, so the same run folders give the same file.
public struct SweepReport: Codable, Equatable, Sendable {
    public struct Spread: Codable, Equatable, Sendable {
        public var median: Double
        public var q25: Double
        public var q75: Double
        init?(_ values: [Double]) {
            guard !values.isEmpty else { return nil }
            (median, q25, q75) = Aggregate.medianAndQuartiles(values)
        }
    }

    /// A curve on a grid of steps: the IQM over seeds and its interval at each point (nil where
    /// no run has reached the point).
    public struct Curve: Codable, Equatable, Sendable {
        public var steps: [Int]
        public var iqm: [Double?]
        public var lower: [Double?]
        public var upper: [Double?]
    }

    /// One environment × estimator.
    public struct Cell: Codable, Equatable, Sendable {
        public var environment: String
        public var estimator: String
        public var seeds: Int
        /// Runs with metrics (finished or not).
        public var runs: Int
        public var finished: Int
        public var failed: [String]
        public var skipped: String?
        public var successes: Int
        public var success: WilsonInterval?
        /// Episodes finished when the goal was reached, over the runs that reached it.
        public var episodesToGoal: Spread?
        public var stepsToGoal: Spread?
        public var wallSecondsToGoal: Spread?
        public var finalReturn: StratifiedBootstrap.Estimate?
        public var aucReturn: StratifiedBootstrap.Estimate?
        public var learningCurve: Curve?
        public var logVariance: Curve?
        /// Each run's mean policy-gradient log-variance over its updates (`RunRecord.meanLogVariance`),
        /// as the IQM over seeds with its interval.
        public var meanLogVariance: StratifiedBootstrap.Estimate?
        /// The same for each across-copies probe metric that the runs measured (`RunRecord.probeMetrics`).
        public var probes: [String: StratifiedBootstrap.Estimate] = [:]
        /// The cumulative expected regret by environment steps on `regretSteps` (IQM over seeds
        /// with its interval), when the runs report regret (the bandits).
        public var regret: Curve?
        /// Runs that ended early at their goal (rl-train `--stop-at-return`, rl-sweep
        /// `--stop-at-goal`): their final return is the goal's rolling mean, not the budget's end.
        public var stoppedAtGoal = 0
    }

    /// Performance profile of one estimator on one environment: fraction of runs whose final
    /// return exceeds each threshold, with its interval.
    public struct Profile: Codable, Equatable, Sendable {
        public var environment: String
        public var estimator: String
        public var thresholds: [Double]
        public var fraction: [Double]
        public var lower: [Double]
        public var upper: [Double]
    }

    /// P(X > Y) on final returns over the environments both ran on.
    public struct Improvement: Codable, Equatable, Sendable {
        public var x: String
        public var y: String
        public var environments: [String]
        public var probability: StratifiedBootstrap.Estimate
    }

    public var goals: [String: Double]
    /// The episodes of the rolling mean behind the goal and the final return (the plan's).
    public var window: Int
    public var resamples: Int
    public var cells: [Cell]
    public var profiles: [Profile]
    public var improvements: [Improvement]

    /// Points on each learning curve.
    public static let gridPoints = 50

    /// The report of `plan`'s runs under `sweep`.
    public static func make(sweep: String, plan: SweepPlan, resamples: Int = 2_000) throws(SweepError) -> SweepReport {
        let bootstrap = StratifiedBootstrap(resamples: resamples, seed: 2021)
        let curveBootstrap = StratifiedBootstrap(resamples: max(1, resamples / 4), seed: 2021)
        var report = SweepReport(goals: plan.goals, window: plan.window, resamples: resamples, cells: [], profiles: [], improvements: [])
        var finals: [String: [String: [Double]]] = [:]  // estimator → environment → final returns
        for environment in plan.environments {
            var records: [String: [RunRecord]] = [:]
            for estimator in plan.estimators {
                var runs: [RunRecord] = []
                for seed in plan.seeds {
                    let combination = SweepCombination(environment: environment, estimator: estimator, seed: seed)
                    if let record = try RunRecord.read(sweep: sweep, combination: combination, window: plan.window) { runs.append(record) }
                }
                records[estimator] = runs
            }
            let budget = records.values.joined().map(\.totalSteps).max() ?? 0
            let grid = budget > 0 ? (1...gridPoints).map { Int((Double(budget) * Double($0) / Double(gridPoints)).rounded()) } : []
            for estimator in plan.estimators {
                let runs = records[estimator] ?? []
                let statuses = plan.seeds.map { RunStatus.load(in: sweep, for: SweepCombination(environment: environment, estimator: estimator, seed: $0)) }
                var cell = Cell(environment: environment, estimator: estimator, seeds: plan.seeds.count, runs: runs.count,
                                finished: statuses.count { $0?.state == .finished },
                                failed: statuses.compactMap { $0?.state == .failed ? $0!.message : nil },
                                skipped: statuses.compactMap { $0?.state == .skipped ? $0!.message : nil }.first, successes: 0)
                let goal = plan.goals[environment]
                if !runs.isEmpty, let goal {
                    let reached = runs.compactMap { $0.goalReached(goal) }
                    cell.successes = reached.count
                    cell.success = WilsonInterval(successes: reached.count, trials: runs.count)
                    cell.episodesToGoal = Spread(reached.map { Double($0.episodes) })
                    cell.stepsToGoal = Spread(reached.map { Double($0.step) })
                    cell.wallSecondsToGoal = Spread(reached.compactMap(\.wall))
                }
                cell.stoppedAtGoal = runs.count(where: \.stoppedAtGoal)
                let final = runs.compactMap(\.finalReturn)
                if !final.isEmpty {
                    finals[estimator, default: [:]][environment] = final
                    cell.finalReturn = bootstrap.estimate([final], Aggregate.interquartileMean)
                    let auc = runs.compactMap { $0.areaUnderCurve(grid: grid) }
                    cell.aucReturn = bootstrap.estimate([auc], Aggregate.interquartileMean)
                    cell.learningCurve = curve(grid: grid, values: runs.map { $0.curve(at: grid) }, bootstrap: curveBootstrap)
                    if runs.contains(where: { !$0.logVariance.isEmpty }) {
                        cell.logVariance = curve(grid: grid, values: runs.map { $0.logVariance(at: grid) }, bootstrap: curveBootstrap)
                        cell.meanLogVariance = bootstrap.estimate([runs.compactMap(\.meanLogVariance)], Aggregate.interquartileMean)
                    }
                    if runs.contains(where: { !$0.regret.isEmpty }) {
                        let steps = regretSteps(budget: budget)
                        cell.regret = curve(grid: steps, values: runs.map { $0.cumulativeRegret(at: steps) }, bootstrap: bootstrap)
                    }
                    for name in RunRecord.probeMetrics {
                        let means = runs.compactMap { $0.meanProbe(name) }
                        if !means.isEmpty { cell.probes[name] = bootstrap.estimate([means], Aggregate.interquartileMean) }
                    }
                }
                report.cells.append(cell)
            }
            let scores = plan.estimators.compactMap { finals[$0]?[environment] }
            let thresholds = PerformanceProfile.thresholds(spanning: scores, count: 51)
            for estimator in plan.estimators {
                guard let final = finals[estimator]?[environment], !thresholds.isEmpty else { continue }
                let estimates = PerformanceProfile.estimate([final], thresholds: thresholds, bootstrap: curveBootstrap)
                report.profiles.append(Profile(environment: environment, estimator: estimator, thresholds: thresholds,
                                               fraction: estimates.map(\.point), lower: estimates.map(\.lower), upper: estimates.map(\.upper)))
            }
        }
        for (i, x) in plan.estimators.enumerated() {
            for y in plan.estimators[(i + 1)...] {
                let shared = plan.environments.filter { finals[x]?[$0] != nil && finals[y]?[$0] != nil }
                guard !shared.isEmpty else { continue }
                let probability = ProbabilityOfImprovement.estimate(shared.map { finals[x]![$0]! }, over: shared.map { finals[y]![$0]! },
                                                                    bootstrap: bootstrap)
                report.improvements.append(Improvement(x: x, y: y, environments: shared, probability: probability))
            }
        }
        return report
    }

    /// The steps the cumulative regret is reported at: 64, 128, ... (doubling, as regret curves
    /// are read on a log scale) up to the budget, and the budget itself.
    public static func regretSteps(budget: Int) -> [Int] {
        guard budget > 0 else { return [] }
        var steps: [Int] = []
        var step = 64
        while step < budget { steps.append(step); step *= 2 }
        return steps + [budget]
    }

    /// IQM over the runs present at each grid point, with its interval.
    static func curve(grid: [Int], values: [[Double?]], bootstrap: StratifiedBootstrap) -> Curve {
        var result = Curve(steps: grid, iqm: [], lower: [], upper: [])
        for point in grid.indices {
            let present = values.compactMap { $0[point] }
            guard !present.isEmpty else {
                result.iqm.append(nil); result.lower.append(nil); result.upper.append(nil)
                continue
            }
            let estimate = bootstrap.estimate([present], Aggregate.interquartileMean)
            result.iqm.append(estimate.point); result.lower.append(estimate.lower); result.upper.append(estimate.upper)
        }
        return result
    }

    /// The report as sorted, pretty-printed JSON.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(self)
    }
}
