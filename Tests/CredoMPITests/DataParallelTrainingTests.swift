import CredoCheckpoint
import Foundation
import Testing

/// The data-parallel trainer under `mpirun -np 2`: the same parameters as one rank with twice
/// the copies on the same rollouts, an exact resume, one writer, and a killed rank ending the job.
@Suite(.serialized, .enabled(if: MPIJob.mpirun != nil, "mpirun is not installed (make test installs openmpi-bin)"))
struct DataParallelTrainingTests {
    static let single = ["OPENBLAS_NUM_THREADS": "1", "CREDO_MPI_TIMEOUT": "120"]

    /// A fresh run directory under the temporary directory.
    static func runDirectory(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("credo-dp-\(name)-\(UUID().uuidString)").path
        return path
    }

    static func newestCheckpoint(_ run: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: run + "/checkpoints").filter { $0.hasSuffix(".h5") }.sorted()
        return run + "/checkpoints/" + (try #require(names.last))
    }

    /// Every dataset that differs between two checkpoints, and attributes that differ.
    static func differences(_ a: Checkpoint, _ b: Checkpoint) -> [String] {
        var out = Set(a.names).symmetricDifference(b.names).sorted()
        out += a.names.filter { b[$0] != nil && a[$0] != b[$0] }
        out += a.attributes.keys.filter { $0 != "config" && a.attributes[$0] != b.attributes[$0] }.map { "@\($0)" }
        return out
    }

    @Test func twoRanksMatchOneRankWithTwiceTheCopiesOnTheSameRollouts() throws {
        let job = try MPIJob.run(ranks: 2, ["data-parallel-equivalence", "--envs", "4", "--updates", "5"],
                                 environment: Self.single, program: "credo-compare", timeout: 300)
        #expect(job.status == 0, "\(job)")
        let line = try #require(job.stdout.split(separator: "\n").last.map(String.init), "\(job)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(job)")
        #expect(json["pass"] as? Bool == true, "\(line)")
        let networks = try #require(json["networks"] as? [String: [String: Any]])
        #expect(Set(networks.keys) == ["policy", "critic"], "\(line)")
        for (name, values) in networks {
            // Training moved the parameters (the comparison is not vacuous), and the two agree.
            let moved = try #require(values["max_abs_movement"] as? Double)
            let difference = try #require(values["max_abs_difference"] as? Double)
            #expect(moved > 1e-3, "\(name): \(line)")
            #expect(difference <= (values["bound"] as? Double ?? 0), "\(name): \(line)")
        }
    }

    /// rl-train's arguments for a short 2-rank run that exercises every merge: normalised
    /// observations and rewards, and RELAX's control variate.
    /// Every rank runs its own 2 copies, or (`split`) the run's 4 copies are split 2 and 2: 64 steps
    /// per update either way.
    static func trainArguments(_ run: String, steps: Int, estimator: String = "relax", split: Bool = false) -> [String] {
        ["--env", "cartpole", "--estimator", estimator, "--no-preset", "--num-envs", split ? "4" : "2",
         "--env-split", split ? "on" : "off", "--rollout-steps", "16",
         "--set", "normalizeObservations=true", "--set", "normalizeRewards=true", "--set", "parameterCheckInterval=2",
         "--total-steps", "\(steps)", "--checkpoint-every", "640", "--run-dir", run, "--quiet"]
    }

    @Test(arguments: [("relax", false), ("ppo", false), ("ppo", true)])
    func aResumedTwoRankRunEqualsTheUninterruptedOneBitForBit(estimator: String, split: Bool) throws {
        var extra: [String] = []
        if estimator == "ppo" { extra = ["--set", "epochs=3", "--set", "minibatchSize=32", "--set", "targetKL=0.01"] }
        let whole = Self.runDirectory("whole"), parts = Self.runDirectory("parts")
        defer { try? FileManager.default.removeItem(atPath: whole); try? FileManager.default.removeItem(atPath: parts) }
        let uninterrupted = try MPIJob.run(ranks: 2, Self.trainArguments(whole, steps: 2560, estimator: estimator, split: split) + extra,
                                           environment: Self.single, program: "rl-train", timeout: 300)
        #expect(uninterrupted.status == 0, "\(uninterrupted)")
        let first = try MPIJob.run(ranks: 2, Self.trainArguments(parts, steps: 1280, estimator: estimator, split: split) + extra,
                                   environment: Self.single, program: "rl-train", timeout: 300)
        #expect(first.status == 0, "\(first)")
        let second = try MPIJob.run(ranks: 2, ["--resume", parts, "--total-steps", "2560", "--quiet"],
                                    environment: Self.single, program: "rl-train", timeout: 300)
        #expect(second.status == 0, "\(second)")
        // One writer: one summary, from rank 0.
        #expect(second.stdout.components(separatedBy: "Training finished").count == 2, "\(second)")

        let a = try Checkpoint.read(from: try Self.newestCheckpoint(whole))
        let b = try Checkpoint.read(from: try Self.newestCheckpoint(parts))
        #expect(a.attributes["world_size"] == "2")
        #expect(a.attributes["environment_split"] == (split ? "split" : "per-rank"))
        #expect(a.names.contains("rank/1/rng/agent") && a.names.contains("rank/1/env/1/actions"))
        #expect(Self.differences(a, b).isEmpty, "\(Self.differences(a, b))")
        // Equal but for the last column, wall_seconds.
        func withoutWallClock(_ text: String) -> [Substring] {
            text.split(separator: "\n").map { $0[..<($0.lastIndex(of: ",") ?? $0.endIndex)] }
        }
        let metricsA = try String(contentsOfFile: whole + "/metrics.csv", encoding: .utf8)
        let metricsB = try String(contentsOfFile: parts + "/metrics.csv", encoding: .utf8)
        #expect(withoutWallClock(metricsA) == withoutWallClock(metricsB))
        // Each row once: one update row per update, 2560 steps of 2 ranks × 2 copies × 16 steps.
        let updateRows = metricsB.split(separator: "\n").filter { $0.hasPrefix("update,") }
        #expect(updateRows.count == 2560 / 64 && Set(updateRows).count == updateRows.count)
    }

