import CredoEnvironments
import Foundation
import Testing
@testable import CredoAgents

/// Short seeded runs: each off-policy estimator improves cartpole-continuous's return over its
/// first episodes (uniform random actions before `learningStarts`), 4 000 steps with 32-32
/// networks: 3–8 s of CPU each in a debug build (sobolev-q the most, its model unroll). The
/// actor's learning rate matters for the deterministic actors: at 3e-3 ddpg and td3 saturate
/// tanh at ±1 and stay there (episodes of 8 steps); 3e-4 (SB3's default) does not.
@Suite struct OffPolicyTrainingTests {
    static func small(_ estimator: EstimatorName, seed: UInt64) -> OffPolicyConfig {
        .with {
            $0.environment = "cartpole-continuous"; $0.estimator = estimator; $0.seed = seed
            $0.hiddenSizes = [32, 32]; $0.batchSize = 64; $0.bufferSize = 10_000; $0.learningStarts = 200
            $0.learningRate = 3e-4; $0.criticLearningRate = 3e-3; $0.tau = 0.01; $0.pathwiseHorizon = 4
            $0.gamma = 0.98; $0.environmentCount = 4
        }
    }

    /// Mean return of the first episodes against the rolling mean after `steps` steps.
    func improvement(_ config: OffPolicyConfig, steps: Int) throws -> (before: Double, after: Double, seconds: Double) {
        var trainer = try OffPolicyActorCritic(config: config)
        var returns: [Double] = []
        let start = Date()
        while trainer.counters.environmentSteps < steps {
            returns += try trainer.update().episodes.map(\.totalReward)
        }
        let seconds = Date().timeIntervalSince(start)
        let first = returns.prefix(5)
        let last = returns.suffix(5)
        return (first.reduce(0, +) / Double(first.count), last.reduce(0, +) / Double(max(last.count, 1)), seconds)
    }

    @Test(arguments: [EstimatorName.ddpg, .td3, .sac, .sobolevQ])
    func shortRunImprovesCartPoleReturn(_ estimator: EstimatorName) throws {
        let r = try improvement(Self.small(estimator, seed: 1), steps: 4_000)
        print("\(estimator): first episodes \(r.before), last \(r.after), \(r.seconds) s")
        #expect(r.after > 2 * r.before, "\(estimator): the last episodes' mean return \(r.after) is not above twice the first \(r.before)")
    }
}
