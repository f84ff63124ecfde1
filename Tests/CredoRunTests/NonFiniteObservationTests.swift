import CredoAgents
import CredoCheckpoint
import CredoEnvironments
import CredoRun
import CredoTensor
import Foundation
import Testing

/// CartPole whose observation turns NaN after `healthySteps` steps of the copy: a broken
/// user environment.
struct PoisonedCartPole: Environment {
    var base = TimeLimit(CartPole(), maxEpisodeSteps: 500)
    var healthySteps: Int
    var taken = 0
    var observationSpace: Space { base.observationSpace }
    var actionSpace: Space { base.actionSpace }
    var rng: RandomGenerator {
        get { base.rng }
        set { base.rng = newValue }
    }
    mutating func reset(seed: UInt64?) -> [Float] { base.reset(seed: seed) }
    mutating func step(_ action: Action) -> StepResult {
        var result = base.step(action)
        taken += 1
        if taken > healthySteps { result.observation[0] = .nan }
        return result
    }
}

@Suite("Non-finite environment output")
struct NonFiniteObservationTests {
    @Test func aNaNObservationStopsTrainingWithAMessageAndKeepsTheLastGoodCheckpoint() throws {
        var registry = EnvironmentRegistry.standard
        registry.register("poisoned-cartpole") { PoisonedCartPole(healthySteps: 20) }
        let catalog = TrainerCatalog(estimators: [.a2c], registry: registry,
                                     makeTrainer: { [registry] in try ActorCritic(config: $0.agent, registry: registry) })
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        // 2 copies × 8 steps an update (16 environment steps), a checkpoint after each: updates 1
        // and 2 are healthy, update 3 meets the NaN at each copy's 21st step.
        let overrides = ConfigurationOverrides(["environment": .text("poisoned-cartpole"), "estimator": .text("a2c"),
                                                "environmentCount": .integer(2), "rolloutSteps": .integer(8),
                                                "totalSteps": .integer(64), "checkpointEvery": .integer(16)])
        let launcher = TrainingLauncher(catalog: catalog, presetDirectory: "/nonexistent", progressMode: .quiet,
                                        write: { _ in }, shouldStop: { false })
        let outcome = try launcher.run(TrainingRequest(overrides: overrides, runDirectory: run, quiet: true))
        guard case .updateFailed(let message) = outcome.reason else {
            Issue.record("expected the run to stop on the NaN observation, got \(outcome.reason)")
            return
        }
        #expect(message.contains("non-finite observation (nan)"), "\(message)")
        #expect(outcome.exitStatus == 1)
        let last = try #require(outcome.lastCheckpoint)
        #expect(try TrainingCounters(checkpoint: try Checkpoint.read(from: last)).environmentSteps == 32)
    }
}
