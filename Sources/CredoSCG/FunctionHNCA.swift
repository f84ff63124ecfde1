import Foundation
import CredoTensor

/// f-HNCA (Young, 2022, eqs. 4–6): hindsight network credit assignment for a layer of Bernoulli
/// (0/1) units Φ_k with fire probability p_k = σ(φ_k), optimising the expectation of a *known*
/// cost f = Σ_i f_i whose components may depend directly on the units. For each unit,
///
///     Ĝ_k = σ′(φ_k) ∂φ_k/∂θ · [ ρ_k(1) M_k(1) − ρ_k(0) M_k(0) + D_k(1) − D_k(0) ]   (+ Σ_i ∂f_i/∂θ),
///     ρ_k(ϕ) = q_k(ϕ) / (p_k q_k(1) + (1 − p_k) q_k(0)),   q_k(ϕ) = Π_{C ∈ ch(Φ_k)} π_C(C | Φ_k = ϕ),
///
/// where M_k(ϕ) is the sum of the components with a connection to Φ_k mediated by its children
/// (evaluated with Φ_k = ϕ and everything else as sampled), D_k(ϕ) the sum of those with only a
/// direct connection, and q_k the children's probability of their actual values had Φ_k been ϕ
/// (eq. 5; with no stochastic children, ρ = 1 and eq. 6 reduces to the local expectation
/// gradient). The direct gradients Σ_i ∂f_i/∂θ come from the cost nodes themselves, which stay in
/// the graph as usual. Unbiased, and of lower variance than REINFORCE (the paper's Theorem 1,
/// extended in its appendix H). An optional baseline b is subtracted from M (the paper's
/// "f-HNCA with baseline"; unbiased because E[ρ(ϕ) | pa(Φ)] = 1).
///
/// **Composition.** The counterfactual quantities depend on the model, so the estimator takes
/// them from a closure, `counterfactuals(values)`, called with the node's sampled values when
/// the surrogate is built (`surrogateLoss()`), i.e. after the children have been sampled: the
/// closure may read them from a reference filled in later. All its tensors are constants,
/// shaped like (or broadcasting to) the node's values [samples, plates…] + batch + units. For a
/// child layer whose logits are linear in Φ, ℓ_C(Φ_k = ϕ) = ℓ_C + W_kC (ϕ − Φ_k) gives q in one
/// product (`HNCACounterfactuals.linearChildren`).
///
/// In the surrogate: q = p^m, w = 1/m, l = 0 and a = Σ_units (p − ⊥p) ⊥[ρ(1)(M(1) − b) −
/// ρ(0)(M(0) − b) + D(1) − D(0)], zero in value. First order only.
public struct FunctionHNCA: HindsightEstimator {
    public var counterfactuals: (Tensor) -> HNCACounterfactuals
    public var baseline: Baseline
    public var samples: Int

    public init(samples: Int = 1, baseline: Baseline = .none,
                counterfactuals: @escaping (Tensor) -> HNCACounterfactuals) {
        precondition(samples >= 1, "samples must be at least 1, got \(samples)")
        self.counterfactuals = counterfactuals
        self.baseline = baseline
        self.samples = samples
    }

    public static let estimatorName = "f-HNCA"

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        let c = counterfactuals(proposal.values)
        guard let mediated = c.mediatedCost else {
            preconditionFailure("f-HNCA's counterfactuals give the mediated cost M(1), M(0) (zeros if there is none)")
        }
        return hindsightControlVariate(proposal, counterfactuals: c, mediated: mediated, baseline: baseline)
    }
}

/// The model-specific quantities HNCA and f-HNCA need for every unit of a Bernoulli layer, each
/// a pair (Φ_k = 1, Φ_k = 0) of constants shaped like (or broadcasting to) the layer's values.
public struct HNCACounterfactuals {
    /// log q_k(ϕ): the log-probability of the children's actual values had unit k been ϕ; nil
    /// when the layer has no stochastic children (then ρ = 1).
    public var childrenLogProbability: (one: Tensor, zero: Tensor)?
    /// M_k(ϕ): the cost components connected to unit k through its children (f-HNCA); nil for
    /// plain HNCA, which uses the node's downstream cost for both.
    public var mediatedCost: (one: Tensor, zero: Tensor)?
    /// D_k(ϕ): the cost components connected to unit k only directly; nil for none.
    public var directCost: (one: Tensor, zero: Tensor)?

    public init(childrenLogProbability: (one: Tensor, zero: Tensor)? = nil,
                mediatedCost: (one: Tensor, zero: Tensor)? = nil, directCost: (one: Tensor, zero: Tensor)? = nil) {
        self.childrenLogProbability = childrenLogProbability
        self.mediatedCost = mediatedCost
        self.directCost = directCost
    }

