import CredoDistributions
import CredoTensor
import Foundation
import Testing
@testable import CredoSCG

/// Importance weighting against enumeration: samples from a proposal q, a node distributed as p_θ,
/// cost f. Each of N draws has its own copy of θ as a tape leaf (a batch of N), so per-draw
/// gradients and Hessians come from one backward pass per order; their means must match the
/// exact ∇E_p[f] and ∇²E_p[f] within 4 standard errors.
@Suite struct ImportanceWeightingTests {
    let theta: [Float] = [0.4, -0.3, 0.1]
    let proposalLogits: [Float] = [-0.2, 0.5, 0.3]
    let cost: [Float] = [2, -1, 0.5]
    let n = 6_000

    var exact: (gradient: [Float], hessian: [Float]) {
        let t = Tensor(theta).requiringGradient()
        let j = (t.softmax(axis: -1) * Tensor(cost)).sum()
        let g = gradient(of: j, wrt: t, createGraph: true)
        let h = (0..<3).flatMap { i in gradient(of: g.sliced(axis: 0, i..<(i + 1)).sum(), wrt: t).scalars }
        return (g.scalars, h)
    }

    /// Per-draw gradient [N][3] and Hessian [N][9] of the surrogate of one node observed with
    /// `estimator`'s record, drawn from q.
    func derivatives(_ estimator: some GradientEstimator, seed: UInt64) -> (g: [[Double]], h: [[Double]]) {
        var rng = RandomGenerator(seed: seed)
        let q = Categorical(logits: Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in proposalLogits }))
        let record = estimator.draw(q, using: &rng)
        let leaf = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta }).requiringGradient()
        var scg = StochasticComputationGraph(batchShape: [n])
        let x = scg.observe("x", record, from: Categorical(logits: leaf), estimator: estimator)
        scg.addCost((x.value * Tensor(cost)).sum(axis: -1), dependsOn: [x])
        return perRowDerivatives(scg.surrogateLoss(), leaf)
    }


    @Test func importanceWeightingIsUnbiasedAtFirstAndSecondOrder() {
        let (g, h) = exact
        let d = derivatives(ImportanceWeighted(), seed: 1)
        let zg = zScores(d.g, g), zh = zScores(d.h, h)
        #expect(zg.allSatisfy { $0 < 4 }, "gradient z \(zg)")
        #expect(zh.allSatisfy { $0 < 4 }, "Hessian z \(zh)")
    }

    /// Negative control: the score function on q's samples, as if they came from p.
    @Test func ignoringTheProposalIsBiased() {
        struct Unweighted: GradientEstimator {
            func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
                ImportanceWeighted().draw(d, using: &rng)
            }
            func proposal(of r: SampleRecord, under d: some StochasticDistribution) -> Proposal {
                ScoreFunction().proposal(of: r, under: d)
            }
        }
        let d = derivatives(Unweighted(), seed: 1)
        #expect(zScores(d.g, exact.gradient).max()! > 6)
    }
}

/// PPO's clipped surrogate on a one-step trajectory graph of hand-set rows.
@Suite struct PPOClippingTests {
    /// Rows with behaviour log-probabilities chosen so that ρ = p/q takes the given values.
    func gradient(_ estimator: some GradientEstimator, ratios: [Float], costs: [Float]) -> [Float] {
        let n = ratios.count
        let logits = Tensor(shape: [n, 2], scalars: (0..<n).flatMap { _ in [Float(0.3), -0.2] }).requiringGradient()
        let p = Categorical(logits: logits.detached)
        let values = Tensor.oneHot(Array(repeating: 0, count: n), classes: 2).reshaped([1, n, 2])
        let logP = p.logProbability(of: values)
        let behaviour = logP - Tensor(ratios.map { Foundation.log($0) }).reshaped([1, n])
        let record = SampleRecord(values: values, noise: ["behaviourLogProbability": behaviour])
        let graph = TrajectoryGraph(steps: 1, copies: n, continues: Array(repeating: false, count: n), mask: Tensor.ones([n]),
                                    actions: record, from: Categorical(logits: logits), estimator: estimator,
                                    costToGo: Tensor(costs))
        return CredoTensor.gradient(of: graph.surrogateLoss(), wrt: logits).scalars
    }

    @Test func insideTheClipRangeItIsTheImportanceWeightedGradient() {
        let ratios: [Float] = [0.85, 1.0, 1.1, 1.19], costs: [Float] = [1.5, -2, 0.7, -0.4]
        let clipped = gradient(PPO(clipRange: 0.2), ratios: ratios, costs: costs)
        let unclipped = gradient(ImportanceWeighted(), ratios: ratios, costs: costs)
        for (a, b) in zip(clipped, unclipped) { #expect(abs(a - b) < 1e-6, "\(clipped) vs \(unclipped)") }
        #expect(clipped.contains { abs($0) > 1e-3 })
    }

    /// Cost Q̂ = −Â: a row whose ratio has passed 1 + ε with Â > 0 (Q̂ < 0), or 1 − ε with
    /// Â < 0 (Q̂ > 0), is clipped and gets no gradient; the other side keeps it.
    @Test func rowsClippedOnTheInactiveSideGetNoGradient() {
        let inactive = gradient(PPO(clipRange: 0.2), ratios: [1.5, 0.6], costs: [-1, 1])
        #expect(inactive.allSatisfy { abs($0) < 1e-7 }, "\(inactive)")
        let active = gradient(PPO(clipRange: 0.2), ratios: [1.5, 0.6], costs: [1, -1])
        #expect(active.filter { abs($0) > 1e-3 }.count == 4, "\(active)")
    }
}
