import CredoAgents
import CredoCheckpoint
import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// Exact resume across processes: `rl-train` trains half the budget and exits, a new process
/// resumes it to the full budget, and its final checkpoint must equal, bit for bit, the final
/// checkpoint of one uninterrupted process. Every estimator, on every environment family it
/// applies to, and the `make run` preset.
@Suite("Resume across processes")
struct CrossProcessResumeTests {
    /// One combination: an environment, an estimator, and its own options.
    struct Case: CustomTestStringConvertible, Sendable {
        let environment: String
        let estimator: EstimatorName?
        let arguments: [String]
        var testDescription: String { "\(estimator?.rawValue ?? "make run preset") on \(environment)" }
    }

    static let environments = ["cartpole", "cartpole-continuous", "lunarlander", "bandit-bernoulli"]

    /// Every estimator on every environment whose action space it fits (and, for pathwise and
    /// Sobolev, whose dynamics it can differentiate): the combinations the catalog builds.
    static let cases: [Case] = {
        var cases: [Case] = []
        for environment in environments {
            for estimator in EstimatorName.allCases {
                var agent = TrainingConfig()
                agent.environment = environment
                agent.estimator = estimator
                agent.hiddenSizes = [16]
                guard (try? TrainerCatalog.standard.makeTrainer(RunConfiguration(agent: agent))) != nil else { continue }
                cases.append(Case(environment: environment, estimator: estimator, arguments: [
                    "--env", environment, "--estimator", estimator.rawValue, "--no-preset", "--seed", "3", "--num-envs", "2",
                    "--rollout-steps", "8", "--hidden-sizes", "16", "--checkpoint-every", "300",
                ]))
            }
        }
        // PPO mid-epochs: shuffled minibatches over several passes, value clipping, a KL stop,
        // on a discrete and a continuous environment (the shuffles come from the agent's stream).
        for environment in ["cartpole", "lunarlander-continuous"] {
            cases.append(Case(environment: environment, estimator: .ppo, arguments: [
                "--env", environment, "--estimator", "ppo", "--no-preset", "--seed", "4", "--num-envs", "2",
                "--rollout-steps", "32", "--epochs", "3", "--minibatch-size", "16", "--hidden-sizes", "16",
                "--set", "valueClipRange=0.2", "--set", "targetKL=0.05", "--set", "normalizeAdvantages=true",
                "--checkpoint-every", "256",
            ]))
        }
        // Off-policy mid-run: a partly filled replay buffer, target networks, SAC's temperature,
        // TD3's delayed actor (its own family and configuration section).
        for estimator: EstimatorName in ["sac", "td3"] {
            cases.append(Case(environment: "cartpole-continuous", estimator: estimator, arguments: [
                "--env", "cartpole-continuous", "--estimator", estimator.rawValue, "--no-preset", "--seed", "5",
                "--hidden-sizes", "16,16", "--learning-starts", "300", "--batch-size", "32", "--buffer-size", "1000",
                "--checkpoint-every", "400",
            ]))
        }
        // `make run`: envs/cartpole.json's RELAX section, as the Makefile trains it.
        let preset = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("envs/cartpole.json").path
        cases.append(Case(environment: "cartpole", estimator: nil, arguments: [
            "--env", "cartpole", "--estimator", "relax", "--preset", preset, "--checkpoint-every", "1000",
        ]))
        return cases
    }()

    @Test func everyEstimatorHasAnEnvironmentAndEveryFamilyIsCovered() {
        for estimator in EstimatorName.allCases {
            #expect(Self.cases.contains { $0.estimator == estimator }, "\(estimator.rawValue) is resumed on no environment")
        }
        for environment in Self.environments {
            #expect(Self.cases.filter { $0.environment == environment }.count >= 3, "\(environment)")
        }
    }

    @Test(arguments: cases)
    func resumingInANewProcessEqualsTheUninterruptedRun(_ combination: Case) throws {
        let directory = try TemporaryDirectory()
        let (whole, split) = (directory.file("whole"), directory.file("split"))
        let total = combination.estimator == nil ? 3000 : 1200, half = total / 2
        let uninterrupted = try ToolProcess.run("rl-train", combination.arguments + ["--total-steps", "\(total)", "--run-dir", whole, "--quiet"])
        try #require(uninterrupted.status == 0, "\(uninterrupted.text)")
        let first = try ToolProcess.run("rl-train", combination.arguments + ["--total-steps", "\(half)", "--run-dir", split, "--quiet"])
        try #require(first.status == 0, "\(first.text)")
        let resumed = try ToolProcess.run("rl-train", ["--resume", split, "--total-steps", "\(total)", "--quiet"])
        try #require(resumed.status == 0, "\(resumed.text)")

        let wholeFinal = try #require(try CheckpointRotation.latest(in: whole + "/checkpoints"))
        let splitFinal = try #require(try CheckpointRotation.latest(in: split + "/checkpoints"))
        #expect(URL(fileURLWithPath: wholeFinal).lastPathComponent == URL(fileURLWithPath: splitFinal).lastPathComponent)
        let (a, b) = (try Checkpoint.read(from: wholeFinal), try Checkpoint.read(from: splitFinal))
        #expect(differingDatasets(bitPatterns(a), bitPatterns(b)) == [])
        #expect(a.attributes == b.attributes)
        #expect(try a.scalar("counters/environment_steps", as: Int64.self) >= Int64(total))
    }
}
