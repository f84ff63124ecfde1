import Testing
import CredoDistributions
import CredoTensor
@testable import CredoSCG

/// Every estimator that claims unbiasedness, on three tiny graphs, against the exact gradient of
/// the expected cost computed by enumeration.
@Suite struct EstimatorUnbiasednessTests {
    // Graph 1: one Bernoulli node with batch shape [2], cost (b − t)².
    let theta1 = Tensor([0.3, -0.8]), target1 = Tensor([0.45, 0.2])

    func bernoulliEstimate(_ estimator: some GradientEstimator, _ rng: inout RandomGenerator) -> [Float] {
        let theta = theta1.requiringGradient()
        var scg = StochasticComputationGraph(batchShape: [2])
        let b = scg.sample("b", from: Bernoulli(logits: theta), estimator: estimator, using: &rng)
        scg.addCost((b.value - target1).squared(), dependsOn: [b])
        return gradient(of: scg.surrogateLoss(), wrt: theta).scalars
    }

    var bernoulliExact: [Float] {
        let theta = theta1.requiringGradient()
        let p = theta.sigmoid()
        let expected = (p * (1 - target1).squared() + (1 - p) * target1.squared()).sum()
        return gradient(of: expected, wrt: theta).scalars
    }

    // Graph 2: one Categorical node with 4 classes, cost (Σ x r)² + Σ x s.
    let theta2 = Tensor([0.5, -0.2, 1.0, -1.3]), r = Tensor([1, -2, 0.5, 3]), s = Tensor([0.3, 0, -1, 2])

    func categoricalEstimate(_ estimator: some GradientEstimator, _ rng: inout RandomGenerator) -> [Float] {
        let theta = theta2.requiringGradient()
        var scg = StochasticComputationGraph()
        let x = scg.sample("x", from: Categorical(logits: theta), estimator: estimator, using: &rng)
        scg.addCost((x.value * r).sum(axis: -1).squared() + (x.value * s).sum(axis: -1), dependsOn: [x])
        return gradient(of: scg.surrogateLoss(), wrt: theta).scalars
    }

    var categoricalExact: [Float] {
        let theta = theta2.requiringGradient()
        let expected = (theta.softmax() * (r.squared() + s)).sum()
        return gradient(of: expected, wrt: theta).scalars
    }

    // Graph 3: a chain b1 ~ Bernoulli(θa) → x2 ~ Categorical(θb + b1·W), a cost at each node.
    let thetaA = Tensor(0.4), thetaB = Tensor([0.2, -0.5, 0.9]), w = Tensor([1.5, -1, 0.5]), r3 = Tensor([2, -1, 0.5])

    func chainEstimate(_ first: some GradientEstimator, _ second: some GradientEstimator,
                       _ rng: inout RandomGenerator) -> [Float] {
        let a = thetaA.requiringGradient(), bParam = thetaB.requiringGradient()
        var scg = StochasticComputationGraph()
        let b1 = scg.sample("b1", from: Bernoulli(logits: a), estimator: first, using: &rng)
        let logits = bParam + b1.value.reshaped([-1, 1]) * w
        let x2 = scg.sample("x2", from: Categorical(logits: logits), estimator: second, parents: [b1], using: &rng)
        scg.addCost((b1.value - 0.3).squared(), dependsOn: [b1], name: "c1")
        scg.addCost((x2.value * r3).sum(axis: -1) * (1 + b1.value), dependsOn: [b1, x2], name: "c2")
        return gradients(of: scg.surrogateLoss(), wrt: [a, bParam]).flatMap(\.scalars)
    }

    var chainExact: [Float] {
        let a = thetaA.requiringGradient(), bParam = thetaB.requiringGradient()
        var expected = Tensor(0)
        for b1: Float in [0, 1] {
            let pb = b1 == 1 ? a.sigmoid() : 1 - a.sigmoid()
            let p2 = (bParam + w * b1).softmax()
            expected = expected + pb * ((b1 - 0.3) * (b1 - 0.3) + (p2 * r3).sum() * (1 + b1))
        }
        return gradients(of: expected, wrt: [a, bParam]).flatMap(\.scalars)
    }

    @Test func scoreFunction() {
        EstimateSummary(count: 4000) { bernoulliEstimate(ScoreFunction(), &$0) }.expectUnbiased(bernoulliExact, "bernoulli")
        EstimateSummary(count: 4000) { categoricalEstimate(ScoreFunction(), &$0) }.expectUnbiased(categoricalExact, "categorical")
        EstimateSummary(count: 4000) { chainEstimate(ScoreFunction(), ScoreFunction(), &$0) }.expectUnbiased(chainExact, "chain")
    }

    @Test func scoreFunctionWithBaselines() {
        let baselines: [(String, () -> Baseline)] = [
            ("constant", { .constant(0.7) }),
            ("learned", { .learned(Tensor(1.2)) }),
        ]
        for (name, make) in baselines {
            EstimateSummary(count: 4000) { bernoulliEstimate(ScoreFunction(baseline: make()), &$0) }
                .expectUnbiased(bernoulliExact, "bernoulli, \(name)")
            EstimateSummary(count: 4000) { categoricalEstimate(ScoreFunction(baseline: make()), &$0) }
                .expectUnbiased(categoricalExact, "categorical, \(name)")
            EstimateSummary(count: 4000) { chainEstimate(ScoreFunction(baseline: make()), ScoreFunction(baseline: make()), &$0) }
                .expectUnbiased(chainExact, "chain, \(name)")
        }
        // A moving average is updated after it is used, so each estimate stays unbiased.
        let m1 = MovingAverage(decay: 0.9), m2 = MovingAverage(decay: 0.9), m3 = MovingAverage(decay: 0.9)
        EstimateSummary(count: 4000) { bernoulliEstimate(ScoreFunction(baseline: .movingAverage(m1)), &$0) }
            .expectUnbiased(bernoulliExact, "bernoulli, moving average")
        EstimateSummary(count: 4000) { categoricalEstimate(ScoreFunction(baseline: .movingAverage(m2)), &$0) }
            .expectUnbiased(categoricalExact, "categorical, moving average")
        let m4 = MovingAverage(decay: 0.9)
        EstimateSummary(count: 4000) { chainEstimate(ScoreFunction(baseline: .movingAverage(m3)), ScoreFunction(baseline: .movingAverage(m4)), &$0) }
            .expectUnbiased(chainExact, "chain, moving average")
        #expect(m1.count == 4000)
    }