    @Test func anOffPolicyRunOfSeveralRanksIsRefusedAtStart() throws {
        let run = Self.runDirectory("sac")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let job = try MPIJob.run(ranks: 2, ["--env", "pendulum", "--estimator", "sac", "--total-steps", "400", "--run-dir", run, "--quiet"],
                                 environment: Self.single, program: "rl-train", timeout: 300)
        #expect(job.status != 0)
        #expect(job.stderr.contains("the off-policy trainer trains in one process only"), "\(job)")
        #expect(!FileManager.default.fileExists(atPath: run + "/metrics.csv"), "nothing is written")
    }

    @Test func resumingWithAnotherNumberOfRanksNamesBothCounts() throws {
        let run = Self.runDirectory("ranks")
        defer { try? FileManager.default.removeItem(atPath: run) }
        let job = try MPIJob.run(ranks: 2, Self.trainArguments(run, steps: 640, estimator: "a2c"),
                                 environment: Self.single, program: "rl-train", timeout: 300)
        #expect(job.status == 0, "\(job)")
        let three = try MPIJob.run(ranks: 3, ["--resume", run, "--total-steps", "1280", "--quiet"],
                                   environment: Self.single, program: "rl-train", timeout: 300)
        #expect(three.status != 0)
        #expect(three.stderr.contains("was written by a run of 2 ranks, but this run has 3 ranks; resume it with mpirun -np 2"),
                "\(three)")
        // Without mpirun: one rank.
        let plain = Process()
        plain.executableURL = MPIJob.products.appendingPathComponent("rl-train")
        plain.arguments = ["--resume", run, "--total-steps", "1280", "--quiet"]
        plain.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMPI_") && !$0.key.hasPrefix("PMI") }
        let errors = Pipe()
        plain.standardError = errors
        plain.standardOutput = Pipe()
        try plain.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        plain.waitUntilExit()
        #expect(plain.terminationStatus != 0)
        #expect(text.contains("was written by a run of 2 ranks, but this run has 1 rank"), "\(text)")
    }

    @Test func aKilledRankEndsTheJobNonzeroWithAMessageAndTheLastCheckpointIntact() throws {
        let run = Self.runDirectory("kill")
        defer { try? FileManager.default.removeItem(atPath: run) }
        var arguments = Self.trainArguments(run, steps: 10_000_000, estimator: "a2c")
        arguments.removeAll { $0 == "--quiet" }
        let job = try MPIJob.start(ranks: 2, arguments, environment: Self.single.merging(["CREDO_MPI_TIMEOUT": "0"]) { $1 },
                                   program: "rl-train")
        _ = try job.waitForLine(timeout: 120) { $0.hasPrefix("checkpoint ") && $0.contains("ckpt-0000001280") }
        // Rank 1 is the child of mpirun whose environment says so.
        let rank1 = try #require(Self.children(of: job.process.processIdentifier).first { pid in
            let environ = (try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/environ"))) ?? Data()
            return environ.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "OMPI_COMM_WORLD_RANK=1" }
        })
        let killed = ContinuousClock.now
        kill(rank1, SIGKILL)
        let result = try job.wait(timeout: 30)
        let elapsed = ContinuousClock.now - killed
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("exited on signal 9 (Killed)"), "\(result)")
        #expect(elapsed < .seconds(10), "the job took \(elapsed) to end after the kill")
        // The newest checkpoint reads (its checksum verified) and resumes under 2 ranks.
        let newest = try Self.newestCheckpoint(run)
        let checkpoint = try Checkpoint.read(from: newest)
        #expect(checkpoint.attributes["world_size"] == "2")
        let steps = try checkpoint.scalar("counters/environment_steps", as: Int64.self)
        let resumed = try MPIJob.run(ranks: 2, ["--resume", run, "--total-steps", "\(steps + 128)", "--quiet"],
                                     environment: Self.single, program: "rl-train", timeout: 300)
        #expect(resumed.status == 0, "\(resumed)")
    }

    /// The pids whose parent is `pid` (from /proc).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { child in
            guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }
}
