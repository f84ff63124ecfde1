import CredoDistributions
import CredoTensor
import Foundation
import Testing
@testable import CredoSCG

/// The trajectory SCG against the generic SCG on a chain that can be enumerated exactly: three
/// steps, two actions, π_θ(·|a_{t−1}) = softmax(θ[0..<2] + a_{t−1} θ[2..<4]) (a_{−1} = 0), and
/// a cost c_t(a_{t−1}, a_t) at every step. N trajectories are the N copies of one
/// `TrajectoryGraph` (and the batch of one generic SCG), each with its own copy of θ as a tape
/// leaf, so per-trajectory gradients and Hessians come out of one backward pass per order.
@Suite struct TrajectoryGraphTests {
    let theta: [Float] = [0.2, -0.3, 0.5, -0.8]
    let n = 3_000
    /// c[t][previous][action].
    let costs: [[[Float]]] = [[[1.0, -0.5], [0.3, 2.0]], [[-1.2, 0.7], [0.4, -0.3]], [[0.9, 1.5], [-2.0, 0.2]]]

    func logits(_ t: Tensor, previous: Tensor) -> Tensor {
        // t: [N, 4], previous: [N, 1] (0/1): [N, 2].
        t.sliced(axis: 1, 0..<2) + previous * t.sliced(axis: 1, 2..<4)
    }

    /// The exact gradient and Hessian of J(θ) = E[Σ_t c_t], by enumerating the 8 trajectories.
    var exact: (gradient: [Float], hessian: [Float]) {
        let t = Tensor(theta).requiringGradient().reshaped([1, 4])
        var j = Tensor(0)
        for a in 0..<8 {
            let actions = [a & 1, (a >> 1) & 1, (a >> 2) & 1]
            var p = Tensor(1), c: Float = 0, previous = 0
            for step in 0..<3 {
                let lp = logits(t, previous: Tensor(Float(previous)).reshaped([1, 1])).logSoftmax(axis: -1)
                p = p * lp.sliced(axis: 1, actions[step]..<(actions[step] + 1)).exp().reshaped([])
                c += costs[step][previous][actions[step]]
                previous = actions[step]
            }
            j = j + p * c
        }
        let leaf = t
        let g = gradient(of: j, wrt: leaf, createGraph: true)
        let h = (0..<4).flatMap { i in gradient(of: g.reshaped([4]).sliced(axis: 0, i..<(i + 1)).sum(), wrt: leaf).scalars }
        return (g.scalars, h)
    }

    struct Sample {
        var leaf: Tensor
        var actions: [[Int]]   // [step][copy]
        var cost: [[Float]]    // [step][copy]
    }

    func draw(seed: UInt64) -> Sample {
        var rng = RandomGenerator(seed: seed)
        let t = Tensor(shape: [n, 4], scalars: (0..<n).flatMap { _ in theta })
        var previous = [Int](repeating: 0, count: n)
        var actions: [[Int]] = [], cost: [[Float]] = []
        for step in 0..<3 {
            let a = Categorical(logits: logits(t, previous: Tensor(shape: [n, 1], scalars: previous.map(Float.init)))).sample(using: &rng)
            cost.append((0..<n).map { costs[step][previous[$0]][a[$0]] })
            actions.append(a)
            previous = a
        }
        return Sample(leaf: t.requiringGradient(), actions: actions, cost: cost)
    }

    /// The time-major logits [3N, 2] of every step, on the leaf.
    func stepLogits(_ s: Sample) -> Tensor {
        Tensor.concat((0..<3).map { step in
            logits(s.leaf, previous: Tensor(shape: [n, 1], scalars: (0..<n).map { step == 0 ? 0 : Float(s.actions[step - 1][$0]) }))
        }, axis: 0)
    }

