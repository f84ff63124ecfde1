import CredoAgents
import CredoRun
import Foundation
import Testing

/// `stopAtReturn` (rl-train `--stop-at-return`): a run ends after the first update at which the
/// mean return of its last 100 episodes, a full window, reaches the goal.
@Suite("Stopping a run at its goal")
struct StopAtReturnTests {
    /// The episode returns and the update rows' steps of a run's metrics.
    static func episodes(_ run: String) throws -> (returns: [Double], steps: [Int], lastStep: Int) {
        let rows = try MetricsLog.readRows(path: RunDirectory(path: run).metricsPath)
        let episodes = rows.filter { $0[0] == "episode" }
        return (episodes.map { Double($0[4])! }, episodes.map { Int($0[1])! }, rows.compactMap { Int($0[1]) }.max() ?? 0)
    }

    @Test func theRunStopsAtTheFirstUpdateWhereAFullWindowReachesTheGoal() throws {
        let temporary = try TemporaryDirectory()
        let full = temporary.file("full"), stopped = temporary.file("stopped"), missed = temporary.file("missed")
        let whole = try countingLauncher().run(countingRequest(full, totalSteps: 6_000, checkpointEvery: 2_000))
        #expect(whole.reason == .completed)
        let (returns, steps, _) = try Self.episodes(full)
        // The rolling-100 means as rl-train computes them (EpisodeWindow), from episode 100 on.
        var window = EpisodeWindow(capacity: 100)
        var means: [Double?] = []
        for value in returns {
            window.append(value)
            means.append(window.isFull ? window.meanReturn : nil)
        }
        // The goal: the rolling mean at episode 150, so it is reached at episode 150 or before.
        try #require(means.count >= 150, "6 000 steps hold about 330 episodes of the counting trainer")
        let goal = try #require(means[149])
        let first = try #require(means.firstIndex { ($0 ?? -.infinity) >= goal })
        #expect(first >= 99 && first <= 149)

        let outcome = try countingLauncher().run(countingRequest(stopped, totalSteps: 6_000, checkpointEvery: 2_000,
                                                                 extra: ["stopAtReturn": .number(goal)]))
        #expect(outcome.reason == .goalReached(goal) && outcome.exitStatus == 0)
        #expect(outcome.summary.contains("reached the goal"))
        // It ended at the update holding the first such episode: its step is that episode's update's.
        let (stoppedReturns, _, lastStep) = try Self.episodes(stopped)
        #expect(outcome.counters.environmentSteps == lastStep && lastStep < 6_000)
        #expect(lastStep >= steps[first] && lastStep < steps[first] + 10, "one update is 10 steps")
        #expect(stoppedReturns == Array(returns.prefix(stoppedReturns.count)), "the same run up to the stop")
        #expect(stoppedReturns.count >= first + 1)
        // The mean after the update before the last was still below the goal (no earlier stop).
        #expect(means[..<first].allSatisfy { ($0 ?? -.infinity) < goal })
        // The final checkpoint is at the stop, and config.json holds the goal.
        #expect(outcome.lastCheckpoint == RunDirectory(path: stopped).rotation(keep: 2).path(forStep: lastStep))
        let config = try String(contentsOfFile: RunDirectory(path: stopped).configPath, encoding: .utf8)
        #expect(config.contains("\"stopAtReturn\""))

        // Negative control: a goal above every full-window mean is never reached; the budget ends the run.
        let unreachable = (means.compactMap { $0 }.max() ?? 0) + 1
        let budget = try countingLauncher().run(countingRequest(missed, totalSteps: 6_000, checkpointEvery: 2_000,
                                                                extra: ["stopAtReturn": .number(unreachable)]))
        #expect(budget.reason == .completed && budget.counters.environmentSteps == 6_000)
    }

    @Test func theGoalMustBeANumber() throws {
        let temporary = try TemporaryDirectory()
        #expect(throws: RunError.self) {
            _ = try countingLauncher().run(countingRequest(temporary.file("bad"), totalSteps: 100, extra: ["stopAtReturn": .text("high")]))
        }
    }
}
