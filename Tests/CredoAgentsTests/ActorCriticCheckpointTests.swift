import CredoCheckpoint
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// Train N updates, checkpoint, restore into a fresh trainer, continue M updates in both: the
/// parameters, optimizer states, streams, counters and reports must be identical.
@Suite struct ActorCriticCheckpointTests {
    func resumeIsExact(_ config: TrainingConfig, before: Int, after: Int, throughFile: Bool = false) throws {
        var original = try ActorCritic(config: config)
        for _ in 0..<before { _ = try original.update() }
        var saved = try original.checkpoint()
        if throughFile {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("agents-\(UUID()).h5").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try saved.write(to: path)
            saved = try Checkpoint.read(from: path)
        }
        var resumed = try ActorCritic(config: config)
        try resumed.restore(from: saved)
        #expect(try resumed.checkpoint() == saved)
        for _ in 0..<after {
            let a = try original.update(), b = try resumed.update()
            #expect(a.episodes == b.episodes)
            #expect(a.metrics == b.metrics)
        }
        let (x, y) = (try original.checkpoint(), try resumed.checkpoint())
        #expect(x == y)
        #expect(original.policy.parameterTensors.map(\.scalars) == resumed.policy.parameterTensors.map(\.scalars))
        #expect(original.counters == resumed.counters)
    }

    @Test func a2cWithNormalizedObservationsResumesExactly() throws {
        try resumeIsExact(.with { $0.estimator = .a2c; $0.normalizeObservations = true; $0.normalizeRewards = true
                                 $0.environmentCount = 4; $0.seed = 7 },
                          before: 30, after: 20, throughFile: true)
    }

    @Test func relaxResumesExactly() throws {
        try resumeIsExact(.with { $0.estimator = .relax; $0.environmentCount = 3; $0.rolloutSteps = 8; $0.seed = 8 },
                          before: 12, after: 8)
    }

    @Test func reinforceResumesExactly() throws {
        try resumeIsExact(.with { $0.estimator = .reinforce; $0.environmentCount = 2; $0.seed = 9 }, before: 3, after: 3)
    }

    /// Every estimator of the catalogue, on an environment whose actions it takes.
    @Test(arguments: EstimatorName.allCases)
    func everyEstimatorResumesExactly(_ estimator: EstimatorName) throws {
        let entry = try #require(EstimatorCatalog.standard[estimator])
        try resumeIsExact(.with {
            $0.environment = entry.actions == .continuous ? "cartpole-continuous" : "cartpole"
            $0.estimator = estimator; $0.environmentCount = 2; $0.rolloutSteps = 8; $0.pathwiseHorizon = 4
            $0.normalizeObservations = true; $0.hiddenSizes = [16]; $0.seed = 10
        }, before: 6, after: 4)
    }

    /// PPO's passes of shuffled minibatches draw the shuffles from the agent's stream, so a
    /// checkpoint between updates resumes them exactly (also with value clipping and a KL stop).
    @Test func ppoWithMinibatchEpochsResumesExactly() throws {
        try resumeIsExact(.with {
            $0.estimator = .ppo; $0.environmentCount = 4; $0.rolloutSteps = 16; $0.epochs = 3; $0.minibatchSize = 24
            $0.valueClipRange = 0.2; $0.targetKL = 0.02; $0.normalizeAdvantages = true; $0.seed = 12
        }, before: 5, after: 4, throughFile: true)
        try resumeIsExact(.with {
            $0.environment = "cartpole-continuous"; $0.estimator = .ppo; $0.environmentCount = 2; $0.rolloutSteps = 16
            $0.epochs = 2; $0.minibatchSize = 8; $0.seed = 13
        }, before: 4, after: 3)
    }

    /// Checkpoints written before the estimator catalogue (same layout) load and continue.
    @Test(arguments: ["relax", "lax"])
    func checkpointsFromBeforeTheCatalogueLoad(_ name: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)-before-catalogue", withExtension: "h5"))
        let saved = try Checkpoint.read(from: url.path)
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(try saved.attribute("config").utf8))
        var trainer = try ActorCritic(config: config)
        try trainer.restore(from: saved)
        #expect(trainer.counters.environmentSteps == 256)
        _ = try trainer.update()
        #expect(trainer.counters.updates == 17)
    }

    @Test func checkpointLayout() throws {
        var trainer = try ActorCritic(config: .with { $0.estimator = .relax; $0.environmentCount = 2; $0.rolloutSteps = 4 })
        _ = try trainer.update()
        let c = try trainer.checkpoint()
        for name in ["params/policy/layer0/weight", "params/critic/layer2/bias", "params/control_variate/log_temperature",
                     "optimizer/policy/step", "optimizer/policy/m/layer0/weight", "optimizer/control_variate/v/layer1/weight",
                     "rng/agent", "rng/env/0", "rng/env/1", "rng/env_episode_start/1", "env/0/actions",
                     "counters/environment_steps", "counters/updates", "diagnostics/recent_returns"] {
            #expect(c.names.contains(name), "missing \(name)")
        }
        // The configuration attribute has one writer, the run layer (RunCheckpoint.annotate).
        #expect(c.attributes["config"] == nil)
        #expect(c.attributes["environment"] == "cartpole" && c.attributes["estimator"] == "relax")
        #expect(try c.scalar("counters/environment_steps", as: Int64.self) == 8)
    }

    @Test func restoreRejectsAnotherEnvironment() throws {
        let saved = try ActorCritic(config: .with { $0.environmentCount = 2 }).checkpoint()
        var other = try ActorCritic(config: .with { $0.environmentCount = 2; $0.environment = "bandit-bernoulli" })
        #expect(throws: ActorCriticError.self) { try other.restore(from: saved) }
    }
}
