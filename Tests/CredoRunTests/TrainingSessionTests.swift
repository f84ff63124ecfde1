import CredoAgents
import CredoCheckpoint
import CredoRun
import Foundation
import Testing

@Suite("Training session end to end")
struct TrainingSessionTests {
    @Test func aShortRunWritesConfigMetricsCurveAndRotatedCheckpoints() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        let outcome = try countingLauncher().run(countingRequest(run, totalSteps: 100))
        #expect(outcome.reason == .completed)
        #expect(outcome.exitStatus == 0)
        #expect(outcome.counters.environmentSteps == 100)
        #expect(outcome.counters.updates == 10)

        let directory = RunDirectory(path: run)
        let saved = try RunConfiguration(json: String(contentsOfFile: directory.configPath, encoding: .utf8), source: "config.json")
        #expect(saved.estimator == .a2c && saved.seed == 7 && saved.agent.hiddenSizes == [3, 2])
        // Checkpoints at 40 and 80 and the final 100; two are kept.
        let steps = try directory.rotation(keep: 2).checkpoints().map(\.step)
        #expect(steps == [80, 100])
        #expect(outcome.lastCheckpoint == directory.rotation(keep: 2).path(forStep: 100))

        let checkpoint = try Checkpoint.read(from: outcome.lastCheckpoint!)
        #expect(try checkpoint.attribute("config") == saved.compactJSON)
        #expect(try checkpoint.attribute("environment") == "cartpole")
        #expect(try checkpoint.attribute("estimator") == "a2c")
        #expect(try checkpoint.attribute("credo_version") == RunCheckpoint.credoVersion)
        #expect(try checkpoint.scalar("counters/environment_steps", as: Int64.self) == 100)

