import Foundation
import Testing
import CredoDistributions
import CredoTensor
@testable import CredoSCG

/// HNCA and f-HNCA as composable estimators on the two-layer Bernoulli graph, against enumeration.
@Suite struct HNCAEstimatorTests {
    typealias Graph = BernoulliLayerGraph

    /// HNCA for z1, its children z2 read from `samples` (one sample per layer).
    func hnca(_ samples: Graph.Samples, graph: Graph, swapped: Bool = false, baseline: Baseline = .none) -> HNCA {
        HNCA(baseline: baseline) { z1 in
            let q = HNCACounterfactuals.linearChildren(values: z1, childLogits: samples.l2!, childValues: samples.z2!,
                                                       weight: graph.w)
            let (one, zero) = (q.one.reshaped(z1.shape), q.zero.reshaped(z1.shape))
            return swapped ? (zero, one) : (one, zero)
        }
    }

    @Test func hncaIsUnbiasedWhenTheCostIsMediated() {
        var graph = Graph()
        graph.mediatedOnly = true
        let exact = graph.exact
        EstimateSummary(count: 2000) { rng in
            let samples = Graph.Samples()
            return graph.estimate(hnca(samples, graph: graph), ScoreFunction(), samples: samples, &rng)
        }.expectUnbiased(exact, "HNCA then REINFORCE")
        let average = MovingAverage(decay: 0.9)
        EstimateSummary(count: 2000) { rng in
            let samples = Graph.Samples()
            return graph.estimate(hnca(samples, graph: graph, baseline: .movingAverage(average)), ScoreFunction(),
                                  samples: samples, &rng)
        }.expectUnbiased(exact, "HNCA with a moving-average baseline")
        // Negative control: the counterfactuals the wrong way round (ϕ = 1 and ϕ = 0 swapped).
        EstimateSummary(count: 2000) { rng in
            let samples = Graph.Samples()
            return graph.estimate(hnca(samples, graph: graph, swapped: true), ScoreFunction(), samples: samples, &rng)
        }.expectBiased(exact, "HNCA with swapped counterfactuals")
    }

    @Test func hncaVarianceIsAtMostReinforces() {
        var graph = Graph()
        graph.mediatedOnly = true
        var rngH = RandomGenerator(seed: 8), rngR = RandomGenerator(seed: 8)
        let estimatesH = (0..<1500).map { _ in
            let samples = Graph.Samples()
            return Array(graph.estimate(hnca(samples, graph: graph), ScoreFunction(), samples: samples, &rngH).prefix(2))
        }
        let estimatesR = (0..<1500).map { _ in Array(graph.estimate(ScoreFunction(), ScoreFunction(), &rngR).prefix(2)) }
        let vh = GradientVariance(estimates: estimatesH), vr = GradientVariance(estimates: estimatesR)
        for j in 0..<2 { #expect(vh.variance[j] <= vr.variance[j], "θ[\(j)]: HNCA \(vh.variance[j]) vs REINFORCE \(vr.variance[j])") }
    }

    /// f-HNCA on both layers: z1 has children z2, mediated components h + k and direct g; z2 has
    /// no children and only direct components h + k. `ignoringChildren` is the negative control:
    /// z1 treats every component as direct (no ρ), so k(z2) never credits z1.
    func functionHNCA(_ samples: Graph.Samples, graph: Graph, ignoringChildren: Bool = false)
        -> (FunctionHNCA, FunctionHNCA) {
        let first = FunctionHNCA { z1 in
            let z2 = samples.z2!.reshaped(z1.shape), l2 = samples.l2!
            let q = HNCACounterfactuals.linearChildren(values: z1, childLogits: l2, childValues: z2, weight: graph.w)
            func mediated(_ phi: Float) -> Tensor { Graph.counterfactual(z1, phi) { graph.h($0, z2) + graph.k(z2) } }
            func direct(_ phi: Float) -> Tensor { Graph.counterfactual(z1, phi) { graph.g($0) } }
            if ignoringChildren {
                return HNCACounterfactuals(mediatedCost: (Tensor(0), Tensor(0)),
                                           directCost: (direct(1) + mediated(1), direct(0) + mediated(0)))
            }
            return HNCACounterfactuals(childrenLogProbability: (q.one.reshaped(z1.shape), q.zero.reshaped(z1.shape)),
                                       mediatedCost: (mediated(1), mediated(0)), directCost: (direct(1), direct(0)))
        }
        let second = FunctionHNCA { z2 in
            let z1 = samples.z1!
            func direct(_ phi: Float) -> Tensor { Graph.counterfactual(z2, phi) { graph.h(z1, $0) + graph.k($0) } }
            return HNCACounterfactuals(mediatedCost: (Tensor(0), Tensor(0)), directCost: (direct(1), direct(0)))
        }
        return (first, second)
    }

    @Test func functionHNCAIsUnbiased() {
        let graph = Graph()
        let exact = graph.exact
        EstimateSummary(count: 2000) { rng in
            let samples = Graph.Samples()
            let (first, second) = functionHNCA(samples, graph: graph)
            return graph.estimate(first, second, samples: samples, &rng)
        }.expectUnbiased(exact, "f-HNCA")
        EstimateSummary(count: 2000) { rng in
            let samples = Graph.Samples()
            let (first, second) = functionHNCA(samples, graph: graph, ignoringChildren: true)
            return graph.estimate(first, second, samples: samples, &rng)
        }.expectBiased(exact, "f-HNCA ignoring the children")
    }

    @Test func functionHNCAVarianceIsBelowReinforces() {
        let graph = Graph()
        var rngH = RandomGenerator(seed: 4), rngR = RandomGenerator(seed: 4)
        let vh = GradientVariance(estimates: (0..<1500).map { _ in
            let samples = Graph.Samples()
            let (first, second) = functionHNCA(samples, graph: graph)
            return graph.estimate(first, second, samples: samples, &rngH)
        })
        let vr = GradientVariance(estimates: (0..<1500).map { _ in graph.estimate(ScoreFunction(), ScoreFunction(), &rngR) })
        #expect(vh.meanVariance < vr.meanVariance)
    }

    @Test func hindsightWeightsAreStable() {
        let (one, zero) = hindsightWeights(logRatio: 80, p: 0.3)
        #expect(abs(one - 1 / 0.3) < 1e-5 && zero < 1e-30)
        let (one2, zero2) = hindsightWeights(logRatio: -80, p: 0.3)
        #expect(one2 < 1e-30 && abs(zero2 - 1 / 0.7) < 1e-5)
        let (a, b) = hindsightWeights(logRatio: 0, p: 0.3)
        #expect(abs(a - 1) < 1e-6 && abs(b - 1) < 1e-6)
    }
}
