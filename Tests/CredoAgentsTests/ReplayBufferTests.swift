import CredoCheckpoint
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

@Suite struct ReplayBufferTests {
    /// Transition t has observation [t, t+0.5], action [−t], reward 10 t, next observation
    /// [t+1, t+1.5]; terminated when t is 1, truncated when t is 3.
    func filled(capacity: Int, transitions: Int) throws -> ReplayBuffer {
        var b = try ReplayBuffer(capacity: capacity, observationSize: 2, actionSize: 1)
        for t in 0..<transitions {
            let x = Float(t)
            b.append(observation: [x, x + 0.5], action: [-x], reward: 10 * x, nextObservation: [x + 1, x + 1.5],
                     terminated: t == 1, truncated: t == 3)
        }
        return b
    }

    @Test func wrapsAroundOverwritingTheOldest() throws {
        let b = try filled(capacity: 3, transitions: 5)
        #expect(b.count == 3)
        #expect(b.position == 2)
        // Rows 0 and 1 hold transitions 3 and 4; row 2 still holds transition 2.
        let batch = b.batch(rows: [0, 1, 2])
        #expect(batch.rewards.scalars == [30, 40, 20])
        #expect(batch.observations.scalars == [3, 3.5, 4, 4.5, 2, 2.5])
        #expect(batch.nextObservations.scalars == [4, 4.5, 5, 5.5, 3, 3.5])
        #expect(batch.actions.scalars == [-3, -4, -2])
        #expect(batch.terminated.scalars == [0, 0, 0])
        #expect(batch.truncated.scalars == [1, 0, 0])
        // Transitions 0 and 1 are gone (the negative control: they were there before the wrap).
        let before = try filled(capacity: 3, transitions: 3)
        #expect(before.batch(rows: [0, 1, 2]).rewards.scalars == [0, 10, 20])
        #expect(!batch.rewards.scalars.contains(0) && !batch.rewards.scalars.contains(10))
    }

