import CredoCheckpoint
import CredoRun
import Foundation
import Testing

/// Runs `python3` with `arguments`, returning its exit status, stdout and stderr.
private func runPython(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorData = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
}

private let h5pyIsImportable: Bool = (try? runPython(["-c", "import h5py"]).status == 0) ?? false

/// What `scripts/check_checkpoint_h5py.py` prints.
private struct H5pySummary: Decodable {
    struct Dataset: Decodable {
        let shape: [Int]
        let dtype: String
        let values: [String]
    }
    let datasets: [String: Dataset]
    let attributes: [String: String]
    let attribute_types: [String: String]
}

/// A checkpoint written by a training run opens in h5py with natural names, shapes, dtypes and
/// `str` attributes, including the run configuration as JSON.
@Suite("Training checkpoint h5py interop")
struct TrainingCheckpointH5pyTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/check_checkpoint_h5py.py").path

    @Test(.enabled(if: h5pyIsImportable, "h5py is not importable by python3; skipping the h5py test of a training checkpoint"))
    func h5pyOpensATrainingCheckpoint() throws {
        let temporary = try TemporaryDirectory()
        let outcome = try countingLauncher().run(countingRequest(temporary.file("run"), totalSteps: 40))
        let path = try #require(outcome.lastCheckpoint)
        let run = try runPython([Self.script, path])
        try #require(run.status == 0, "the h5py check failed: \(run.errors)")
        let summary = try JSONDecoder().decode(H5pySummary.self, from: run.output)
        let checkpoint = try Checkpoint.read(from: path)

        #expect(Set(summary.datasets.keys) == Set(checkpoint.names))
        #expect(summary.datasets["params/policy/weights"]?.shape == [5])
        #expect(summary.datasets["params/policy/weights"]?.dtype == "float32")
        #expect(summary.datasets["rng/agent"]?.dtype == "uint64")
        #expect(summary.datasets["rng/env/1"]?.shape == [4])
        #expect(summary.datasets["counters/environment_steps"]?.shape == [])
        #expect(summary.datasets["counters/environment_steps"]?.values == ["40"])
        #expect(summary.datasets["counters/updates"]?.values == ["4"])
        #expect(Set(summary.attributes.keys) == ["format_version", "config", "environment", "estimator", "credo_version"])
        #expect(summary.attribute_types.values.allSatisfy { $0 == "str" })
        let configuration = try RunConfiguration(json: try #require(summary.attributes["config"]), source: "h5py")
        #expect(configuration.estimator == .a2c && configuration.totalSteps == 40 && configuration.agent.hiddenSizes == [3, 2])
        #expect(summary.attributes["environment"] == "cartpole")
    }

    @Test(.enabled(if: h5pyIsImportable, "h5py is not importable by python3; skipping the h5py test of an ActorCritic checkpoint"))
    func h5pyOpensAnActorCriticCheckpoint() throws {
        let temporary = try TemporaryDirectory()
        let outcome = try ActorCriticRunTests.train(ActorCriticRunTests.arguments(temporary.file("run"), totalSteps: 32))
        let path = try #require(outcome.lastCheckpoint)
        let run = try runPython([Self.script, path])
        try #require(run.status == 0, "the h5py check failed: \(run.errors)")
        let summary = try JSONDecoder().decode(H5pySummary.self, from: run.output)
        let checkpoint = try Checkpoint.read(from: path)

        #expect(Set(summary.datasets.keys) == Set(checkpoint.names))
        for name in checkpoint.names {
            #expect(summary.datasets[name]?.shape == checkpoint[name]?.shape, "shape of \(name)")
        }
        let parameters = checkpoint.names.filter { $0.hasPrefix("params/") }
        #expect(!parameters.isEmpty && parameters.allSatisfy { summary.datasets[$0]?.dtype == "float32" })
        #expect(summary.datasets["rng/agent"]?.dtype == "uint64")
        #expect(summary.datasets["counters/environment_steps"]?.values == ["32"])
        #expect(summary.datasets["counters/updates"]?.values == ["2"])
        #expect(Set(summary.attributes.keys) == ["format_version", "config", "environment", "estimator", "credo_version"])
        #expect(summary.attribute_types.values.allSatisfy { $0 == "str" })
        let configuration = try RunConfiguration(json: try #require(summary.attributes["config"]), source: "h5py")
        #expect(configuration.estimator == .relax && configuration.agent.hiddenSizes == [8, 8] && configuration.totalSteps == 32)
    }
}
