import Foundation
import Testing
@testable import CredoAgents

/// Mean return of the first and of the last `window` finished episodes over `updates` updates.
func firstAndLastMeanReturns(_ config: TrainingConfig, updates: Int, window: Int) throws -> (first: Double, last: Double) {
    var trainer = try ActorCritic(config: config)
    var returns: [Double] = []
    for _ in 0..<updates { returns += try trainer.update().episodes.map(\.totalReward) }
    #expect(returns.count >= 2 * window)
    let mean = { (x: ArraySlice<Double>) in x.reduce(0, +) / Double(x.count) }
    return (mean(returns.prefix(window)), mean(returns.suffix(window)))
}

/// Short seeded CartPole runs: each estimator must raise the mean return of its episodes well
/// above where it started (a random policy averages about 22).
@Suite struct ActorCriticTrainingTests {
    func run(_ config: TrainingConfig, updates: Int) throws -> (first: Double, last: Double) {
        try firstAndLastMeanReturns(config, updates: updates, window: 20)
    }

    @Test func a2cImproves() throws {
        let r = try run(.with { $0.estimator = .a2c; $0.seed = 3 }, updates: 100)
        #expect(r.last > r.first + 40, "a2c: \(r)")
    }

    @Test func a2cWithKStepTargetsImproves() throws {
        let r = try run(.with { $0.estimator = .a2c; $0.target = .kStep; $0.kSteps = 8; $0.seed = 3 }, updates: 100)
        #expect(r.last > r.first + 40, "a2c k-step: \(r)")
    }

    @Test func reinforceImproves() throws {
        let r = try run(.with { $0.estimator = .reinforce; $0.learningRate = 5e-3; $0.seed = 5 }, updates: 20)
        #expect(r.last > r.first + 20, "reinforce: \(r)")
    }

    @Test func reinforceWithBaselineImproves() throws {
        let r = try run(.with { $0.estimator = .reinforceBaseline; $0.learningRate = 5e-3; $0.seed = 5 }, updates: 20)
        #expect(r.last > r.first + 20, "reinforce-baseline: \(r)")
    }

    @Test func relaxImproves() throws {
        let r = try run(.with { $0.estimator = .relax; $0.seed = 3 }, updates: 80)
        #expect(r.last > r.first + 40, "relax: \(r)")
    }

    /// PPO with rl-baselines3-zoo's CartPole settings (envs/cartpole.json).
    @Test func ppoImproves() throws {
        let r = try run(.with {
            $0.estimator = .ppo; $0.seed = 3; $0.rolloutSteps = 32; $0.minibatchSize = 256; $0.epochs = 20
            $0.lambda = 0.8; $0.gamma = 0.98; $0.normalizeAdvantages = true
        }, updates: 40)
        #expect(r.last > r.first + 40, "ppo: \(r)")
    }

    /// Mean Actor-Critic with envs/cartpole.json's settings (the Q critic learns faster; no entropy
    /// bonus, which made it fall back after solving: docs/agents.md).
    @Test func macImproves() throws {
        let r = try run(.with {
            $0.estimator = .mac; $0.seed = 3; $0.entropyCoefficient = 0; $0.learningRate = 3e-4; $0.criticLearningRate = 0.01
        }, updates: 150)
        #expect(r.last > r.first + 40, "mac: \(r)")
    }
}

/// The continuous-action estimators on cartpole-continuous.
@Suite struct ContinuousEstimatorTrainingTests {
    func run(_ config: TrainingConfig, updates: Int) throws -> (first: Double, last: Double) {
        try firstAndLastMeanReturns(config, updates: updates, window: 10)
    }

    func small(_ estimator: EstimatorName) -> TrainingConfig {
        .with {
            $0.environment = "cartpole-continuous"
            $0.estimator = estimator
            $0.environmentCount = 4
            $0.pathwiseHorizon = 16
            $0.seed = 2
        }
    }

    @Test func pathwiseImproves() throws {
        let r = try run(small(.pathwise), updates: 60)
        #expect(r.last > r.first + 30, "pathwise: \(r)")
    }

    @Test func laxImproves() throws {
        let r = try run(small(.lax), updates: 150)
        #expect(r.last > r.first + 30, "lax: \(r)")
    }

    /// A model-free Q critic, with envs/cartpole-continuous.json's settings.
    @Test func reparamQImproves() throws {
        var config = small(.reparamQ)
        config.entropyCoefficient = 0.01; config.learningRate = 3e-4; config.criticLearningRate = 0.01
        let r = try run(config, updates: 150)
        #expect(r.last > r.first + 30, "reparam-q: \(r)")
    }

    /// The gradient-critic, at the preset's horizon (32) and copies (8).
    @Test func sobolevImproves() throws {
        let r = try run(.with { $0.environment = "cartpole-continuous"; $0.estimator = .sobolev; $0.seed = 2 }, updates: 160)
        #expect(r.last > r.first + 30, "sobolev: \(r)")
    }

    @Test func modelEstimatorsNeedTheDifferentiableModel() {
        #expect(throws: ActorCriticError.self) {
            _ = try ActorCritic(config: .with { $0.estimator = .pathwise; $0.environment = "lunarlander-continuous" })
        }
        #expect(throws: ActorCriticError.self) { _ = try ActorCritic(config: .with { $0.estimator = .lax }) }
    }
}
