import Testing
@testable import CredoAgents

/// Short seeded CartPole runs: each estimator must raise the mean return of its episodes well
/// above where it started (a random policy averages about 22).
@Suite struct ActorCriticTrainingTests {
    /// Mean return of the first and of the last `window` finished episodes over `updates` updates.
    func run(_ config: TrainingConfig, updates: Int, window: Int = 20) throws -> (first: Double, last: Double) {
        var trainer = try ActorCritic(config: config)
        var returns: [Double] = []
        for _ in 0..<updates { returns += try trainer.update().episodes.map(\.totalReward) }
        #expect(returns.count >= 2 * window)
        let mean = { (x: ArraySlice<Double>) in x.reduce(0, +) / Double(x.count) }
        return (mean(returns.prefix(window)), mean(returns.suffix(window)))
    }

    @Test func a2cImproves() throws {
        let r = try run(.with { $0.estimator = .a2c; $0.seed = 3 }, updates: 100)
        #expect(r.last > r.first + 40, "a2c: \(r)")
    }

    @Test func a2cWithKStepTargetsImproves() throws {
        let r = try run(.with { $0.estimator = .a2c; $0.target = .kStep; $0.kSteps = 8; $0.seed = 3 }, updates: 100)
        #expect(r.last > r.first + 40, "a2c k-step: \(r)")
    }

    @Test func reinforceImproves() throws {
        let r = try run(.with { $0.estimator = .reinforce; $0.learningRate = 5e-3; $0.seed = 5 }, updates: 20)
        #expect(r.last > r.first + 20, "reinforce: \(r)")
    }

    @Test func reinforceWithBaselineImproves() throws {
        let r = try run(.with { $0.estimator = .reinforceBaseline; $0.learningRate = 5e-3; $0.seed = 5 }, updates: 20)
        #expect(r.last > r.first + 20, "reinforce-baseline: \(r)")
    }

    @Test func relaxImproves() throws {
        let r = try run(.with { $0.estimator = .relax; $0.seed = 3 }, updates: 80)
        #expect(r.last > r.first + 40, "relax: \(r)")
    }
}
