import CredoAgents
import CredoRun
import Foundation
import Testing

@Suite("Metrics log")
struct MetricsLogTests {
    private func report(_ returns: [Double], steps: Int, metrics: [String: Double]) -> UpdateReport {
        UpdateReport(episodes: returns.enumerated().map { FinishedEpisode(totalReward: $1, length: 10 + $0, environmentStep: steps - $0) },
                     metrics: metrics)
    }

    @Test func rowsFollowTheFixedHeader() throws {
        let temporary = try TemporaryDirectory()
        let log = try MetricsLog.create(path: temporary.file("metrics.csv"))
        log.append(report([12.5], steps: 16, metrics: ["policy_loss": 0.25, "zeta": 1, "alpha": -2e-7]),
                   counters: TrainingCounters(environmentSteps: 16, episodes: 1, updates: 1))
        #expect(log.pendingRows == 2)
        try log.flush()
        let text = try metricsWithoutWallClock(log.path)
        let wall = try MetricsLog.readRows(path: log.path).map { Double($0.last!) }
        #expect(wall.count == 2 && wall.allSatisfy { ($0 ?? -1) >= 0 && $0! < 60 }, "\(wall)")
        #expect(text == """
            kind,env_steps,episodes,updates,episode_return,episode_length,policy_loss,value_loss,control_variate_loss,entropy,explained_variance,grad_norm,pg_log_variance,learning_rate,extra
            episode,16,1,1,12.5,10,,,,,,,,,
            update,16,1,1,,,0.25,,,,,,,,alpha=-2e-07;zeta=1.0

            """)
        #expect(throws: RunError.self) { try MetricsLog.create(path: log.path) }
    }

    @Test func resumingDropsRowsAfterTheCheckpointAndATornLastLine() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("metrics.csv")
        let log = try MetricsLog.create(path: path)
        for update in 1...4 {
            log.append(report([Double(update)], steps: update * 10, metrics: ["policy_loss": Double(update)]),
                       counters: TrainingCounters(environmentSteps: update * 10, episodes: update, updates: update))
        }
        try log.flush()
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("update,50,5,5,,,0.".utf8))  // a crash in mid-row
        try handle.close()

        let resumed = try MetricsLog.resume(path: path, counters: TrainingCounters(environmentSteps: 20, episodes: 2, updates: 2))
        #expect(resumed.droppedRows == 4)
        #expect(resumed.recentReturns == [1, 2])
        let rows = try MetricsLog.readRows(path: path)
        #expect(rows.map { $0[3] } == ["1", "1", "2", "2"])
        resumed.log.append(report([], steps: 30, metrics: [:]), counters: TrainingCounters(environmentSteps: 30, episodes: 2, updates: 3))
        try resumed.log.flush()
        #expect(try MetricsLog.readRows(path: path).map { $0[3] } == ["1", "1", "2", "2", "3"])
    }

    @Test func aForeignFileIsRejected() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("metrics.csv")
        try Data("step,return\n1,2\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: RunError.self) { try MetricsLog.resume(path: path, counters: TrainingCounters()) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "step,return\n1,2\n")
    }

    @Test func numbersAreWrittenInShortestRoundTripForm() {
        #expect(MetricsLog.format(0.1) == "0.1")
        #expect(MetricsLog.format(.nan) == "nan")
        #expect(MetricsLog.format(-.infinity) == "-inf")
        let value = 0.1 + 0.2
        #expect(Double(MetricsLog.format(value)) == value)
    }

    @Test func wallSecondsContinueAcrossAResumeFromTheLastKeptRow() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("metrics.csv")
        let log = try MetricsLog.create(path: path)
        for update in 1...3 {
            log.append(report([], steps: update * 10, metrics: [:]),
                       counters: TrainingCounters(environmentSteps: update * 10, episodes: 0, updates: update))
        }
        try log.flush()
        // Pretend the first session ran for hours: rows 1-3 at 1000, 2000, 3000 seconds.
        let header = MetricsLog.columns.joined(separator: ",")
        let rows = try MetricsLog.readRows(path: path).enumerated().map { index, fields in
            (fields.dropLast() + ["\((index + 1) * 1000).0"]).joined(separator: ",")
        }
        try Data((([header] + rows).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))

        let resumed = try MetricsLog.resume(path: path, counters: TrainingCounters(environmentSteps: 20, episodes: 0, updates: 2))
        #expect(resumed.log.earlierSeconds == 2000, "the clock continues from the last kept row (update 2), not the dropped one")
        resumed.log.append(report([], steps: 30, metrics: [:]), counters: TrainingCounters(environmentSteps: 30, episodes: 0, updates: 3))
        try resumed.log.flush()
        let wall = try MetricsLog.readRows(path: path).map { Double($0.last!)! }
        #expect(wall.count == 3 && wall[0] == 1000 && wall[1] == 2000)
        #expect(wall[2] >= 2000 && wall[2] < 2060, "\(wall)")
    }

    @Test func aFileFromBeforeTheWallClockColumnResumes() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("metrics.csv")
        let oldHeader = MetricsLog.columns.dropLast().joined(separator: ",")
        let oldRows = ["episode,16,1,1,12.5,10,,,,,,,,,", "update,16,1,1,,,0.25,,,,,,,,"]
        try Data(([oldHeader] + oldRows).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: path))
        #expect(try MetricsLog.readRows(path: path).map { $0.count } == [MetricsLog.columns.count, MetricsLog.columns.count])

        let resumed = try MetricsLog.resume(path: path, counters: TrainingCounters(environmentSteps: 16, episodes: 1, updates: 1))
        #expect(resumed.log.earlierSeconds == 0 && resumed.recentReturns == [12.5])
        resumed.log.append(report([], steps: 32, metrics: [:]), counters: TrainingCounters(environmentSteps: 32, episodes: 1, updates: 2))
        try resumed.log.flush()
        let rows = try MetricsLog.readRows(path: path)
        #expect(rows.map { $0.last!.isEmpty } == [true, true, false], "old rows keep an empty wall_seconds, new ones get it")
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix(MetricsLog.columns.joined(separator: ",") + "\n"))
    }
}
