import CredoAgents
@testable import CredoRun
import Foundation
import Testing

/// The learning curve costs the same to redraw however long the run, and a resumed run draws
/// the uninterrupted run's curve.
@Suite("Learning curve")
struct LearningCurveTests {
    private func report(_ index: Int) -> (UpdateReport, TrainingCounters) {
        let episode = FinishedEpisode(totalReward: Double(index % 37), length: 10, environmentStep: index * 10 + 5)
        let report = UpdateReport(episodes: [episode], metrics: ["pg_log_variance": -Double(index) / 1000])
        return (report, TrainingCounters(environmentSteps: index * 10 + 10, episodes: index + 1, updates: index + 1))
    }

    @Test func aLineKeepsBoundedPointsAndItsLatestOne() {
        var series = LearningCurve.ThinnedSeries()
        for index in 0..<100_000 { series.add((Double(index), Double(index))) }
        #expect(series.kept.count <= LearningCurve.capacity)
        #expect(series.kept.count > LearningCurve.capacity / 2)
        #expect(series.stride == 32)
        #expect(series.drawn.count <= LearningCurve.maximumPoints + 1)
        #expect(series.drawn.last! == (99_999, 99_999))
        #expect(series.drawn.first! == (0, 0))
    }

    @Test func theCurveBuiltAsARunGoesEqualsTheCurveReadBackFromItsMetrics() throws {
        let directory = try TemporaryDirectory()
        let log = try MetricsLog.create(path: directory.file("metrics.csv"))
        var live = LearningCurve()
        for index in 0..<12_000 {
            let (report, counters) = report(index)
            log.append(report, counters: counters)
            live.add(report, counters: counters)
        }
        try log.flush()
        let readBack = LearningCurve(rows: try MetricsLog.readRows(path: directory.file("metrics.csv")))
        #expect(live.svg(title: "t") == readBack.svg(title: "t"))
        #expect(live.svg(title: "t") != LearningCurve().svg(title: "t"))
    }

    @Test func aResumedRunDrawsTheUninterruptedRunsCurve() throws {
        let temporary = try TemporaryDirectory()
        let whole = temporary.file("whole"), split = temporary.file("split")
        _ = try countingLauncher().run(countingRequest(whole, totalSteps: 400))
        _ = try countingLauncher().run(countingRequest(split, totalSteps: 120))
        _ = try countingLauncher().run(countingRequest(split, totalSteps: 400, resume: split))
        let wholeCurve = try String(contentsOfFile: whole + "/learning-curve.svg", encoding: .utf8)
        let splitCurve = try String(contentsOfFile: split + "/learning-curve.svg", encoding: .utf8)
        #expect(wholeCurve == splitCurve)
    }
}
