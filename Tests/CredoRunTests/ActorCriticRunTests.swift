import CredoAgents
import CredoCheckpoint
import CredoRun
import Foundation
import Testing
@testable import rl_train

/// `rl-train` end to end on the real trainer, `TrainerCatalog.standard`'s `ActorCritic`, with
/// tiny budgets: 16 steps an update (2 copies × 8 steps), a few updates a run.
@Suite("rl-train on ActorCritic")
struct ActorCriticRunTests {
    /// The options of a small CartPole run in `directory` (no preset, so the values are these).
    static func arguments(_ directory: String, estimator: String = "relax", totalSteps: Int) -> [String] {
        ["--env", "cartpole", "--estimator", estimator, "--seed", "3", "--total-steps", "\(totalSteps)",
         "--num-envs", "2", "--rollout-steps", "8", "--hidden-sizes", "8,8", "--checkpoint-every", "16",
         "--keep-checkpoints", "5", "--no-preset", "--run-dir", directory, "--quiet"]
    }

    /// Parses `arguments` as `rl-train` does and runs the standard launcher on them.
    static func train(_ arguments: [String]) throws -> SessionOutcome {
        let command = try #require(try RLTrain.parseAsRoot(arguments) as? RLTrain)
        let launcher = TrainingLauncher(catalog: .standard, presetDirectory: "/nonexistent", progressMode: .quiet,
                                        write: { _ in }, shouldStop: { false })
        return try launcher.run(try command.request())
    }

    @Test func aRunWritesItsFilesAndItsCheckpointReopens() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        let outcome = try Self.train(Self.arguments(run, totalSteps: 48))
        #expect(outcome.reason == .completed)
        #expect(outcome.counters == TrainingCounters(environmentSteps: 48, episodes: outcome.counters.episodes, updates: 3))
        let directory = RunDirectory(path: run)
        for path in [directory.configPath, directory.metricsPath, directory.learningCurvePath] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path) missing")
        }
        #expect(try directory.rotation(keep: 5).checkpoints().map(\.step) == [16, 32, 48])

        let (checkpoint, configuration) = try RunCheckpoint.load(path: try #require(outcome.lastCheckpoint))
        #expect(configuration.agent == TrainingConfig.with {
            $0.estimator = .relax; $0.seed = 3; $0.environmentCount = 2; $0.rolloutSteps = 8; $0.hiddenSizes = [8, 8]
        })
        #expect(configuration.totalSteps == 48 && configuration.checkpointEvery == 16)
        #expect(try TrainingCounters(checkpoint: checkpoint) == outcome.counters)
        #expect(checkpoint.names.filter { $0.hasPrefix("counters/") }.sorted()
            == ["counters/environment_steps", "counters/episodes", "counters/updates"])
        #expect(Set(checkpoint.attributes.keys) == ["format_version", "config", "environment", "estimator", "credo_version", "matrix_products"])
        for network in ["policy", "critic", "control_variate"] {
            #expect(checkpoint.names.contains { $0.hasPrefix("params/\(network)/") }, "no parameters of the \(network)")
        }

        // rl-eval's path: the checkpoint becomes a policy that plays CartPole.
        let evaluation = try PolicyEvaluation.evaluate(checkpoint: run, catalog: .standard, episodes: 2, deterministic: true)
        #expect(evaluation.result.returns.count == 2 && evaluation.result.lengths.allSatisfy { $0 >= 1 })
    }

    @Test func resumingAfterNUpdatesThenMEqualsTheUninterruptedRun() throws {
        let temporary = try TemporaryDirectory()
        let straight = temporary.file("straight"), split = temporary.file("split")
        let whole = try Self.train(Self.arguments(straight, totalSteps: 48))
        let first = try Self.train(Self.arguments(split, totalSteps: 32))
        #expect(first.counters.updates == 2)
        let second = try Self.train(["--resume", split, "--total-steps", "48", "--quiet"])
        #expect(second.reason == .completed && second.counters == whole.counters)

        let a = try Checkpoint.read(from: try #require(whole.lastCheckpoint))
        let b = try Checkpoint.read(from: try #require(second.lastCheckpoint))
        #expect(a.names.sorted() == b.names.sorted())
        for name in a.names { #expect(a[name] == b[name], "dataset \(name) differs") }
        #expect(a.attributes == b.attributes)
        let metricsA = try metricsWithoutWallClock(RunDirectory(path: straight).metricsPath)
        let metricsB = try metricsWithoutWallClock(RunDirectory(path: split).metricsPath)
        #expect(metricsA == metricsB)
    }

    @Test func aCheckpointFromAnotherEnvironmentOrArchitectureIsRejectedNamingTheMismatch() throws {
        let temporary = try TemporaryDirectory()
        let outcome = try Self.train(Self.arguments(temporary.file("run"), estimator: "a2c", totalSteps: 16))
        let (checkpoint, configuration) = try RunCheckpoint.load(path: try #require(outcome.lastCheckpoint))
        var wider = configuration
        wider.agent.hiddenSizes = [16]
        var other = configuration
        other.agent.environment = "lunarlander"
        for (changed, message) in [(wider, "hidden sizes are [16], but the checkpoint's params/policy/layer0/weight has shape [4, 8] where this trainer's has [4, 16]"),
                                   (other, "environment is lunarlander, the checkpoint has cartpole")] {
            var trainer = try TrainerCatalog.standard.makeTrainer(changed)
            do {
                try RunCheckpoint.restore(&trainer, from: checkpoint, path: "ckpt.h5")
                Issue.record("restoring into \(changed.agent.environment) \(changed.agent.hiddenSizes) did not throw")
            } catch {
                #expect("\(error)" == "checkpoint does not match this trainer: \(message)")
            }
        }
    }
}
