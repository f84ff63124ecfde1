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
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
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
}
