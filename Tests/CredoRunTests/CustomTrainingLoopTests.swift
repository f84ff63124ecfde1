import CredoCheckpoint
import CredoEnvironments
import CredoRun
import Foundation
import Testing

/// `TrainingSession` driving a real learner built on the SCG layer (`BanditScoreFunctionTrainer`):
/// it learns, and its resume is exact through Adam's state and both generators.
@Suite("Custom training loop on the SCG layer")
struct CustomTrainingLoopTests {
    private let catalog = TrainerCatalog(
        estimators: ["score-function"],
        makeTrainer: { try BanditScoreFunctionTrainer(configuration: $0) },
        makePolicy: { _, _ in throw MismatchError(what: "policy", saved: "none", expected: "not used here") })

    private func request(_ directory: String, totalSteps: Int, resume: String? = nil) -> TrainingRequest {
        let values: [RunConfiguration.CodingKeys: ConfigurationOverrides.Value] = resume == nil
            ? [.env: .text("bandit-bernoulli"), .estimator: .text("score-function"), .seed: .integer(5),
               .totalSteps: .integer(totalSteps), .numEnvs: .integer(8), .kSteps: .integer(4),
               .policyLearningRate: .number(0.1), .checkpointEvery: .integer(320), .hiddenSizes: .integers([1])]
            : [.totalSteps: .integer(totalSteps)]
        return TrainingRequest(overrides: ConfigurationOverrides(values), runDirectory: resume == nil ? directory : nil, resume: resume)
    }

    @Test func theScoreFunctionLearnerFindsTheBestArm() throws {
        let temporary = try TemporaryDirectory()
        let launcher = countingLauncher(catalog: catalog)
        let outcome = try launcher.run(request(temporary.file("run"), totalSteps: 4_800))
        #expect(outcome.reason == .completed)
        var bandit = MultiArmedBandit(arms: .bernoulli)
        _ = bandit.reset(seed: 5)
        var trainer = try BanditScoreFunctionTrainer(configuration: RunConfiguration(env: "bandit-bernoulli", seed: 5, numEnvs: 8, kSteps: 4))
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
        #expect(try snapshot(temporary.file("whole"))["metrics.csv"] == snapshot(temporary.file("split"))["metrics.csv"])
    }
}
