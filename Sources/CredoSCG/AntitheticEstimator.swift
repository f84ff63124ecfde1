import CredoTensor

/// The estimators of antithetic Bernoulli pairs (ARM, DisARM): 2·pairs samples sharing one
/// uniform per unit pairwise (u and 1 − u), l = 0, w = 1/(2·pairs), and the control variate
/// a = Σ_units (φ − ⊥φ) ⊥ĝ_φ, with each estimator's own per-unit ĝ_φ of a pair.
public protocol AntitheticEstimator: GradientEstimator {
    /// Antithetic pairs per draw.
    var pairs: Int { get }
    /// ĝ_φ per unit of one pair, from its costs f(b), f(b′), the first sample's uniform u, the
    /// values b, b′ and the logits φ (constants).
    func unitGradient(cost: Tensor, flippedCost: Tensor, noise: Tensor, values: Tensor, flippedValues: Tensor,
                      logits: Tensor) -> Tensor
}

extension AntitheticEstimator {
    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        antitheticDraw(distribution, pairs: pairs, using: &rng, "\(Self.self)")
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        antitheticProposal(of: record, under: distribution, "\(Self.self)")
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        antitheticControlVariate(proposal, downstreamCost: downstreamCost, pairs: pairs) {
            unitGradient(cost: $0, flippedCost: $1, noise: $2, values: $3, flippedValues: $4, logits: $5)
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
