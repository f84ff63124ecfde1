import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor
import Foundation
import Testing
@testable import CredoAgents

/// Every estimator of the standard catalogue in its one-step (bandit) form: a trajectory SCG of
/// one step and N copies, each row a draw with its own copy of the parameters as a tape leaf,
/// so the gradient with respect to the [N, …] leaf holds every draw's estimate of ∇E[cost].
/// Their mean must match the exact gradient within 4 standard errors (fixed seeds); known-wrong
/// variants (negative controls) must be detected as biased with the same draws.
struct BanditForm {
    let n: Int

    /// Per-draw gradient estimates, [N] rows of `width` values, for a one-step trajectory with
    /// the given record, distribution (on `leaves`) and estimator.
    func estimates(record: SampleRecord, distribution: some StochasticDistribution, estimator: some GradientEstimator,
                   cost: Tensor, leaves: [Tensor]) -> [[Double]] {
        let graph = TrajectoryGraph(steps: 1, copies: n, continues: Array(repeating: false, count: n),
                                    mask: Tensor.ones([n]), actions: record, from: distribution,
                                    estimator: estimator, costToGo: cost)
        return gradients(of: graph.surrogateLoss(), wrt: leaves).map { $0.scalars.map(Double.init) }
    }

    /// z-scores of the estimates' means against `exact`, per coordinate of the flattened leaves.
    func zScores(_ g: [[Double]], exact: [Double]) -> [Double] {
        var scores: [Double] = []
        var coordinate = 0
        for leaf in g {
            let width = leaf.count / n
            for j in 0..<width {
                let column = stride(from: j, to: leaf.count, by: width).map { leaf[$0] }
                let mean = column.reduce(0, +) / Double(n)
                let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
                scores.append(abs(mean - exact[coordinate]) / max(sd / Double(n).squareRoot(), 1e-9))
                coordinate += 1
            }
        }
        return scores
    }
}

/// Categorical bandit: cost f(a) = −reward[a], logits θ; exact ∂E[f]/∂θ_j = p_j (f(j) − Σ p f).
@Suite struct DiscreteBanditEstimatorTests {
    let theta: [Float] = [0.2, -0.4, 0.1]
    let cost: [Float] = [-1, -3, 2]
    let form = BanditForm(n: 4_000)

    var probabilities: [Double] {
        let e = theta.map { Foundation.exp(Double($0)) }
        return e.map { $0 / e.reduce(0, +) }
    }

    func exactGradient(of values: [Float]) -> [Double] {
        let p = probabilities
        let mean = zip(p, values).reduce(0) { $0 + $1.0 * Double($1.1) }
        return (0..<3).map { p[$0] * (Double(values[$0]) - mean) }
    }

    /// A fixed control variate far from zero on relaxed one-hot samples [1, N, 3] → [1, N].
    static func controlVariate(_ x: Tensor) -> Tensor {
        ((x * Tensor([40, -70, 20])).sum(axis: -1) + (x * x).sum(axis: -1) * 30)
    }

    var inputs: EstimatorInputs {
        EstimatorInputs(observations: Tensor.zeros([form.n, 1]), baseline: Tensor(repeating: 1.5, shape: [1, form.n]),
                        controlVariate: Self.controlVariate, temperature: Tensor(0.5))
    }

