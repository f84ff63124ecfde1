import CredoEnvironments
import CredoTensor
import Testing
@testable import CredoAgents

/// The README's example: a user-defined environment, registered by name, trained by ActorCritic.
struct CoinMachine: Environment {                       // arms pay 1 with fixed probabilities
    var payouts: [Double]
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: 0, shape: [1]) }
    var actionSpace: Space { .discrete(payouts.count) }
    mutating func reset(seed: UInt64?) -> [Float] { if let seed { rng = RandomGenerator(seed: seed) }; return [0] }
    mutating func step(_ action: Action) -> StepResult {
        guard case .discrete(let arm) = action else { preconditionFailure("CoinMachine takes a discrete action") }
        return StepResult(observation: [0], reward: rng.uniformDouble() < payouts[arm] ? 1 : 0,
                          terminated: true, truncated: false)
    }
}

@Suite struct CustomEnvironmentTrainingTests {
    @Test func actorCriticLearnsTheBestArmOfACustomEnvironment() throws {
        var registry = EnvironmentRegistry.standard
        registry.register("coin-machine") { CoinMachine(payouts: [0.2, 0.9, 0.5]) }
        var config = TrainingConfig()
        config.environment = "coin-machine"
        config.estimator = .reinforceBaseline
        config.learningRate = 0.05
        var trainer = try ActorCritic(config: config, registry: registry)
        for _ in 0..<60 { _ = try trainer.update() }
        // Chance is 0.53 (the arms' mean); the best arm pays 0.9. With 100 episodes in the window,
        // the standard error of the mean is at most 0.05, so 0.75 is far above chance.
        let mean = try #require(trainer.window.meanReturn)
        #expect(mean > 0.75, "rolling mean \(mean)")
    }
}
