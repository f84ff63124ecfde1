import CredoCheckpoint
import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// A checkpoint written by a training run opens in h5py with natural names, shapes, dtypes and
/// `str` attributes, including the run configuration as JSON.
@Suite("Training checkpoint h5py interop")
struct TrainingCheckpointH5pyTests {
    @Test(.enabled(if: Python.h5pyTestsRun, Python.h5pySkipMessage))
    func h5pyOpensATrainingCheckpoint() throws {
        try Python.requireH5py()
        let temporary = try TemporaryDirectory()
        let outcome = try countingLauncher().run(countingRequest(temporary.file("run"), totalSteps: 40))
        let path = try #require(outcome.lastCheckpoint)
        let summary = try Python.summarizeCheckpoint(at: path)
        let checkpoint = try Checkpoint.read(from: path)

        #expect(Set(summary.datasets.keys) == Set(checkpoint.names))
        #expect(summary.datasets["params/policy/weights"]?.shape == [5])
        #expect(summary.datasets["params/policy/weights"]?.dtype == "float32")
        #expect(summary.datasets["rng/agent"]?.dtype == "uint64")
        #expect(summary.datasets["rng/env/1"]?.shape == [4])
        #expect(summary.datasets["counters/environment_steps"]?.shape == [])
        #expect(summary.datasets["counters/environment_steps"]?.values == ["40"])
        #expect(summary.datasets["counters/updates"]?.values == ["4"])
        #expect(Set(summary.attributes.keys) == ["format_version", "config", "environment", "estimator", "credo_version", "matrix_products"])
        #expect(summary.attribute_types.values.allSatisfy { $0 == "str" })
        let configuration = try RunConfiguration(json: try #require(summary.attributes["config"]), source: "h5py")
        #expect(configuration.estimator == .a2c && configuration.totalSteps == 40 && configuration.agent.hiddenSizes == [3, 2])
        #expect(summary.attributes["environment"] == "cartpole")
    }

    @Test(.enabled(if: Python.h5pyTestsRun, Python.h5pySkipMessage))
    func h5pyOpensAnActorCriticCheckpoint() throws {
        try Python.requireH5py()
        let temporary = try TemporaryDirectory()
        let outcome = try ActorCriticRunTests.train(ActorCriticRunTests.arguments(temporary.file("run"), totalSteps: 32))
        let path = try #require(outcome.lastCheckpoint)
        let summary = try Python.summarizeCheckpoint(at: path)
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
        #expect(Set(summary.attributes.keys) == ["format_version", "config", "environment", "estimator", "credo_version", "matrix_products"])
        #expect(summary.attribute_types.values.allSatisfy { $0 == "str" })
        let configuration = try RunConfiguration(json: try #require(summary.attributes["config"]), source: "h5py")
        #expect(configuration.estimator == .relax && configuration.agent.hiddenSizes == [8, 8] && configuration.totalSteps == 32)
    }
}