    @Test func leaveOneOut() {
        EstimateSummary(count: 3000) { bernoulliEstimate(LeaveOneOut(samples: 4), &$0) }.expectUnbiased(bernoulliExact, "bernoulli")
        EstimateSummary(count: 3000) { categoricalEstimate(LeaveOneOut(samples: 4), &$0) }.expectUnbiased(categoricalExact, "categorical")
        EstimateSummary(count: 3000) { chainEstimate(LeaveOneOut(samples: 3), LeaveOneOut(samples: 2), &$0) }.expectUnbiased(chainExact, "chain")
    }

    @Test func enumerationIsExact() {
        EstimateSummary(count: 3) { bernoulliEstimate(Enumeration(), &$0) }.expectUnbiased(bernoulliExact, "bernoulli")
        EstimateSummary(count: 3) { categoricalEstimate(Enumeration(), &$0) }.expectUnbiased(categoricalExact, "categorical")
        EstimateSummary(count: 3) { chainEstimate(Enumeration(), Enumeration(), &$0) }.expectUnbiased(chainExact, "chain")
        #expect(EstimateSummary(count: 3) { chainEstimate(Enumeration(), Enumeration(), &$0) }.standardError.allSatisfy { $0 < 1e-6 })
    }

    @Test func mixedEstimatorsAlongAChain() {
        EstimateSummary(count: 3000) { chainEstimate(Enumeration(), ScoreFunction(baseline: .constant(1)), &$0) }
            .expectUnbiased(chainExact, "enumeration then score function")
        EstimateSummary(count: 3000) { chainEstimate(LeaveOneOut(samples: 3), Enumeration(), &$0) }
            .expectUnbiased(chainExact, "leave-one-out then enumeration")
    }

    @Test func treeOfIndependentNodesWithSeveralSamplesEach() {
        // b ~ Bernoulli(θa) and x ~ Categorical(θb) independently; one cost of both.
        func estimate(_ first: some GradientEstimator, _ second: some GradientEstimator, _ rng: inout RandomGenerator) -> [Float] {
            let a = thetaA.requiringGradient(), bParam = thetaB.requiringGradient()
            var scg = StochasticComputationGraph()
            let b = scg.sample("b", from: Bernoulli(logits: a), estimator: first, using: &rng)
            let x = scg.sample("x", from: Categorical(logits: bParam), estimator: second, using: &rng)
            scg.addCost((x.value * r3).sum(axis: -1) * (b.value + 0.5), dependsOn: [b, x])
            return gradients(of: scg.surrogateLoss(), wrt: [a, bParam]).flatMap(\.scalars)
        }
        let a = thetaA.requiringGradient(), bParam = thetaB.requiringGradient()
        let exact = gradients(of: (a.sigmoid() + 0.5) * (bParam.softmax() * r3).sum(), wrt: [a, bParam]).flatMap(\.scalars)
        EstimateSummary(count: 3000) { estimate(LeaveOneOut(samples: 3), LeaveOneOut(samples: 2), &$0) }
            .expectUnbiased(exact, "tree, leave-one-out at both nodes")
        EstimateSummary(count: 3) { estimate(Enumeration(), Enumeration(), &$0) }.expectUnbiased(exact, "tree, enumeration")
    }

    @Test func reparameterizationOnANormalNode() {
        // E[(x − 1)²] = (μ − 1)² + e^(2 logσ) for x ~ N(μ, σ²).
        let mu0 = Tensor([0.3, -0.4]), logStd0 = Tensor([-0.2, 0.1])
        let mu = mu0.requiringGradient(), logStd = logStd0.requiringGradient()
        let exact = gradients(of: ((mu - 1).squared() + (logStd * 2).exp()).sum(), wrt: [mu, logStd]).flatMap(\.scalars)
        for estimator in [Reparameterization(samples: 1), Reparameterization(samples: 3)] as [any GradientEstimator] {
            EstimateSummary(count: 3000) { rng in
                let m = mu0.requiringGradient(), s = logStd0.requiringGradient()
                var scg = StochasticComputationGraph(batchShape: [2])
                let x = scg.sample("x", from: Normal(mean: m, logStd: s), estimator: estimator, using: &rng)
                scg.addCost((x.value - 1).squared(), dependsOn: [x])
                return gradients(of: scg.surrogateLoss(), wrt: [m, s]).flatMap(\.scalars)
            }.expectUnbiased(exact, "reparameterization")
        }
        // The score function on the same continuous node is unbiased too.
        EstimateSummary(count: 6000) { rng in
            let m = mu0.requiringGradient(), s = logStd0.requiringGradient()
            var scg = StochasticComputationGraph(batchShape: [2])
            let x = scg.sample("x", from: Normal(mean: m, logStd: s), estimator: ScoreFunction(baseline: .constant(1)), using: &rng)
            scg.addCost((x.value - 1).squared(), dependsOn: [x])
            return gradients(of: scg.surrogateLoss(), wrt: [m, s]).flatMap(\.scalars)
        }.expectUnbiased(exact, "score function on a Normal")
    }
}
