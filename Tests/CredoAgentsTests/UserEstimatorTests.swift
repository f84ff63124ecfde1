import CredoSCG
import CredoTensor
import Testing
import CredoAgents

/// A user's own estimator, defined outside the library (the README shows this very type):
/// the score function whose baseline for each row is the mean cost-to-go of the other rows of
/// the update (leave-one-out across the batch).
struct LeaveOneOutAcrossRows: GradientEstimator {
    /// Sampling half: one draw per row, nothing else to record.
    func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        SampleRecord(values: distribution.samples(count: 1, using: &rng))
    }

    /// Learning half: l = log π(a|s) under the current policy, weight 1.
    func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let l = distribution.logProbability(of: record.values)
        return Proposal(values: record.values, gradientFunction: l, weights: Tensor.ones(l.shape))
    }

    /// a = (1 − ⊡(l)) b: zero in value, −b ∇l in gradient, b the others' mean cost-to-go.
    func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        let n = Float(downstreamCost.shape[1])
        let others = (downstreamCost.sum() - downstreamCost) / (n - 1)
        return (1 - magicBox(proposal.gradientFunction)) * others
    }
}

@Suite struct UserEstimatorTests {
    let entry = EstimatorEntry(name: "loo-rows", summary: "leave-one-out baseline across the rows") { _ in
        LeaveOneOutAcrossRows()
    }

    @Test func aUsersEstimatorTrainsCartPole() throws {
        var trainer = try ActorCritic(config: .with { $0.estimator = "loo-rows"; $0.seed = 3 }, estimator: entry)
        var returns: [Double] = []
        for _ in 0..<150 { returns += try trainer.update().episodes.map(\.totalReward) }
        let first = returns.prefix(20).reduce(0, +) / 20, last = returns.suffix(20).reduce(0, +) / 20
        #expect(last > first + 40, "loo-rows: first \(first), last \(last)")
    }

    @Test func theEntryMustMatchTheConfiguredName() {
        #expect(throws: ActorCriticError.self) { _ = try ActorCritic(config: .with { $0.estimator = .a2c }, estimator: entry) }
    }
}