    /// log q_k(1), log q_k(0) for a child layer of Bernoulli units whose logits ℓ_C = Φ W + c are
    /// linear in the layer's values Φ [.., units] (W [units, children]), with actual child values
    /// C: log q_k(ϕ) = Σ_C log Bernoulli(C; ℓ_C + W_kC (ϕ − Φ_k)). Shaped [.., units].
    public static func linearChildren(values phi: Tensor, childLogits: Tensor, childValues: Tensor,
                                      weight: Tensor) -> (one: Tensor, zero: Tensor) {
        // [.., 1, children] + [units, children] · [.., units, 1]
        let l = childLogits.detached.reshaped(Array(childLogits.shape.dropLast()) + [1, childLogits.shape.last!])
        let c = childValues.detached.reshaped(Array(childValues.shape.dropLast()) + [1, childValues.shape.last!])
        let w = weight.detached, v = phi.detached.reshaped(phi.shape + [1])
        func logQ(_ target: Float) -> Tensor {
            let shifted = l + w * (target - v)
            return (c * shifted - shifted.softplus()).sum(axis: -1)
        }
        return (logQ(1), logQ(0))
    }
}

/// ρ(1) and ρ(0) for d = log q(1) − log q(0) and p = P(Φ = 1), without overflow at any d.
func hindsightWeights(logRatio d: Float, p: Float) -> (one: Float, zero: Float) {
    if d >= 0 {
        let e = expf(-d), qBar = p + (1 - p) * e
        return (1 / qBar, e / qBar)
    }
    let e = expf(d), qBar = p * e + 1 - p
    return (e / qBar, 1 / qBar)
}

/// The hindsight estimators of a Bernoulli layer (HNCA, f-HNCA): m plain samples, l = 0, w = 1/m,
/// the logits φ in the proposal's extras; each estimator supplies its control variate.
public protocol HindsightEstimator: GradientEstimator {
    /// Samples per draw.
    var samples: Int { get }
    /// The name error messages use.
    static var estimatorName: String { get }
}

extension HindsightEstimator {
    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        _ = bernoulliLayer(distribution, Self.estimatorName)
        return SampleRecord(values: distribution.samples(count: samples, using: &rng))
    }

    /// l = 0, w = 1/m, extras "logits" (φ on the tape, shaped like the values).
    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        let (logits, unitRank) = bernoulliLayer(distribution, Self.estimatorName)
        let lShape = Array(record.values.shape.dropLast(unitRank))
        return Proposal(values: record.values, gradientFunction: Tensor.zeros(lShape), weights: uniformWeights(lShape),
                        extras: ["logits": logits.expanded(to: record.values.shape)])
    }
}

/// a = Σ_units (p − ⊥p) ⊥[ρ(1)(M(1) − b) − ρ(0)(M(0) − b) + D(1) − D(0)].
func hindsightControlVariate(_ proposal: Proposal, counterfactuals c: HNCACounterfactuals,
                             mediated: (one: Tensor, zero: Tensor), baseline: Baseline) -> Tensor {
    guard let logits = proposal.extras["logits"] else { preconditionFailure("an HNCA proposal carries its logits") }
    let shape = proposal.values.shape, unitRank = proposal.values.rank - proposal.gradientFunction.rank
    let p = logits.sigmoid()
    let pv = p.detached.scalars
    let b = baseline.value(downstreamCost: mediated.one.detached * p.detached + mediated.zero.detached * (1 - p.detached))?.scalar ?? 0
    func flat(_ t: Tensor) -> [Float] { t.detached.expanded(to: shape).scalars }
    let m1 = flat(mediated.one), m0 = flat(mediated.zero)
    var signal = [Float](repeating: 0, count: pv.count)
    if let (q1, q0) = c.childrenLogProbability {
        let l1 = flat(q1), l0 = flat(q0)
        for j in signal.indices {
            let (r1, r0) = hindsightWeights(logRatio: l1[j] - l0[j], p: pv[j])
            signal[j] = r1 * (m1[j] - b) - r0 * (m0[j] - b)
        }
    } else {
        for j in signal.indices { signal[j] = m1[j] - m0[j] }
    }
    if let (d1, d0) = c.directCost {
        let a1 = flat(d1), a0 = flat(d0)
        for j in signal.indices { signal[j] += a1[j] - a0[j] }
    }
    return sumUnits((p - stopGradient(p)) * Tensor(shape: shape, scalars: signal), unitRank)
}
