import CredoCheckpoint
import CredoEnvironments
import CredoRun
import CredoTensor
import CredoTestTrainers
import Foundation
import Testing

/// `TrainingSession` driving a real learner built on the SCG layer (`BanditScoreFunctionTrainer`):
/// it learns, and its resume is exact through Adam's state and both generators.
@Suite("Custom training loop on the SCG layer")
struct CustomTrainingLoopTests {
    private let catalog = TrainerCatalog(kinds: [.bandit()])

    private func request(_ directory: String, totalSteps: Int, resume: String? = nil) -> TrainingRequest {
        let values: [String: ConfigurationOverrides.Value] = resume == nil
            ? ["environment": .text("bandit-bernoulli"), "estimator": .text("bandit-loo"), "seed": .integer(5),
               "totalSteps": .integer(totalSteps), "samples": .integer(32), "learningRate": .number(0.1),
               "checkpointEvery": .integer(320)]
            : ["totalSteps": .integer(totalSteps)]
        return TrainingRequest(overrides: ConfigurationOverrides(values), runDirectory: resume == nil ? directory : nil, resume: resume)
    }

    @Test func theScoreFunctionLearnerFindsTheBestArm() throws {
        let temporary = try TemporaryDirectory()
        let launcher = countingLauncher(catalog: catalog)
        let outcome = try launcher.run(request(temporary.file("run"), totalSteps: 4_800))
        #expect(outcome.reason == .completed)
        var bandit = MultiArmedBandit(arms: .bernoulli)
        _ = bandit.reset(seed: 5)
        var settings = BanditSettings()
        settings.seed = 5
        var trainer = try BanditScoreFunctionTrainer(settings: settings)
        try trainer.restore(from: Checkpoint.read(from: try #require(outcome.lastCheckpoint)))
        // The policy concentrates on the best arm, and the recent mean reward approaches its mean.
        #expect(trainer.armProbabilities[bandit.bestArm] > 0.9, "\(trainer.armProbabilities), best arm \(bandit.bestArm)")
        #expect(try #require(outcome.meanReturn) > bandit.means.reduce(0, +) / Double(bandit.count) + 0.1)
    }

    @Test func resumingTheLearnerIsExact() throws {
        let temporary = try TemporaryDirectory()
        let launcher = countingLauncher(catalog: catalog)
        let whole = try launcher.run(request(temporary.file("whole"), totalSteps: 1_280))
        _ = try launcher.run(request(temporary.file("split"), totalSteps: 640))
        let resumed = try launcher.run(request(temporary.file("split"), totalSteps: 1_280, resume: temporary.file("split")))
        #expect(try Checkpoint.read(from: whole.lastCheckpoint!) == Checkpoint.read(from: resumed.lastCheckpoint!))
        #expect(try metricsWithoutWallClock(temporary.file("whole") + "/metrics.csv") == metricsWithoutWallClock(temporary.file("split") + "/metrics.csv"))
    }

    @Test func aCustomEnvironmentTrainsThroughTheLibrary() throws {
        var custom = EnvironmentRegistry.standard
        custom.register("coin-machine") { CoinMachine(payouts: [0.2, 0.9, 0.5]) }
        let registry = custom
        let catalog = TrainerCatalog(kinds: [.bandit(registry: registry)], registry: registry)
        let temporary = try TemporaryDirectory()
        let options = ConfigurationOverrides(["environment": .text("coin-machine"), "estimator": .text("bandit-loo"),
                                              "totalSteps": .integer(3_200), "samples": .integer(32), "learningRate": .number(0.1)])
        let launcher = TrainingLauncher(catalog: catalog, progressMode: .quiet, write: { _ in }, shouldStop: { false })
        let outcome = try launcher.run(TrainingRequest(overrides: options, runDirectory: temporary.file("coins")))
        #expect(outcome.reason == .completed)
        #expect(try #require(outcome.meanReturn) > 0.75, "the learner settles on the 0.9 arm")
    }
}

/// A custom environment: a slot machine whose arms pay 1 with fixed probabilities.
struct CoinMachine: Environment {
    var payouts: [Double]
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: 0, shape: [1]) }
    var actionSpace: Space { .discrete(payouts.count) }

    mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { rng = RandomGenerator(seed: seed) }
        return [0]
    }

    mutating func step(_ action: Action) -> StepResult {
        guard case .discrete(let arm) = action else { preconditionFailure("CoinMachine takes a discrete action") }
        let reward: Double = rng.uniformDouble() < payouts[arm] ? 1 : 0
        return StepResult(observation: [0], reward: reward, terminated: true, truncated: false)
    }
}
