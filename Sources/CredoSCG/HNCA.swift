import CredoTensor
import Foundation

/// Hindsight network credit assignment (Young, 2022) for a `BernoulliNetwork`: the network's
/// in-place user of the composable estimator's hindsight weights (`HNCA`, `FunctionHNCA`).
///
/// A hidden unit Φ with fire probability p = σ(l) is credited through the counterfactual
/// probability of its children's actual outputs had it been fixed to each value (eq. 3):
///
///     Ĝ_Φ = Σ_ϕ ρ_Φ(ϕ) ∂π_Φ(ϕ)/∂θ_Φ · R = σ′(l) (q₊ − q₋)/q̄ · ∂l/∂θ_Φ · R,
///     q_± = Π_{C ∈ ch(Φ)} π_C(C | pa(C) \ Φ, Φ = ±1),   q̄ = p q₊ + (1 − p) q₋.
///
/// Unbiased, and its elementwise variance is at most REINFORCE's (Theorem 1: it is REINFORCE's
/// estimate conditioned on the unit's Markov blanket). The output unit has no children and uses
/// REINFORCE. The counterfactual child logits come from the logit-shift identity
///
///     l_C(Φ = y′) = l_C + W_ΦC (y′ − y)
///
/// (Algorithm 1, lines 10–13, for ±1 outputs), so the backward pass costs O(Σ |pa|·|ch|), the
/// order of a forward pass, as for backpropagation. Only the flipped value −y needs a new
/// product; the actual one is shared by every parent of the child layer.
extension BernoulliNetwork {
    /// The HNCA estimate of ∇E[R] (ascent), averaged over the batch, in `parameterTensors` order.
    /// `reward` has one entry per context (subtract a baseline first, if any).
    public func hncaGradient(_ s: BernoulliNetworkSample, reward: [Float]) -> [Tensor] {
        let layers = hidden.count
        let credits = (0..<layers).map { k -> Tensor in
            let logShift = k + 1 < layers
                ? bernoulliChildrenLogRatio(s, layer: k)
                : softmaxChildLogRatio(s)
            let l = s.hiddenLogits[k].scalars, width = s.hiddenLogits[k].shape[1]
            return Tensor(shape: s.hiddenLogits[k].shape, scalars: l.indices.map { j in
                let p = 1 / (1 + expf(-l[j]))
                return p * (1 - p) * Self.creditRatio(logRatio: logShift[j], p: p) * reward[j / width]
            })
        }
        return parameterGradients(s, hiddenCredits: credits, reward: reward)
    }

    /// (q₊ − q₋)/(p q₊ + (1 − p) q₋) = ρ(+1) − ρ(−1) from d = log q₊ − log q₋, without overflow
    /// at any d: the hindsight weights of the composable estimator (`HNCA`, `FunctionHNCA`).
    static func creditRatio(logRatio d: Float, p: Float) -> Float {
        let (plus, minus) = hindsightWeights(logRatio: d, p: p)
        return plus - minus
    }

    /// log q₊ − log q₋ for every unit of hidden layer k whose children are the Bernoulli units of
    /// layer k + 1: log π_C(y_C) = −softplus(−y_C l_C), and flipping y_i shifts l_C by −2 y_i W_iC.
    func bernoulliChildrenLogRatio(_ s: BernoulliNetworkSample, layer k: Int) -> [Float] {
        let y = s.hiddenOutputs[k].scalars, lc = s.hiddenLogits[k + 1].scalars, yc = s.hiddenOutputs[k + 1].scalars
        let w = hidden[k + 1].weight.scalars
        let (batch, width, children) = (s.hiddenLogits[k].shape[0], s.hiddenLogits[k].shape[1], s.hiddenLogits[k + 1].shape[1])
        var out = [Float](repeating: 0, count: batch * width)
        for b in 0..<batch {
            let row = b * children
            var actual: Float = 0
            for j in 0..<children { actual -= softplus(-yc[row + j] * lc[row + j]) }
            for i in 0..<width {
                let yi = y[b * width + i]
                var flipped: Float = 0
                for j in 0..<children {
                    flipped -= softplus(-yc[row + j] * (lc[row + j] - 2 * yi * w[i * children + j]))
                }
                // log q₊ − log q₋ = y_i (log q(actual) − log q(flipped)).
                out[b * width + i] = yi * (actual - flipped)
            }
        }
        return out
    }

    /// log q₊ − log q₋ for every unit of the last hidden layer, whose one child is the softmax
    /// output: log π(a) = o_a − logsumexp(o), and flipping y_i shifts o by −2 y_i V_i.
    func softmaxChildLogRatio(_ s: BernoulliNetworkSample) -> [Float] {
        let k = hidden.count - 1
        let y = s.hiddenOutputs[k].scalars, o = s.outputLogits.scalars, v = output.weight.scalars
        let (batch, width, actions) = (s.hiddenLogits[k].shape[0], s.hiddenLogits[k].shape[1], actionCount)
        var out = [Float](repeating: 0, count: batch * width)
        var shifted = [Float](repeating: 0, count: actions)
        for b in 0..<batch {
            let a = s.actions[b], row = b * actions
            let actual = o[row + a] - logSumExp(o[row..<(row + actions)])
            for i in 0..<width {
                let yi = y[b * width + i]
                for j in 0..<actions { shifted[j] = o[row + j] - 2 * yi * v[i * actions + j] }
                let flipped = shifted[a] - logSumExp(shifted[...])
                out[b * width + i] = yi * (actual - flipped)
            }
        }
        return out
    }
}

/// log(1 + eˣ), stable for any x.
@inline(__always)
func softplus(_ x: Float) -> Float { max(x, 0) + log1pf(expf(-abs(x))) }

/// log Σ eˣ over a slice, stable for any values.
@inline(__always)
func logSumExp(_ xs: ArraySlice<Float>) -> Float {
    let m = xs.max()!
    var sum: Float = 0
    for x in xs { sum += expf(x - m) }
    return m + logf(sum)
}
