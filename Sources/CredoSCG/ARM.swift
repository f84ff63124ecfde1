import CredoTensor

/// The augment-REINFORCE-merge estimator (ARM; Yin & Zhou, 2019) for a Bernoulli node or a layer
/// of Bernoulli units with logits φ: antithetic pairs that share one uniform u per unit,
///
///     b = 1[u < σ(φ)],   b′ = 1[1 − u < σ(φ)] (= 1[u > σ(−φ)]),
///     ĝ_φ = (f(b′) − f(b)) (u − ½)                    per unit, for the whole layer's f.
///
/// Unbiased for ∇_φ E[f(b)] at first order. The record holds 2·pairs samples, the first `pairs`
/// drawn with u and the next with 1 − u, and the noise "u" (u and 1 − u, one per sample).
///
/// In the surrogate: q = the antithetic pairs, w = 1/(2·pairs), l = 0, and the control variate
///
///     a = Σ_units (φ − ⊥φ) ⊥ĝ_φ   (on both samples of a pair)
///
/// whose value is 0 and whose gradient, through φ, is ĝ_φ · ∂φ/∂θ. f(b) is the node's
/// downstream cost (averaged over later nodes' samples). First order only: the second
/// derivative of this surrogate is not an estimate of the Hessian.
public struct ARM: GradientEstimator {
    public var pairs: Int

    public init(pairs: Int = 1) {
        precondition(pairs >= 1, "pairs must be at least 1, got \(pairs)")
        self.pairs = pairs
    }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        antitheticDraw(distribution, pairs: pairs, using: &rng, "ARM")
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        antitheticProposal(of: record, under: distribution, "ARM")
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        antitheticControlVariate(proposal, downstreamCost: downstreamCost, pairs: pairs) { f, fFlipped, u, _, _, _ in
            (fFlipped - f) * (u - 0.5)
        }
    }
}

/// 2·pairs samples of a Bernoulli node or layer: the first `pairs` with uniforms u, the next
/// with 1 − u; the noise "u" holds each sample's own uniform.
func antitheticDraw(_ distribution: some StochasticDistribution, pairs: Int, using rng: inout RandomGenerator,
                    _ estimator: String) -> SampleRecord {
    let (logits, _) = bernoulliLayer(distribution, estimator)
    let shape = [pairs] + logits.shape
    let u = Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in
        // Open (0, 1): the pair (u, 1 − u) is then never (0, 1).
        (Float(rng.next() >> 41) + 0.5) * 0x1p-23
    })
    let uu = Tensor.concat([u, 1 - u], axis: 0)
    let p = logits.detached.sigmoid()
    return SampleRecord(values: uu .< p, noise: ["u": uu])
}

/// l = 0, w = 1/(2·pairs), extras "logits" (φ on the tape) and "u", shaped like the values.
func antitheticProposal(of record: SampleRecord, under distribution: some StochasticDistribution,
                        _ estimator: String) -> Proposal {
    guard let u = record.noise["u"] else { preconditionFailure("an \(estimator) record carries its noise u") }
    let (logits, unitRank) = bernoulliLayer(distribution, estimator)
    let lShape = Array(record.values.shape.dropLast(unitRank))
    return Proposal(values: record.values, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape),
                    extras: ["logits": logits.expanded(to: record.values.shape), "u": u])
}

/// a = Σ_units (φ − ⊥φ) ⊥ĝ on both samples of every pair, where
/// ĝ = estimate(f(b), f(b′), u, b, b′, φ) per unit for the pair's costs f and values b, b′.
func antitheticControlVariate(_ proposal: Proposal, downstreamCost: Tensor, pairs: Int,
                              _ estimate: (Tensor, Tensor, Tensor, Tensor, Tensor, Tensor) -> Tensor) -> Tensor {
    guard let logits = proposal.extras["logits"], let u = proposal.extras["u"] else {
        preconditionFailure("an antithetic proposal carries logits and u")
    }
    let unitRank = proposal.values.rank - downstreamCost.rank
    func first(_ t: Tensor) -> Tensor { t.sliced(axis: 0, 0..<pairs) }
    func second(_ t: Tensor) -> Tensor { t.sliced(axis: 0, pairs..<(2 * pairs)) }
    let f = perUnit(downstreamCost.detached, unitRank)
    let phi = first(logits)
    let g = estimate(first(f), second(f), first(u), first(proposal.values), second(proposal.values), phi.detached).detached
    let half = sumUnits((phi - stopGradient(phi)) * g, unitRank)
    return Tensor.concat([half, half], axis: 0)
}
