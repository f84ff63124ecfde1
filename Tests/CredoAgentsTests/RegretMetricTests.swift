import CredoEnvironments
import Testing
@testable import CredoAgents

/// `ActorCritic`'s `regret` metric on a bandit: each update's value is the expected regret of
/// exactly that update's pulls, Σ over the rollout's rows of max_b p_b − p_a with p the pulling
/// copy's arm means, computed here by hand from the recorded actions; known-wrong variants (the
/// running total instead of the update's own, the realised rewards instead of the means) differ.
@Suite struct RegretMetricTests {
    /// The arm means of each copy of a bandit trainer.
    static func means(_ trainer: ActorCritic) throws -> [[Double]] {
        try trainer.collector.builtInEnvironments!.environments.map { try #require($0.inner.base as? MultiArmedBandit).means }
    }

    /// Σ over the rollout's rows (time-major: row t·B + i is copy i) of copy i's best mean
    /// minus the mean of the arm it pulled, with `means(i)` the arm means used for copy i.
    static func handRegret(_ buffer: RolloutBuffer, means: (Int) -> [Double]) -> Double {
        var total = 0.0
        for row in 0..<buffer.count {
            let copy = row % buffer.environments
            let arms = means(copy)
            total += arms.max()! - arms[Int(buffer.actions[row])]
        }
        return total
    }

    @Test func regretIsEachUpdatesExpectedRegret() throws {
        var trainer = try ActorCritic(config: .with {
            $0.environment = "bandit-bernoulli"; $0.estimator = .a2c; $0.environmentCount = 4; $0.rolloutSteps = 8; $0.seed = 3
        })
        trainer.recordsRollouts = true
        let means = try Self.means(trainer)
        // Every copy is the same task (the arms drawn at construction); the copies' streams
        // draw different rewards.
        #expect(Set(means).count == 1)
        var running = 0.0
        for update in 1...3 {
            let report = try trainer.update()
            let buffer = try #require(trainer.lastRollout)
            #expect(buffer.count == 32)
            let expected = Self.handRegret(buffer, means: { means[$0] })
            let regret = try #require(report.metrics["regret"])
            #expect(abs(regret - expected) <= 1e-9 * max(1, expected), "update \(update): \(regret) vs \(expected)")
            running += expected
            #expect(abs((trainer.collector.cumulativeRegret ?? .nan) - running) <= 1e-9 * max(1, running))
            // Known-wrong variants must fail the same check.
            let realised = (0..<buffer.count).reduce(0.0) { $0 + means[0].max()! - buffer.rewards[$1] }
            #expect(abs(realised - expected) > 1e-6, "the realised rewards' regret is not the expected regret")
            if update > 1 { #expect(abs(running - expected) > 1e-6, "the running total is not the update's regret") }
        }
    }

    @Test func environmentsWithoutRegretReportNone() throws {
        var trainer = try ActorCritic(config: .with { $0.environmentCount = 2; $0.rolloutSteps = 4 })
        #expect(trainer.collector.cumulativeRegret == nil)
        #expect(try trainer.update().metrics["regret"] == nil)
    }

    @Test func aTimeLimitKeepsTheRegret() {
        var limited = TimeLimit(MultiArmedBandit(arms: .gaussian, count: 5, seed: 2), maxEpisodeSteps: 3)
        _ = limited.reset(seed: nil)
        _ = limited.step(.discrete(0))
        #expect(limited.cumulativeRegret == limited.inner.cumulativeRegret)
        #expect(limited.inner.cumulativeRegret == limited.inner.means.max()! - limited.inner.means[0])
        #expect(AnyEnvironment(limited).cumulativeRegret == limited.cumulativeRegret)
        #expect(AnyEnvironment(CartPole()).cumulativeRegret == nil)
    }
}

