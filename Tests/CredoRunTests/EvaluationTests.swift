import CredoCheckpoint
import CredoEnvironments
import CredoAgents
import CredoRun
import Foundation
import Testing

/// Always the same continuous action.
struct ConstantTorque: EvaluationPolicy {
    var torque: Float
    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action { .continuous([torque]) }
}

@Suite("Policy evaluation")
struct EvaluationTests {
    /// A Gaussian policy's action beyond the box is clipped to it, as the environment does in
    /// training (Pendulum: ±2): a torque of 5 plays exactly as a torque of 2; NaN is refused.
    @Test func continuousActionsAreClippedToTheBox() throws {
        func play(_ torque: Float) throws -> EvaluationResult {
            var policy: any EvaluationPolicy = ConstantTorque(torque: torque)
            var environment = try makeEnvironment("pendulum")
            return try PolicyEvaluation.run(policy: &policy, environment: &environment, episodes: 2, seed: 3, deterministic: true)
        }
        #expect(try play(5) == play(2))
        #expect(try play(5) != play(1.5), "the clip is to the bound, not elsewhere")
        #expect(throws: EvaluationError.self) { try play(.nan) }
    }

    @Test func evaluatingACheckpointReportsMeanAndStandardDeviation() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run")
        _ = try countingLauncher().run(countingRequest(run, totalSteps: 20))
        var frames = 0
        let evaluation = try PolicyEvaluation.evaluate(checkpoint: run, catalog: countingCatalog(), episodes: 3, deterministic: true) { configuration, observation, _, _ in
            #expect(configuration.env == "cartpole")
            frames += ASCIIRendering.cartPole(observation).isEmpty ? 0 : 1
        }
        #expect(evaluation.checkpoint == RunDirectory(path: run).rotation(keep: 1).path(forStep: 20))
        #expect(evaluation.result.returns.count == 3)
        // The hand-written controller balances the pole for CartPole's 500-step limit.
        #expect(evaluation.result.returns == [500, 500, 500])
        #expect(evaluation.result.standardDeviation == 0)
        #expect(frames == 501)
        #expect(evaluation.result.summary == "mean return 500.00 ± 0.00 over 3 episodes (min 500.00, max 500.00, mean length 500.0)")

        let sampled = try PolicyEvaluation.evaluate(checkpoint: run, catalog: countingCatalog(), episodes: 4, seed: 11, deterministic: false)
        let again = try PolicyEvaluation.evaluate(checkpoint: run, catalog: countingCatalog(), episodes: 4, seed: 11, deterministic: false)
        #expect(sampled.result == again.result, "the same seed plays the same episodes")
    }

    @Test func meanAndStandardDeviationFollowTheirFormulas() {
        let result = EvaluationResult(returns: [1, 2, 3, 6], lengths: [1, 1, 1, 1])
        #expect(result.mean == 3)
        #expect(abs(result.standardDeviation - 3.5.squareRoot()) < 1e-12)
    }

    @Test func aCorruptCheckpointIsAnError() throws {
        let temporary = try TemporaryDirectory()
        let path = temporary.file("ckpt.h5")
        try Data(repeating: 0x89, count: 2048).write(to: URL(fileURLWithPath: path))
        #expect(throws: CheckpointError.self) {
            try PolicyEvaluation.evaluate(checkpoint: path, catalog: countingCatalog(), episodes: 1, deterministic: true)
        }
    }

    @Test func asciiRenderingsPlaceTheCartAndTheLander() throws {
        let upright = ASCIIRendering.cartPole([0, 0, 0, 0]).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(upright.count == 11)
        #expect(upright[0].firstIndex(of: "|").map { upright[0].distance(from: upright[0].startIndex, to: $0) } == 30)
        #expect(upright[8] == String(repeating: " ", count: 28) + "##O##" + String(repeating: " ", count: 28))
        let leftEdge = ASCIIRendering.cartPole([-2.4, 0, 0.15, 0]).split(separator: "\n")
        #expect(leftEdge[8].hasPrefix("O##"))
        #expect(leftEdge[0].contains("/"))

        let landed = ASCIIRendering.lunarLander([0, 0, 0, 0, 0, 0, 1, 1]).split(separator: "\n")
        #expect(landed.count == 21)
        #expect(landed[18].contains("A") && landed[19].contains("*=*"))
        #expect(ASCIIRendering.renderer(forEnvironment: "bandit-gaussian") == nil)
    }
}
