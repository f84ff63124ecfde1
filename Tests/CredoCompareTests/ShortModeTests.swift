import CredoTestSupport
import Foundation
import Testing

/// Every credo-compare subcommand runs in CI in a short mode (a few iterations; no timing is
/// asserted): it is started as a process, as `make bench`, `make bench-core`, `make bench-gym`
/// and the docs start it, and its output must parse and carry the fields its readers use
/// (bench/compare.py, bench/gym_bridge.py, the docs' tables). The MPI subcommands
/// (`allreduce`, `data-parallel-equivalence`) run under mpirun in CredoMPITests.
@Suite struct ShortModeTests {
    static let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("envs").path

    /// Runs `credo-compare arguments` and returns its stdout, requiring exit status 0.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let result = try ToolProcess.run("credo-compare", arguments, environment: environment, timeout: 120)
        #expect(result.status == 0, "credo-compare \(arguments.joined(separator: " ")): \(result.errors)")
        return result.output
    }

    /// The last line of `output` as a JSON object holding every one of `fields`; nil (and a
    /// recorded issue) otherwise.
    static func lastJSON(_ output: String, fields: [String]) -> [String: Any]? {
        guard let line = output.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
        let missing = fields.filter { object[$0] == nil }
        return missing.isEmpty ? object : nil
    }

    /// The number after `key=` in a `key=value ...` line.
    static func number(_ key: String, in line: Substring) -> Double? {
        line.split(separator: " ").first { $0.hasPrefix(key + "=") }.flatMap { Double($0.dropFirst(key.count + 1)) }
    }

    /// The numbers of a text line (columns and `x=y` values alike).
    static func numbers(_ line: Substring) -> [Double] {
        line.split(whereSeparator: { $0 == " " || $0 == "=" || $0 == "(" || $0 == ")" || $0 == "%" }).compactMap { Double($0) }
    }

    @Test func makeBenchWorkloadsPrintValueUnitWhat() throws {
        let workloads: [[String]] = [
            ["cartpole", "--envs", "4", "--seconds", "0.02"], ["lunarlander", "--seconds", "0.02"],
            ["mlp", "--batch", "4", "--seconds", "0.02"], ["checkpoint", "--repeats", "1", "--presets", Self.presets],
            ["solve", "--max-steps", "500", "--presets", Self.presets],
            ["solve-ranks", "--max-steps", "500", "--presets", Self.presets],
        ]
        for arguments in workloads {
            let object = try #require(Self.lastJSON(try run(arguments), fields: ["value", "unit", "what"]), "\(arguments)")
            #expect((object["value"] as? Double).map { $0.isFinite && $0 > 0 } == true, "\(arguments): \(object)")
        }
    }

    @Test func coreTablesHaveEverySection() throws {
        let lines = try run(["core", "--seconds", "0.002", "--sizes", "16", "--batch", "4", "--memory-steps", "20"])
            .split(separator: "\n")
        for header in ["== matmul", "== MLP", "== memory", "== elementwise"] {
            #expect(lines.contains { $0.hasPrefix(header) }, "no \(header) section")
        }
        let matmul = try #require(lines.first { $0.hasPrefix("16 ") })
        #expect(Self.numbers(matmul).count == 5 && Self.numbers(matmul).allSatisfy { $0 > 0 })
        let mlp = try #require(lines.first { $0.hasPrefix("4 ") })
        #expect(Self.numbers(mlp).count == 5)
        let memory = lines.filter { $0.hasPrefix("after ") }
        #expect(memory.count == 3 && memory.allSatisfy { (Self.numbers($0).last ?? 0) > 0 })  // 1 % of 20 rounds to 0
        #expect(lines.filter { $0.hasSuffix(" us") && !Self.numbers($0).isEmpty }.count == 9)  // the kernels, not the MLP header
    }

    @Test func environmentThroughputAllocatesNothingPerVectorStep() throws {
        let lines = try run(["envs", "--seconds", "0.02", "--allocation-steps", "300"]).split(separator: "\n")
        let rates = lines.filter { $0.hasPrefix("cartpole,") }
        #expect(rates.count == 5 && rates.allSatisfy { (Self.numbers($0).last ?? 0) > 0 })
        let counts = lines.filter { $0.hasPrefix("  ") }
        #expect(counts.count == 2)
        for line in counts {  // "  <type>: <allocations> (<n> autoresets)"
            let values = Self.numbers(line.split(separator: ":").last ?? "")
            #expect(values.count == 2 && values[0] == 0 && values[1] > 0, "\(line)")
        }
    }

    @Test func landerReportsSpeedsAndPilots() throws {
        let lines = try run(["lander", "--steps", "300", "--episodes", "1"]).split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.prefix(2).allSatisfy { $0.contains("steps/s") && (Self.numbers($0).first ?? 0) > 0 })
        let heuristic = try #require(lines.first { $0.hasPrefix("heuristic policy") })
        #expect(heuristic.contains("landed (+100) in 100%"))  // the scripted pilot lands on seed 0
    }

    @Test func toGoalStopsAtItsBudgetWithAResultLine() throws {
        let output = try run(["to-goal", "--estimator", "a2c", "--max-steps", "600", "--every", "2",
                              "--hiddenSizes", "[16,16]", "--goal", "-1"])
        let result = try #require(output.split(separator: "\n").last { $0.hasPrefix("RESULT ") })
        #expect(result.contains("estimator=a2c") && result.contains("solved=no"))  // the window of 100 is not full yet
        #expect((Self.number("steps", in: result) ?? 0) >= 600 && (Self.number("episodes", in: result) ?? 0) > 0)
        #expect(output.split(separator: "\n").contains { $0.hasPrefix("update ") })
    }

    @Test func offPolicyAndSACStepPrintTheirJSON() throws {
        let offPolicy = try run(["off-policy", "--estimator", "sac", "--environment", "cartpole-continuous", "--max-steps", "150",
                                 "--learningStarts", "64", "--batchSize", "16", "--hiddenSizes", "[8,8]", "--every", "100"])
        let summary = try #require(Self.lastJSON(offPolicy, fields: ["estimator", "environment", "seed", "goal", "reached",
                                                                    "steps", "seconds", "last10_mean"]))
        #expect(summary["reached"] as? Bool == false && (summary["steps"] as? Int ?? 0) >= 150)
        let step = try run(["sac-step", "--rounds", "1", "--per-round", "1", "--warmup", "0", "--width", "8", "--collect", "256"])
        let timing = try #require(Self.lastJSON(step, fields: ["estimator", "width", "gradient_step_seconds_median", "min", "max",
                                                             "rounds", "steps_per_round", "uniform_collection_step_seconds", "act_seconds"]))
        #expect((timing["gradient_step_seconds_median"] as? Double ?? 0) > 0 && timing["width"] as? Int == 8)
    }

    @Test(.enabled(if: Python.testsRun(needing: "gymnasium"), Python.skipMessage("gymnasium")))
    func gymPrintsWhatGymBridgeReads() throws {
        try Python.require("gymnasium")
        let output = try run(["gym", "--id", "CartPole-v1", "--copies", "2", "--seconds", "0.05", "--warmup", "2"])
        let object = try #require(Self.lastJSON(output, fields: ["side", "id", "copies", "workers", "vector_steps", "seconds",
                                                                 "steps_per_second", "microseconds_per_vector_step"]))
        #expect(object["copies"] as? Int == 2 && (object["steps_per_second"] as? Double ?? 0) > 0)
    }

    /// Negative controls: a bad argument fails naming the valid choices; the field check refuses
    /// an object that lacks a field, and the number reader a line without the key.
    @Test func badInputIsRefusedAndTheChecksCanFail() throws {
        let result = try ToolProcess.run("credo-compare", ["core", "nosuch"])
        #expect(result.status != 0 && result.errors.contains("sections: matmul, mlp, memory, ops"))
        let field = try ToolProcess.run("credo-compare", ["to-goal", "--noSuchField", "1"])
        #expect(field.status != 0 && field.errors.contains("unknown option --noSuchField") && field.errors.contains("estimator"))
        #expect(Self.lastJSON(#"{"value": 1, "unit": "s"}"#, fields: ["value", "unit", "what"]) == nil)
        #expect(Self.lastJSON("not json", fields: []) == nil)
        #expect(Self.number("steps", in: "RESULT episodes=3") == nil)
    }
}