        let rows = try MetricsLog.readRows(path: directory.metricsPath)
        #expect(rows.filter { $0[0] == "update" }.count == 10)
        #expect(rows.filter { $0[0] == "episode" }.count == outcome.counters.episodes)
        #expect(rows.last?[MetricsLog.columns.firstIndex(of: "extra")!] == "counting_bonus=10.0")
        let svg = try String(contentsOfFile: directory.learningCurvePath, encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("Gradient estimator log-variance"))
        #expect(svg.components(separatedBy: "<polyline").count == 4)
    }

    @Test func resumingAtNThenTrainingToNPlusMEqualsTheUninterruptedRun() throws {
        let temporary = try TemporaryDirectory()
        let straight = temporary.file("straight"), split = temporary.file("split")
        let whole = try countingLauncher().run(countingRequest(straight, totalSteps: 120))
        let first = try countingLauncher().run(countingRequest(split, totalSteps: 60))
        #expect(first.counters.environmentSteps == 60)
        let second = try countingLauncher().run(countingRequest(split, totalSteps: 120, resume: split))
        #expect(second.reason == .completed)
        #expect(second.counters == whole.counters)

        let a = try Checkpoint.read(from: whole.lastCheckpoint!), b = try Checkpoint.read(from: second.lastCheckpoint!)
        #expect(a.names.sorted() == b.names.sorted())
        for name in a.names { #expect(a[name] == b[name], "dataset \(name) differs") }
        #expect(a.attributes == b.attributes)
        let metricsA = try metricsWithoutWallClock(RunDirectory(path: straight).metricsPath)
        let metricsB = try metricsWithoutWallClock(RunDirectory(path: split).metricsPath)
        #expect(metricsA == metricsB)
        let configB = try String(contentsOfFile: RunDirectory(path: split).configPath, encoding: .utf8)
        #expect(configB.contains("\"totalSteps\" : 120"))
    }

    @Test func resumingFromAnEarlierCheckpointDropsTheLaterRowsAndCheckpoints() throws {
        let temporary = try TemporaryDirectory()
        let straight = temporary.file("straight"), run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(straight, totalSteps: 100, checkpointEvery: 20, extra: ["keepCheckpoints": .integer(10)]))
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 100, checkpointEvery: 20, extra: ["keepCheckpoints": .integer(10)]))
        let directory = RunDirectory(path: run)
        let earlier = directory.rotation(keep: 1).path(forStep: 40)
        let output = OutputCapture()
        let resumed = try countingLauncher(output: output).run(countingRequest(run, totalSteps: 100, resume: earlier))
        #expect(output.text.contains("dropped"))
        #expect(resumed.counters.environmentSteps == 100)
        let rows = try MetricsLog.readRows(path: directory.metricsPath)
        let updates = rows.filter { $0[0] == "update" }.map { Int($0[3])! }
        #expect(updates == Array(1...10), "each update appears once, in order")
        #expect(try metricsWithoutWallClock(directory.metricsPath) == metricsWithoutWallClock(RunDirectory(path: straight).metricsPath))
    }

    @Test func aNaNMetricStopsTrainingAndKeepsTheLastGoodCheckpoint() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        let outcome = try countingLauncher(catalog: countingCatalog(nanAtUpdate: 7)).run(countingRequest(run, totalSteps: 100))
        #expect(outcome.reason == .nonFinite("policy_loss is nan at update 7 (environment step 70)"))
        #expect(outcome.exitStatus == 1)
        #expect(outcome.summary.contains("the last good checkpoint is kept"))
        let directory = RunDirectory(path: run)
        #expect(try directory.rotation(keep: 2).checkpoints().map(\.step) == [40])
        #expect(outcome.lastCheckpoint == directory.rotation(keep: 2).path(forStep: 40))
        // The last good checkpoint resumes.
        let resumed = try countingLauncher().run(countingRequest(run, totalSteps: 100, resume: run))
        #expect(resumed.reason == .completed)
    }

    @Test func aCheckpointHoldingNaNIsNeverWritten() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        let outcome = try countingLauncher(catalog: countingCatalog(nanParametersFromUpdate: 6)).run(countingRequest(run, totalSteps: 100))
        guard case .nonFinite(let message) = outcome.reason else { Issue.record("expected a non-finite stop"); return }
        #expect(message.contains("params/policy/weights"))
        #expect(try RunDirectory(path: run).rotation(keep: 2).checkpoints().map(\.step) == [40])
    }

    @Test func anInterruptWritesAFinalCheckpointAndExitsWith130() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        var asked = 0
        let outcome = try countingLauncher(shouldStop: { asked += 1; return asked > 3 }).run(countingRequest(run, totalSteps: 100))
        #expect(outcome.reason == .interrupted)
        #expect(outcome.exitStatus == 130)
        #expect(outcome.counters.environmentSteps == 30)
        #expect(outcome.lastCheckpoint == RunDirectory(path: run).rotation(keep: 2).path(forStep: 30))
        // Resuming after the interrupt reaches the uninterrupted result.
        let resumed = try countingLauncher().run(countingRequest(run, totalSteps: 100, resume: run))
        let whole = try countingLauncher().run(countingRequest(temporary.file("whole"), totalSteps: 100))
        #expect(try Checkpoint.read(from: resumed.lastCheckpoint!) == Checkpoint.read(from: whole.lastCheckpoint!))
    }

    @Test func aFreshRunRefusesANonEmptyDirectoryUnlessForced() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 20))
        let before = try snapshot(run)
        #expect(throws: RunError.runDirectoryNotEmpty(path: run, contents: ["checkpoints", "config.json", "events.out.tfevents.credo", "learning-curve.svg", "metrics.csv"])) {
            try countingLauncher().run(countingRequest(run, totalSteps: 20))
        }
        #expect(try snapshot(run) == before)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: run + "/notes.txt"))
        var forced = countingRequest(run, totalSteps: 30)
        forced.force = true
        // --force deletes only the run's own files, so the user's notes (in the folder or in
        // checkpoints/) block it, and it checks before it deletes anything.
        try Data("mine".utf8).write(to: URL(fileURLWithPath: run + "/checkpoints/best.h5"))
        let withNotes = try snapshot(run)
        #expect(throws: RunError.runDirectoryHasOtherFiles(path: run, files: ["checkpoints/best.h5", "notes.txt"])) {
            try countingLauncher().run(forced)
        }
        #expect(try snapshot(run) == withNotes, "a refused --force deletes nothing")
        try FileManager.default.removeItem(atPath: run + "/notes.txt")
        try FileManager.default.removeItem(atPath: run + "/checkpoints/best.h5")
        // Temporaries of interrupted writes are a run's files: --force deletes them too.
        for leftover in ["checkpoints/ckpt-0000000040.h5.tmp-123", "learning-curve.svg.tmp-77", "config.json.tmp-9"] {
            try Data("torn".utf8).write(to: URL(fileURLWithPath: run + "/" + leftover))
        }
        let outcome = try countingLauncher().run(forced)
        #expect(outcome.counters.environmentSteps == 30)
        #expect(try snapshot(run).keys.filter { $0.contains(".tmp-") }.isEmpty)
    }

    @Test func aFreshRunStartsInAFolderHoldingOnlyTemporariesAndDeletesThem() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        try FileManager.default.createDirectory(atPath: run + "/checkpoints", withIntermediateDirectories: true)
        let leftovers = ["checkpoints/ckpt-0000000040.h5.tmp-31", "learning-curve.svg.tmp-31"]
        for leftover in leftovers { try Data("torn".utf8).write(to: URL(fileURLWithPath: run + "/" + leftover)) }
        let outcome = try countingLauncher().run(countingRequest(run, totalSteps: 40))
        #expect(outcome.counters.environmentSteps == 40)
        for leftover in leftovers { #expect(!FileManager.default.fileExists(atPath: run + "/" + leftover)) }
        // A temporary beside a real run file does not make the folder empty.
        try Data("torn".utf8).write(to: URL(fileURLWithPath: run + "/config.json.tmp-8"))
        #expect(throws: RunError.self) { try countingLauncher().run(countingRequest(run, totalSteps: 40)) }
        #expect(FileManager.default.fileExists(atPath: run + "/config.json.tmp-8"), "a refused fresh run deletes nothing")
    }

    @Test func resumingDeletesTheTemporariesOfInterruptedWrites() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 40))
        let leftovers = ["checkpoints/ckpt-0000000080.h5.tmp-4242", "learning-curve.svg.tmp-4242", "metrics.csv.tmp-17",
                         ".dat.nosync3C9D.kiok5x"]
        for leftover in leftovers { try Data("torn".utf8).write(to: URL(fileURLWithPath: run + "/" + leftover)) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: run + "/notes.tmp-1"))
        let output = OutputCapture()
        _ = try countingLauncher(output: output).run(countingRequest(run, totalSteps: 80, resume: run))
        for leftover in leftovers {
            #expect(!FileManager.default.fileExists(atPath: run + "/" + leftover))
            #expect(output.text.contains("deleted \(run)/\(leftover), left by an interrupted write"))
        }
        #expect(FileManager.default.fileExists(atPath: run + "/notes.tmp-1"), "a file that is not a run's temporary stays")
    }

    @Test func anUpdateThatDoesNotAdvanceStopsTheRun() throws {
        let temporary = try TemporaryDirectory()
        let stalled = TrainerCatalog(estimators: [.a2c], makeTrainer: { _ in StalledTrainer() })
        let outcome = try countingLauncher(catalog: stalled).run(countingRequest(temporary.file("run"), totalSteps: 100))
        #expect(outcome.reason == .updateFailed("update() returned without advancing the update counter (0)"))
        #expect(outcome.exitStatus == 1 && outcome.lastCheckpoint == nil)
    }
}