    /// Minibatch rows are rng.int(below: count) in order, from the generator given (the agent's
    /// stream), and uniform over the filled rows.
    @Test func samplesUniformlyFromTheGivenStream() throws {
        let b = try filled(capacity: 16, transitions: 10)
        var rng = RandomGenerator(seed: 5), copy = rng
        let batch = b.sample(8, using: &rng)
        let rows = (0..<8).map { _ in copy.int(below: 10) }
        #expect(batch.rewards.scalars == rows.map { 10 * Float($0) })
        #expect(rng == copy, "sampling draws exactly one number per row from the stream")
        var other = RandomGenerator(seed: 6)
        #expect(b.sample(8, using: &other).rewards.scalars != batch.rewards.scalars, "another stream, other rows")
        // Uniform: 30 000 draws over 10 rows, each count 3000 ± 4 standard deviations (√(3000·0.9) ≈ 52).
        var counts = [Int](repeating: 0, count: 10)
        for r in b.sample(30_000, using: &rng).rewards.scalars { counts[Int(r / 10)] += 1 }
        for c in counts { #expect(abs(c - 3000) < 4 * 52, "row count \(c) of 30 000 draws over 10 rows") }
    }

    /// y = r + γ (1 − terminated) V': a truncated row bootstraps, a terminated one does not.
    @Test func temporalDifferenceTargetsBootstrapOnTruncationNeverOnTermination() throws {
        let batch = ReplayBatch(observations: Tensor.zeros([4, 1]), actions: Tensor.zeros([4, 1]),
                                rewards: Tensor([1, 2, 3, 4]), nextObservations: Tensor.zeros([4, 1]),
                                terminated: Tensor([0, 1, 0, 1]), truncated: Tensor([0, 0, 1, 1]))
        let y = batch.temporalDifferenceTargets(nextValues: Tensor([10, 20, 30, 40]), gamma: 0.5).scalars
        // Hand-computed: 1 + 0.5·10, 2 (terminated), 3 + 0.5·30 (truncated: bootstraps), 4 (terminated and truncated).
        #expect(y == [6, 2, 18, 4])
        // The known-wrong variant (treating truncation as termination) gives 3 for the third row.
        let wrong = zip(zip([1, 2, 3, 4] as [Float], [0, 1, 1, 1] as [Float]), [10, 20, 30, 40] as [Float]).map { $0.0 + 0.5 * (1 - $0.1) * $1 }
        #expect(wrong != y)
    }

    /// Through the collector: the successor stored for a time-limit truncation is the episode's
    /// final observation, and the flags reach the buffer apart.
    @Test func collectedTruncationsKeepTheFinalObservation() throws {
        var trainer = try OffPolicyActorCritic(config: .with {
            $0.environment = "cartpole-continuous"; $0.estimator = .td3; $0.hiddenSizes = [8]; $0.batchSize = 8
            $0.bufferSize = 600; $0.learningStarts = 10_000; $0.seed = 3
        })
        // Uniform actions end CartPole episodes by termination; count those rows.
        var terminations = 0
        while trainer.counters.environmentSteps < 300 { terminations += try trainer.update().episodes.count }
        let b = trainer.replay.batch(rows: Array(0..<trainer.replay.count))
        #expect(Int(b.terminated.sum().scalar) == terminations)
        #expect(b.truncated.sum().scalar == 0)
        // A terminated row's successor is its own final state (beyond the threshold), not a reset state.
        let o = 4
        for r in 0..<b.count where b.terminated.scalars[r] == 1 {
            let x = b.nextObservations.scalars[r * o], theta = b.nextObservations.scalars[r * o + 2]
            #expect(abs(x) > 2.4 || abs(theta) > 0.2094, "row \(r): final state x \(x), θ \(theta)")
        }
    }

    @Test func absurdCapacitiesAreRefusedBeforeAllocating() {
        #expect(throws: ActorCriticError.self) { try ReplayBuffer(capacity: 0, observationSize: 3, actionSize: 1) }
        do {
            _ = try ReplayBuffer(capacity: 1 << 26, observationSize: 1_000, actionSize: 8)
            Issue.record("a buffer of 2^26 × 8 kB was allocated")
        } catch {
            let text = "\(error)"
            #expect(text.contains("bufferSize") && text.contains("bytes"), "\(text)")
        }
        #expect(ReplayBuffer.problem(capacity: 1 << 40, observationSize: 3, actionSize: 1)?.key == "bufferSize")
        #expect(ReplayBuffer.problem(capacity: 1_000_000, observationSize: 3, actionSize: 1) == nil)
        #expect(ReplayBuffer.bytesPerTransition(observationSize: 3, actionSize: 1) == 40)
    }

    /// Only the filled rows are saved; restored, the ring continues where it was.
    @Test func checkpointRoundTripIsExact() throws {
        var b = try filled(capacity: 5, transitions: 7)
        var c = Checkpoint()
        try b.write(into: &c, prefix: "replay")
        #expect(try c.values("replay/rewards", as: Float.self).count == 5)
        var partial = try filled(capacity: 5, transitions: 3), cp = Checkpoint()
        try partial.write(into: &cp, prefix: "replay")
        #expect(try c.values("replay/observations", as: Float.self).count == 10)
        #expect(try cp.values("replay/rewards", as: Float.self) == [0, 10, 20])
        var restored = try ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1)
        try restored.restore(from: c, prefix: "replay")
        #expect(restored == b)
        var restoredPartial = try ReplayBuffer(capacity: 5, observationSize: 2, actionSize: 1)
        try restoredPartial.restore(from: cp, prefix: "replay")
        #expect(restoredPartial == partial)
        for t in 7..<9 {
            b.append(observation: [0, 0], action: [Float(t)], reward: 0, nextObservation: [0, 0], terminated: false, truncated: false)
            restored.append(observation: [0, 0], action: [Float(t)], reward: 0, nextObservation: [0, 0], terminated: false, truncated: false)
            partial.append(observation: [0, 0], action: [Float(t)], reward: 0, nextObservation: [0, 0], terminated: false, truncated: false)
            restoredPartial.append(observation: [0, 0], action: [Float(t)], reward: 0, nextObservation: [0, 0], terminated: false, truncated: false)
        }
        #expect(restored == b)
        #expect(restoredPartial == partial)
        var wrongSize = try ReplayBuffer(capacity: 6, observationSize: 2, actionSize: 1)
        #expect(throws: ActorCriticError.self) { try wrongSize.restore(from: c, prefix: "replay") }
    }
}