    func zScores(_ estimator: some GradientEstimator, seed: UInt64) -> [Double] {
        let n = form.n
        let leaf = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta }).requiringGradient()
        var rng = RandomGenerator(seed: seed)
        let record = estimator.draw(Categorical(logits: leaf.detached), using: &rng)
        let f = Tensor(Categorical.discretised(record.values).map { cost[$0] })
        let g = form.estimates(record: record, distribution: Categorical(logits: leaf), estimator: estimator,
                               cost: f, leaves: [leaf])
        return form.zScores(g, exact: exactGradient(of: cost))
    }

    static let tested: [EstimatorName] = [.reinforce, .reinforceBaseline, .a2c, .relax, .ppo]

    @Test(arguments: tested)
    func scoreFunctionFamilyIsUnbiased(_ name: EstimatorName) throws {
        let entry = try #require(EstimatorCatalog.standard[name])
        let z = zScores(entry.make(inputs), seed: 3)
        #expect(z.allSatisfy { $0 < 4 }, "\(name): z-scores \(z)")
    }

    /// Negative controls: a RELAX without its reparameterised correction (the score function
    /// baselined by c(z̃) alone), and one whose control variate's value is not subtracted.
    @Test func brokenRelaxVariantsAreDetected() {
        struct WithoutCorrection: GradientEstimator {
            let relax: RELAX
            func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord { relax.draw(d, using: &rng) }
            func proposal(of r: SampleRecord, under d: some StochasticDistribution) -> Proposal { relax.proposal(of: r, under: d) }
            func controlVariate(_ p: Proposal, downstreamCost: Tensor) -> Tensor? {
                (1 - magicBox(p.gradientFunction)) * relax.controlVariateFunction(p.extras["relaxedZTilde"]!)
            }
        }
        struct WithoutBaseline: GradientEstimator {
            let relax: RELAX
            func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord { relax.draw(d, using: &rng) }
            func proposal(of r: SampleRecord, under d: some StochasticDistribution) -> Proposal { relax.proposal(of: r, under: d) }
            func controlVariate(_ p: Proposal, downstreamCost: Tensor) -> Tensor? {
                let cz = relax.controlVariateFunction(p.extras["relaxedZ"]!), ct = relax.controlVariateFunction(p.extras["relaxedZTilde"]!)
                return (cz - stopGradient(cz)) - (ct - stopGradient(ct))
            }
        }
        let relax = RELAX(temperature: Tensor(0.5), controlVariate: Self.controlVariate)
        #expect(zScores(WithoutCorrection(relax: relax), seed: 3).max()! > 6)
        #expect(zScores(WithoutBaseline(relax: relax), seed: 3).max()! > 6)
    }

    /// MAC's estimate is Σ_a ∇π(a) Q(a) for the critic, exactly, draw by draw.
    @Test func meanActorCriticIsTheExactCriticGradient() throws {
        let entry = try #require(EstimatorCatalog.standard[.mac])
        let q: [Float] = [0.7, -2.5, 4]
        var inputs = self.inputs
        inputs.actionValue = { a in (a * Tensor(q)).sum(axis: -1) }   // outcomes [3, N, 3] → [3, N]
        let n = form.n
        let leaf = Tensor(shape: [n, 3], scalars: (0..<n).flatMap { _ in theta }).requiringGradient()
        var rng = RandomGenerator(seed: 5)
        let estimator = entry.make(inputs)
        let record = estimator.draw(Categorical(logits: leaf.detached), using: &rng)
        let f = Tensor(Categorical.discretised(record.values).map { cost[$0] })
        let g = form.estimates(record: record, distribution: Categorical(logits: leaf), estimator: estimator,
                               cost: f, leaves: [leaf])[0]
        let exact = exactGradient(of: q)
        for row in [0, 1, n - 1] { for j in 0..<3 { #expect(abs(g[row * 3 + j] - exact[j]) < 1e-5) } }
        // The sampled cost never enters: a critic that is the true cost gives the true gradient.
        #expect(zip(exactGradient(of: cost), exact).contains { abs($0 - $1) > 0.1 })
    }
}

/// Gaussian bandit: a ~ N(μ, σ²), cost f(a) = (a − 2)²; exact ∂E[f]/∂μ = 2(μ − 2), ∂E[f]/∂log σ = 2σ².
@Suite struct GaussianBanditEstimatorTests {
    let mu: Float = 0.5, logStd: Float = -0.3
    let form = BanditForm(n: 4_000)

    var exact: [Double] { [2 * (Double(mu) - 2), 2 * Foundation.exp(2 * Double(logStd))] }

    static func trueCost(_ x: Tensor) -> Tensor { ((x - 2) * (x - 2)).sum(axis: -1) }
    /// A control variate far from zero and far from the cost.
    static func controlVariate(_ x: Tensor) -> Tensor { ((x * 3).sin() * 50 + x * 20).sum(axis: -1) }

    func zScores(_ estimator: some GradientEstimator, seed: UInt64) -> [Double] {
        let n = form.n
        let meanLeaf = Tensor(repeating: mu, shape: [n, 1]).requiringGradient()
        let logStdLeaf = Tensor(repeating: logStd, shape: [n, 1]).requiringGradient()
        var rng = RandomGenerator(seed: seed)
        let record = estimator.draw(DiagonalNormal(Normal(mean: meanLeaf.detached, logStd: logStdLeaf.detached)), using: &rng)
        let f = Self.trueCost(record.values).reshaped([n])
        let g = form.estimates(record: record, distribution: DiagonalNormal(Normal(mean: meanLeaf, logStd: logStdLeaf)),
                               estimator: estimator, cost: f, leaves: [meanLeaf, logStdLeaf])
        return form.zScores(g, exact: exact)
    }

    var inputs: EstimatorInputs {
        EstimatorInputs(observations: Tensor.zeros([form.n, 1]), baseline: Tensor(repeating: 1.5, shape: [1, form.n]),
                        controlVariate: Self.controlVariate, actionValue: Self.trueCost)
    }

    /// The score-function family and LAX for any control variate; the reparameterised critics
    /// (`pathwise`, `sobolev`, `reparam-q`) when their Q is the true downstream cost.
    static let tested: [EstimatorName] = [.reinforce, .reinforceBaseline, .a2c, .lax, .pathwise, .sobolev, .reparamQ, .ppo]

    @Test(arguments: tested)
    func isUnbiased(_ name: EstimatorName) throws {
        let entry = try #require(EstimatorCatalog.standard[name])
        let z = zScores(entry.make(inputs), seed: 21)
        #expect(z.allSatisfy { $0 < 4 }, "\(name): z-scores \(z)")
    }

    /// Negative controls, as issue 12 lists them: LAX without ∇c(a_θ) and LAX without −c in the
    /// score weight; and a reparameterised critic whose Q is wrong.
    @Test func brokenVariantsAreDetected() {
        struct LAXWithoutPathwise: GradientEstimator {
            let lax = LAX(controlVariate: GaussianBanditEstimatorTests.controlVariate)
            func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord { lax.draw(d, using: &rng) }
            func proposal(of r: SampleRecord, under d: some StochasticDistribution) -> Proposal { lax.proposal(of: r, under: d) }
            func controlVariate(_ p: Proposal, downstreamCost: Tensor) -> Tensor? {
                (1 - magicBox(p.gradientFunction)) * lax.controlVariateFunction(p.extras["x"]!.detached)
            }
        }
        struct LAXWithoutWeight: GradientEstimator {
            let lax = LAX(controlVariate: GaussianBanditEstimatorTests.controlVariate)
            func draw(_ d: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord { lax.draw(d, using: &rng) }
            func proposal(of r: SampleRecord, under d: some StochasticDistribution) -> Proposal { lax.proposal(of: r, under: d) }
            func controlVariate(_ p: Proposal, downstreamCost: Tensor) -> Tensor? {
                let c = lax.controlVariateFunction(p.extras["x"]!)
                return c - stopGradient(c)
            }
        }
        #expect(zScores(LAXWithoutPathwise(), seed: 21).max()! > 6)
        #expect(zScores(LAXWithoutWeight(), seed: 21).max()! > 6)
        #expect(zScores(ReparameterizedCritic { x in Self.trueCost(x * 1.3) }, seed: 21).max()! > 6)
    }
}

/// Every name of the standard catalogue is covered by a bandit-form test above.
@Test func everyCatalogueEstimatorHasABanditFormTest() {
    let covered = Set(DiscreteBanditEstimatorTests.tested + GaussianBanditEstimatorTests.tested + [.mac])
    #expect(Set(EstimatorName.allCases) == covered, "untested: \(Set(EstimatorName.allCases).subtracting(covered))")
}