    /// The trajectory SCG's surrogate with Monte Carlo costs-to-go and an optional baseline
    /// b_t = 0.5 + a_{t−1} (which depends on the node's ancestors only).
    func trajectorySurrogate(_ s: Sample, baseline: Bool) -> Tensor {
        let record = SampleRecord(values: Tensor.oneHot(s.actions.flatMap { $0 }, classes: 2).reshaped([1, 3 * n, 2]))
        let toGo = (0..<3).flatMap { step in (0..<n).map { i in (step..<3).reduce(Float(0)) { $0 + s.cost[$1][i] } } }
        let b = (0..<3).flatMap { step in (0..<n).map { i in 0.5 + (step == 0 ? 0 : Float(s.actions[step - 1][i])) } }
        let estimator = ScoreFunction(baseline: baseline ? .learned(Tensor(b).reshaped([1, 3 * n])) : .none)
        let graph = TrajectoryGraph(steps: 3, copies: n, continues: (0..<(3 * n)).map { $0 >= n }, mask: Tensor.ones([3 * n]),
                                    actions: record, from: Categorical(logits: stepLogits(s)), estimator: estimator,
                                    costToGo: Tensor(toGo))
        return graph.surrogateLoss()
    }

    /// The generic SCG (Storchastic's surrogate, DiCE credit) of the same draws: three observed
    /// nodes in a chain, a cost at each.
    func genericSurrogate(_ s: Sample, baseline: Bool) -> Tensor {
        var scg = StochasticComputationGraph(batchShape: [n])
        var previous: StochasticNode?
        let all = stepLogits(s)
        for step in 0..<3 {
            let record = SampleRecord(values: Tensor.oneHot(s.actions[step], classes: 2).reshaped([1, n, 2]))
            let b = (0..<n).map { i in 0.5 + (step == 0 ? 0 : Float(s.actions[step - 1][i])) }
            let node = scg.observe("a\(step)", record, from: Categorical(logits: all.sliced(axis: 0, (step * n)..<((step + 1) * n))),
                                   estimator: ScoreFunction(baseline: baseline ? .learned(Tensor(b)) : .none),
                                   parents: previous.map { [$0] } ?? [])
            scg.addCost(Tensor(s.cost[step]), dependsOn: [node])
            previous = node
        }
        return scg.surrogateLoss()
    }

    /// What the agents used before: the first-order form Σ_t ⊡(l_t) Q̂_t (no ancestors' MagicBox).
    func firstOrderSurrogate(_ s: Sample) -> Tensor {
        let lp = Categorical(logits: stepLogits(s)).logProb(s.actions.flatMap { $0 })
        let toGo = (0..<3).flatMap { step in (0..<n).map { i in (step..<3).reduce(Float(0)) { $0 + s.cost[$1][i] } } }
        return (magicBox(lp) * Tensor(toGo)).sum()
    }



    @Test(arguments: [false, true])
    func gradientAndHessianMatchDiCE(baseline: Bool) {
        let s = draw(seed: baseline ? 8 : 7)
        let (exactG, exactH) = exact
        let trajectory = perRowDerivatives(trajectorySurrogate(s, baseline: baseline), s.leaf)
        let generic = perRowDerivatives(genericSurrogate(s, baseline: baseline), s.leaf)
        for (name, d) in [("trajectory", trajectory), ("generic DiCE", generic)] {
            let zg = zScores(d.g, exactG), zh = zScores(d.h, exactH)
            #expect(zg.allSatisfy { $0 < 4 } && zh.allSatisfy { $0 < 4 }, "\(name), baseline \(baseline): gradient z \(zg), Hessian z \(zh)")
        }
        // The gradients are the same draw by draw (up to Float32 rounding); so are the Hessians
        // without a baseline. A baseline is added outside the ancestors' MagicBox in the
        // trajectory graph and inside it in the generic one: the same Hessian in expectation
        // (checked above), not draw by draw.
        let gradientGap = zip(trajectory.g.joined(), generic.g.joined()).map { abs($0 - $1) }.max()!
        #expect(gradientGap < 1e-4, "largest per-draw gradient difference \(gradientGap)")
        let hessianGap = zip(trajectory.h.joined(), generic.h.joined()).map { abs($0 - $1) }.max()!
        if baseline {
            #expect(hessianGap > 1e-2, "a baseline outside the ancestors' MagicBox changes the per-draw Hessian")
        } else {
            #expect(hessianGap < 1e-3, "largest per-draw Hessian difference \(hessianGap)")
        }
    }

    /// Negative control: the first-order form has the right gradient but a biased Hessian.
    @Test func theFirstOrderFormHasABiasedHessian() {
        let s = draw(seed: 7)
        let (exactG, exactH) = exact
        let d = perRowDerivatives(firstOrderSurrogate(s), s.leaf)
        #expect(zScores(d.g, exactG).allSatisfy { $0 < 4 })
        #expect(zScores(d.h, exactH).max()! > 6)
    }
}
