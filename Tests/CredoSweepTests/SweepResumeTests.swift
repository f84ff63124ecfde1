import CredoSweep
import Foundation
import Testing

/// A sweep interrupted with SIGINT, then killed with SIGKILL, then run to its end writes the
/// same sweep.json (but for wall-clock fields) as the same sweep uninterrupted; no rl-train
/// outlives rl-sweep. Two estimators × two seeds of 6000 CartPole steps, a checkpoint every 200.
@Suite("rl-sweep interrupted and resumed", .serialized)
struct SweepResumeTests {
    static func arguments(_ out: String) -> [String] {
        ["--envs", "cartpole", "--estimators", "a2c,reinforce", "--seeds", "1-2", "--total-steps", "6000", "--jobs", "2",
         "--goal", "cartpole=25", "--resamples", "300", "--out", out, "--", "--checkpoint-every", "200", "--hidden-sizes", "16"]
    }

    /// sweep.json without the keys that hold wall-clock times.
    static func withoutWallClock(_ path: String) throws -> NSDictionary {
        func strip(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { !$0.key.lowercased().contains("wall") }.mapValues(strip)
            }
            if let array = value as? [Any] { return array.map(strip) }
            return value
        }
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        return strip(object) as! NSDictionary
    }

    static func checkpoints(under folder: String) -> Set<String> {
        let paths = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        return Set(paths.filter { $0.contains("/checkpoints/ckpt-") && $0.hasSuffix(".h5") })
    }

    /// Waits until `condition` holds (at most `timeout` seconds).
    static func waitUntil(timeout: TimeInterval = 120, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() > deadline { return false }
            usleep(20_000)
        }
        return true
    }

    @Test func anInterruptedAndKilledSweepReportsAsAnUninterruptedOne() throws {
        let root = NSTemporaryDirectory() + "credo-sweep-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let straight = root + "/straight", broken = root + "/broken"

        let whole = try SweepProcess(Self.arguments(straight), output: root + "-straight.log")
        #expect(whole.wait() == 0, "\(whole.output)")

        // SIGINT once a checkpoint exists: every child stops with a final checkpoint, exit 130.
        let first = try SweepProcess(Self.arguments(broken), output: root + "-broken.log")
        #expect(Self.waitUntil { !Self.checkpoints(under: broken).isEmpty })
        let firstChildren = SweepProcess.children(of: first.pid)
        kill(first.pid, SIGINT)
        #expect(first.wait() == 130, "\(first.output)")
        #expect(firstChildren.allSatisfy(SweepProcess.isGone), "no rl-train outlives an interrupted rl-sweep")
        #expect(!first.output.contains("report:") || FileManager.default.fileExists(atPath: broken + "/sweep.json"))

        // SIGKILL while runs are going: the children die with it (PR_SET_PDEATHSIG).
        let second = try SweepProcess(Self.arguments(broken), output: root + "-broken.log")
        let before = Self.checkpoints(under: broken)
        #expect(Self.waitUntil { !Self.checkpoints(under: broken).subtracting(before).isEmpty && !SweepProcess.children(of: second.pid).isEmpty })
        let secondChildren = SweepProcess.children(of: second.pid)
        #expect(!secondChildren.isEmpty)
        kill(second.pid, SIGKILL)
        _ = second.wait()
        #expect(Self.waitUntil(timeout: 10) { secondChildren.allSatisfy(SweepProcess.isGone) }, "children of a killed rl-sweep die")

        let third = try SweepProcess(Self.arguments(broken), output: root + "-broken.log")
        #expect(third.wait() == 0, "\(third.output)")
        #expect(third.output.contains("resuming") || first.output.contains("resuming") || second.output.contains("resuming"))
        let a = try Self.withoutWallClock(straight + "/sweep.json"), b = try Self.withoutWallClock(broken + "/sweep.json")
        #expect(a == b, "sweep.json differs: see \(straight) and \(broken)")

        // The same command once more skips every run.
        let again = try SweepProcess(Self.arguments(broken), output: root + "-again.log")
        #expect(again.wait() == 0 && !again.output.contains("starting") && !again.output.contains("resuming"), "\(again.output)")

        // Negative control: one run cut short changes the report.
        let metrics = broken + "/cartpole/a2c/seed-1/metrics.csv"
        let lines = try String(contentsOfFile: metrics, encoding: .utf8).split(separator: "\n")
        try Data((lines.prefix(lines.count / 2).joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: metrics))
        let report = Process()
        report.executableURL = URL(fileURLWithPath: SweepProcess.binaries + "/rl-sweep")
        report.arguments = ["report", broken, "--resamples", "300"]
        report.standardOutput = FileHandle.nullDevice
        try report.run()
        report.waitUntilExit()
        #expect(report.terminationStatus == 0)
        #expect(try Self.withoutWallClock(broken + "/sweep.json") != a)
        try? FileManager.default.removeItem(atPath: root + "-straight.log")
        try? FileManager.default.removeItem(atPath: root + "-broken.log")
        try? FileManager.default.removeItem(atPath: root + "-again.log")
    }
}
