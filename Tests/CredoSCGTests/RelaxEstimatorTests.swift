import Testing
import CredoDistributions
import CredoNN
import CredoTensor
@testable import CredoSCG

/// Control variates for the three tiny graphs of `EstimatorUnbiasednessTests`: small tanh MLPs
/// with fixed random weights (any c_φ must leave RELAX unbiased).
struct ControlVariates {
    let scalar: MLP, row4: MLP, row3: MLP

    init(seed: UInt64 = 5) {
        var rng = RandomGenerator(seed: seed)
        scalar = MLP(sizes: [1, 8, 1], activation: .tanh, using: &rng)
        row4 = MLP(sizes: [4, 8, 1], activation: .tanh, using: &rng)
        row3 = MLP(sizes: [3, 8, 1], activation: .tanh, using: &rng)
    }

    /// c applied to each element of a Bernoulli relaxation.
    func elementwise(_ x: Tensor) -> Tensor { scalar(x.reshaped(x.shape + [1])).reshaped(x.shape) }
    /// c applied to each row of a Categorical relaxation, one value per row.
    static func rowwise(_ mlp: MLP) -> (Tensor) -> Tensor { { x in mlp(x).reshaped(Array(x.shape.dropLast())) } }
}

@Suite struct RelaxEstimatorTests {
    let graphs = EstimatorUnbiasednessTests()
    let cv = ControlVariates()

    @Test func relaxIsUnbiasedOnThreeGraphs() {
        let c = cv
        EstimateSummary(count: 1200) { graphs.bernoulliEstimate(RELAX(controlVariate: c.elementwise), &$0) }
            .expectUnbiased(graphs.bernoulliExact, "bernoulli")
        EstimateSummary(count: 1200) { graphs.categoricalEstimate(RELAX(temperature: Tensor(0.5), controlVariate: ControlVariates.rowwise(c.row4)), &$0) }
            .expectUnbiased(graphs.categoricalExact, "categorical")
        EstimateSummary(count: 1200) {
            graphs.chainEstimate(RELAX(controlVariate: c.elementwise), RELAX(controlVariate: ControlVariates.rowwise(c.row3)), &$0)
        }.expectUnbiased(graphs.chainExact, "chain")
    }

    @Test func rebarIsUnbiasedOnThreeGraphs() {
        let t1 = graphs.target1, r = graphs.r, s = graphs.s
        let bernoulli = REBAR(logTemperature: Tensor(-0.5), scale: Tensor(0.8)) { ($0 - t1).squared() }
        EstimateSummary(count: 1200) { graphs.bernoulliEstimate(bernoulli, &$0) }.expectUnbiased(graphs.bernoulliExact, "bernoulli")
        let categorical = REBAR(logTemperature: Tensor(0.3), scale: Tensor(1)) { y in
            (y * r).sum(axis: -1).squared() + (y * s).sum(axis: -1)
        }
        EstimateSummary(count: 1200) { graphs.categoricalEstimate(categorical, &$0) }.expectUnbiased(graphs.categoricalExact, "categorical")
        let first = REBAR(scale: Tensor(1)) { ($0 - 0.3).squared() }
        let r3 = graphs.r3
        let second = REBAR(logTemperature: Tensor(-0.3)) { ($0 * r3).sum(axis: -1) }
        EstimateSummary(count: 1500) { graphs.chainEstimate(first, second, &$0) }.expectUnbiased(graphs.chainExact, "chain")
    }

    @Test func laxIsUnbiasedOnANormalNode() {
        let mu0 = Tensor([0.3, -0.4]), logStd0 = Tensor([-0.2, 0.1])
        let mu = mu0.requiringGradient(), logStd = logStd0.requiringGradient()
        let exact = gradients(of: ((mu - 1).squared() + (logStd * 2).exp()).sum(), wrt: [mu, logStd]).flatMap(\.scalars)
        let c = cv
        for lax in [LAX(controlVariate: c.elementwise), LAX(samples: 2) { ($0 - 0.8).squared() }] {
            EstimateSummary(count: 1200) { rng in
                let m = mu0.requiringGradient(), s = logStd0.requiringGradient()
                var scg = StochasticComputationGraph(batchShape: [2])
                let x = scg.sample("x", from: Normal(mean: m, logStd: s), estimator: lax, using: &rng)
                scg.addCost((x.value - 1).squared(), dependsOn: [x])
                return gradients(of: scg.surrogateLoss(), wrt: [m, s]).flatMap(\.scalars)
            }.expectUnbiased(exact, "LAX")
        }
    }

    @Test func relaxedEstimatorsKeepTheSurrogateValue() {
        // The control variates are zero in value, so the surrogate is still the cost estimate.
        var rng = RandomGenerator(seed: 3)
        let theta = graphs.theta2.requiringGradient()
        var scg = StochasticComputationGraph()
        let x = scg.sample("x", from: Categorical(logits: theta), estimator: RELAX(controlVariate: ControlVariates.rowwise(cv.row4)), using: &rng)
        let cost = (x.value * graphs.s).sum(axis: -1)
        scg.addCost(cost, dependsOn: [x])
        #expect(abs(scg.surrogateLoss().scalar - cost.sum().scalar) < 1e-6)
        #expect(x.value.scalars.reduce(0, +) == 1 && Set(x.value.scalars).isSubset(of: [0, 1]))
    }

    @Test func gumbelSoftmaxIsMeasurablyBiased() {
        // The costs are nonlinear in the relaxed value, and E[softmax((ℓ + G)/λ)] ≠ softmax(ℓ).
        for estimator in [GumbelSoftmax(temperature: Tensor(1.5)), GumbelSoftmax(temperature: Tensor(0.5), straightThrough: true)] {
            let label = estimator.straightThrough ? "straight-through" : "Gumbel-softmax"
            EstimateSummary(count: 2500) { graphs.bernoulliEstimate(estimator, &$0) }.expectBiased(graphs.bernoulliExact, "\(label), bernoulli")
            EstimateSummary(count: 2500) { graphs.categoricalEstimate(estimator, &$0) }.expectBiased(graphs.categoricalExact, "\(label), categorical")
        }
    }

    @Test func straightThroughValuesAreDiscrete() {
        var rng = RandomGenerator(seed: 1)
        let p = GumbelSoftmax(temperature: Tensor(0.7), straightThrough: true, samples: 5)
            .propose(Categorical(logits: graphs.theta2.requiringGradient()), using: &rng)
        #expect(p.values.shape == [5, 4])
        #expect(Set(p.values.scalars) == [0, 1] && p.values.scalars.reduce(0, +) == 5)
        #expect(p.values.requiresGradient)
    }
}
