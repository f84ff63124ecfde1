import CredoCheckpoint
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// Train k updates, checkpoint mid-run (the replay buffer partly filled), write the HDF5 file
/// and read it back, restore into a fresh trainer, continue: every report, parameter, optimizer
/// moment, buffer row and stream must equal the uninterrupted run's, bit for bit.
@Suite struct OffPolicyCheckpointTests {
    func resumeIsExact(_ config: OffPolicyConfig, before: Int, after: Int) throws {
        var original = try OffPolicyActorCritic(config: config)
        for _ in 0..<before { _ = try original.update() }
        #expect(original.replay.count > 0 && original.replay.count < original.replay.capacity, "a partly filled buffer")
        #expect(original.gradientStepCount > 0)
        var saved = try original.checkpoint()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("offpolicy-\(UUID()).h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saved.write(to: path)
        saved = try Checkpoint.read(from: path)
        var resumed = try OffPolicyActorCritic(config: config)
        try resumed.restore(from: saved)
        #expect(try resumed.checkpoint() == saved)
        #expect(resumed.replay == original.replay)
        for _ in 0..<after {
            let a = try original.update(), b = try resumed.update()
            #expect(a.episodes == b.episodes)
            #expect(a.metrics == b.metrics)
        }
        #expect(try original.checkpoint() == (try resumed.checkpoint()))
        let bits = { (t: OffPolicyActorCritic) in (t.actor.parameterTensors + t.critics.parameterTensors + t.criticTargets.parameterTensors)
            .flatMap(\.scalars).map(\.bitPattern) }
        #expect(bits(original) == bits(resumed))
        // The negative control: a fresh trainer that was not restored differs.
        var fresh = try OffPolicyActorCritic(config: config)
        for _ in 0..<after { _ = try fresh.update() }
        #expect(bits(fresh) != bits(original))
    }

    static func small(_ estimator: EstimatorName) -> OffPolicyConfig {
        .with {
            $0.environment = "cartpole-continuous"; $0.estimator = estimator; $0.hiddenSizes = [16]; $0.batchSize = 16
            $0.bufferSize = 500; $0.learningStarts = 40; $0.environmentCount = 2; $0.gradientSteps = 2; $0.seed = 17
        }
    }

    @Test func sacResumesExactly() throws { try resumeIsExact(Self.small(.sac), before: 60, after: 30) }

    @Test func td3ResumesExactly() throws { try resumeIsExact(Self.small(.td3), before: 61, after: 30) }

    /// rl-eval's path: a fresh trainer restored from a checkpoint acts as the trainer does.
    @Test func evaluationActorLoadsFromACheckpoint() throws {
        var trainer = try OffPolicyActorCritic(config: Self.small(.sac))
        for _ in 0..<30 { _ = try trainer.update() }
        var restored = try OffPolicyActorCritic(config: Self.small(.sac))
        try restored.restore(from: try trainer.checkpoint())
        var policy = try #require(restored.actingPolicy(generator: RandomGenerator(seed: 1)))
        var rng = RandomGenerator(seed: 1)
        let observation: [Float] = [0.01, -0.2, 0.03, 0.1]
        let expected = trainer.act(rawObservations: observation, deterministic: true, using: &rng)
        #expect(try policy.action(for: observation, deterministic: true) == expected[0])
        #expect(restored.actor.parameterTensors.map(\.scalars) == trainer.actor.parameterTensors.map(\.scalars))
        let untrained = try OffPolicyActorCritic(config: Self.small(.sac))
        #expect(untrained.act(rawObservations: observation, deterministic: true, using: &rng) != expected)
    }

    @Test func restoreRefusesAnotherTrainersCheckpoint() throws {
        let td3 = try OffPolicyActorCritic(config: Self.small(.td3))
        var sac = try OffPolicyActorCritic(config: Self.small(.sac))
        #expect(throws: ActorCriticError.self) { try sac.restore(from: try td3.checkpoint()) }
        var onPolicy = try ActorCritic(config: .with { $0.environment = "cartpole-continuous"; $0.estimator = .ppo })
        #expect(throws: ActorCriticError.self) { try sac.restore(from: try onPolicy.checkpoint()) }
        _ = try onPolicy.update()
    }
}

@Suite struct OffPolicyConfigTests {
    func problem(_ change: (inout OffPolicyConfig) -> Void) -> ConfigurationProblem? { OffPolicyConfig.with(change).problem }

    @Test func badInputNamesTheOptionAndTheRule() throws {
        #expect(problem { $0.batchSize = 512; $0.bufferSize = 256 }?.key == "batchSize")
        #expect(problem { $0.bufferSize = 1 << 40 }?.key == "bufferSize")
        #expect(problem { $0.bufferSize = 0 }?.key == "bufferSize")
        #expect(problem { $0.tau = 0 }?.key == "tau")
        #expect(problem { $0.estimator = .ppo }?.key == "estimator")
        #expect(problem { $0.estimator = .td3; $0.explorationNoise = 0 }?.key == "explorationNoise")
        #expect(problem { $0.gradientSteps = 0 }?.key == "gradientSteps")
        #expect(OffPolicyConfig.with { $0.learningStarts = 5_000 }.problem(totalSteps: 1_000)?.key == "learningStarts")
        #expect(OffPolicyConfig.with { $0.learningStarts = 500 }.problem(totalSteps: 1_000) == nil)
        #expect(OffPolicyConfig().problem == nil)
        // An off-policy name on a discrete action space.
        do {
            _ = try OffPolicyActorCritic(config: .with { $0.environment = "cartpole"; $0.estimator = .sac })
            Issue.record("sac was built on CartPole's Discrete(2)")
        } catch let error as ActorCriticError {
            #expect("\(error)".contains("sac") && "\(error)".contains("Discrete(2)"), "\(error)")
        }
        // sobolev-q needs a differentiable model.
        #expect(throws: ActorCriticError.self) {
            try OffPolicyActorCritic(config: .with { $0.environment = "lunarlander-continuous"; $0.estimator = .sobolevQ })
        }
    }

    /// A two-dimensional box (lunarlander-continuous): the trainer collects, learns and scales.
    @Test func trainsOnLunarLanderContinuous() throws {
        var trainer = try OffPolicyActorCritic(config: .with {
            $0.environment = "lunarlander-continuous"; $0.estimator = .sac; $0.hiddenSizes = [16]; $0.batchSize = 16
            $0.bufferSize = 200; $0.learningStarts = 20; $0.seed = 2
        })
        var metrics: [String: Double] = [:]
        for _ in 0..<30 { metrics = try trainer.update().metrics }
        #expect(trainer.replay.count == 30 && trainer.gradientStepCount == 10)
        #expect(metrics["value_loss"].map { $0.isFinite } == true && metrics["alpha"] != nil)
        #expect(trainer.actor.actionSize == 2)
    }

    @Test func decodesWithEveryFieldOptional() throws {
        let c = try JSONDecoder().decode(OffPolicyConfig.self, from: Data(#"{"estimator": "td3", "tau": 0.01}"#.utf8))
        #expect(c == .with { $0.estimator = .td3; $0.tau = 0.01 })
        let round = try JSONDecoder().decode(OffPolicyConfig.self, from: try JSONEncoder().encode(OffPolicyConfig.with { $0.targetEntropy = -2 }))
        #expect(round.targetEntropy == -2)
        #expect(OffPolicyCatalog.standard.names.map(\.rawValue) == ["ddpg", "td3", "sac", "sobolev-q"])
    }
}
