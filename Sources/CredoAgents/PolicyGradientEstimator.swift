import CredoTensor

/// The surrogate loss of a trajectory SCG, built with DiCE's MagicBox ⊡(x) = exp(x − ⊥x)
/// directly on the [T·B] rows of a rollout.
///
/// A trajectory is a chain: the action node a_t ~ π(·|s_t) influences the costs c_u = −r_u of
/// its own step and of every later step of the same episode. The generic SCG surrogate
/// (Storchastic, Algorithm 1) multiplies each cost by ⊡ of the log-probabilities of the
/// stochastic nodes upstream of it, Σ_u c_u ⊡(Σ_{t≤u} log π_t). Its gradient,
/// Σ_u c_u Σ_{t≤u} ∇log π_t = Σ_t ∇log π_t Σ_{u≥t} c_u, regroups (the chain makes "upstream of u"
/// the prefix t ≤ u) into one term per action node weighted by its cost-to-go, so the
/// first-order surrogate of the whole trajectory is
///
///     L = Σ_t ⊡(log π_t) · Q̂_t + (1 − ⊡(log π_t)) · b_t,
///
/// with Q̂_t the (discounted, possibly bootstrapped) cost-to-go — Monte Carlo, K-step or λ —
/// and b_t a control variate that does not depend on a_t (a baseline V(s_t)), entering as
/// Storchastic's (1 − ⊡) b term with value 0 and gradient −b∇log π. Both weights are held
/// constant (⊥). Here costs are negated rewards, so the loss is written with returns:
/// L = −mean_t mask_t [⊡(log π_t) Ĝ_t + (1 − ⊡(log π_t)) b_t]; its gradient is the familiar
/// −mean (Ĝ_t − b_t) ∇log π(a_t|s_t) (REINFORCE, REINFORCE with baseline, A2C).
public func trajectorySurrogate(logProbs: Tensor, returns: Tensor, baselines: Tensor? = nil, mask: Tensor) -> Tensor {
    let box = magicBox(logProbs)
    var weighted = box * stopGradient(returns)
    if let b = baselines { weighted = weighted + (1 - box) * stopGradient(b) }
    return -(weighted * mask).sum() / max(mask.sum().scalar, 1)
}

/// The conventional scalar reported as the policy loss: −mean mask · log π · Â (its value,
/// unlike the MagicBox surrogate's, moves with the policy).
public func reportedPolicyLoss(logProbs: [Float], advantages: [Double], mask: [Float]) -> Double {
    var total = 0.0, count = 0.0
    for i in logProbs.indices where mask[i] > 0 {
        total -= Double(logProbs[i]) * advantages[i]
        count += 1
    }
    return count > 0 ? total / count : 0
}

/// Standardises advantages over the rows that count: (Â − mean) / (std + 1e-8).
public func standardized(_ x: [Double], mask: [Float]) -> [Double] {
    let kept = zip(x, mask).filter { $0.1 > 0 }.map(\.0)
    guard kept.count > 1 else { return x }
    let m = kept.reduce(0, +) / Double(kept.count)
    let s = (kept.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(kept.count)).squareRoot()
    return x.map { ($0 - m) / (s + 1e-8) }
}

/// A [N] Float tensor from Doubles.
@inline(__always)
func floatTensor(_ x: [Double]) -> Tensor { Tensor(x.map(Float.init)) }
