import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoTensor
import Testing
@testable import CredoAgents
import CredoSCG

/// A counter environment: the observation is the step count of the episode; action 1 at step
/// count 2 terminates, otherwise a `TimeLimit` of 3 truncates. Reward = the count.
struct Counter: Environment {
    var count = 0
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: 10, shape: [1]) }
    var actionSpace: Space { .discrete(2) }
    mutating func reset(seed: UInt64?) -> [Float] { count = 0; return [0] }
    mutating func step(_ action: Action) -> StepResult {
        count += 1
        let terminated = action == .discrete(1) && count == 2
        return StepResult(observation: [Float(count)], reward: Double(count), terminated: terminated, truncated: false)
    }
}

@Suite struct RolloutTests {
    var registry: EnvironmentRegistry {
        var r = EnvironmentRegistry()
        r.register("counter") { TimeLimit(Counter(), maxEpisodeSteps: 3) }
        return r
    }

    /// Always plays `action`, whatever the observation.
    struct Constant: Policy {
        var action: Int
        var observationSize: Int { 1 }
        var actionSize: Int { 1 }
        func distribution(_ observations: Tensor) -> ActionDistribution {
            var logits = [Float](repeating: -30, count: observations.shape[0] * 2)
            for i in 0..<observations.shape[0] { logits[i * 2 + action] = 30 }
            return .categorical(Categorical(logits: Tensor(shape: [observations.shape[0], 2], scalars: logits)))
        }
        func environmentAction(_ row: ArraySlice<Float>) -> Action { .discrete(Int(row.first!)) }
        mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {}
    }

    @Test func truncationKeepsTheFinalObservation() throws {
        var collector = try RolloutCollector(environment: "counter", count: 2, seed: 1, normalizeObservations: false,
                                             registry: registry)
        var rng = RandomGenerator(seed: 2)
        let (buffer, finished) = collector.collect(.steps(4), policy: Constant(action: 0), estimator: ScoreFunction(), using: &rng)
        // Copy 0, steps 0..3: observations 0, 1, 2, 0 (reset after the truncation at step 2).
        #expect(stride(from: 0, to: 8, by: 2).map { buffer.observations[$0] } == [0, 1, 2, 0])
        #expect(stride(from: 0, to: 8, by: 2).map { buffer.nextObservations[$0] } == [1, 2, 3, 1])
        #expect(stride(from: 0, to: 8, by: 2).map { buffer.truncated[$0] } == [false, false, true, false])
        #expect(buffer.terminated.allSatisfy { !$0 })
        // The trajectory SCG's chain: a new episode starts after the truncation at step 2.
        #expect(stride(from: 0, to: 8, by: 2).map { buffer.continues[$0] } == [false, true, true, false])
        #expect(finished.map(\.length) == [3, 3])
        #expect(finished.map(\.totalReward) == [6, 6])
        #expect(collector.episodeLengths == [1, 1])
    }

    @Test func terminationAndEpisodicPadding() throws {
        var collector = try RolloutCollector(environment: "counter", count: 1, seed: 1, normalizeObservations: false,
                                             registry: registry)
        var rng = RandomGenerator(seed: 2)
        let (buffer, finished) = collector.collect(.episodes, policy: Constant(action: 1), estimator: ScoreFunction(), using: &rng)
        #expect(buffer.steps == 2)
        #expect(buffer.terminated == [false, true])
        #expect(buffer.mask == [1, 1])
        #expect(finished.map(\.totalReward) == [3])
    }

    @Test func deterministicActingIsTheMode() {
        var rng = RandomGenerator(seed: 3)
        let categorical = CategoricalPolicy(observationSize: 3, actionCount: 4, using: &rng)
        let gaussian = GaussianPolicy(observationSize: 3, actionSize: 2, stateDependentLogStd: true, initialLogStd: -1,
                                      using: &rng)
        let s = Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0) / 7 - 1 })
        let c = categorical.act(s, deterministic: true, using: &rng)
        #expect(c.rows.scalars.map { Int($0) } == categorical.logits(s).argmax())
        let g = gaussian.act(s, deterministic: true, using: &rng)
        #expect(g.rows.scalars == gaussian.meanAndLogStd(s).mean.scalars)
        #expect(g.actions.count == 5)
        // The state-dependent log σ starts at its initial value and is differentiable.
        let logStd = gaussian.meanAndLogStd(s).logStd
        #expect(logStd.shape == [5, 2])
        #expect(logStd.scalars.allSatisfy { abs($0 + 1) < 0.1 })
        let loss = gaussian.distribution(s).logProb(Tensor.zeros([5, 2])).sum()
        #expect(gradients(of: loss, wrt: gaussian.parameterTensors).contains { g in g.scalars.contains { $0 != 0 } })
    }
}

@Suite struct EvaluationTests {
    @Test func evaluationIsRepeatableAndLeavesTheTrainerAlone() throws {
        var trainer = try ActorCritic(config: .with { $0.environmentCount = 2; $0.seed = 4 })
        for _ in 0..<3 { _ = try trainer.update() }
        let before = try trainer.checkpoint()
        let a = try trainer.evaluate(episodes: 3, seed: 9)
        let b = try trainer.evaluate(episodes: 3, seed: 9)
        #expect(a == b)
        #expect(a.count == 3 && a.allSatisfy { $0.length > 0 && $0.totalReward == Double($0.length) })
        #expect(try trainer.checkpoint() == before)
        let sampled = try trainer.evaluate(episodes: 2, seed: 9, deterministic: false)
        #expect(sampled.count == 2)
    }
}
