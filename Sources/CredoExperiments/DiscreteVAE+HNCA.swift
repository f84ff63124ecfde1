import CredoKernels
import CredoSCG
import CredoTensor

/// f-HNCA's counterfactuals for the linear discrete VAEs (HNCA paper, section "Variational
/// Auto-encoder Experiment", Fig. 2): every function component is a sum over output units of a
/// Bernoulli log-probability whose logits are linear in the layer, so flipping unit k shifts them by
/// W_k (1 − 2 z_k), O(|layer| · |next layer|) per sample, as for a backward pass.
extension DiscreteVAE {
    /// For each unit k of `values` [.., U]: Σ_n log Bernoulli(targets_n; o_n + W_kn (ϕ − v_k)) at
    /// ϕ = 1 and ϕ = 0, with o = logits [.., N] of the actual values and W [U, N]. Constants [.., U].
    static func counterfactualLogProbability(values v: Tensor, logits o: Tensor, weight w: Tensor,
                                             targets t: Tensor) -> (one: Tensor, zero: Tensor) {
        let units = v.shape.last!, n = o.shape.last!, rows = v.count / units
        precondition(o.count == rows * n && w.shape == [units, n], "counterfactuals: values \(v.shape), logits \(o.shape), weight \(w.shape)")
        let vs = v.detached.scalars, os = o.detached.scalars, ws = w.detached.scalars
        let ts = t.detached.expanded(to: o.shape).scalars
        var one = [Float](repeating: 0, count: rows * units), zero = one
        // One fused pass per row: Σ_n t s − softplus(s) for the actual logits and for each unit's flip.
        os.withUnsafeBufferPointer { o in
            ts.withUnsafeBufferPointer { t in
                ws.withUnsafeBufferPointer { w in
                    for r in 0..<rows {
                        let row = r * n
                        let actual = credo_shifted_bernoulli_log_probability(t.baseAddress! + row, o.baseAddress! + row,
                                                                             w.baseAddress!, 0, n)
                        for k in 0..<units {
                            let vk = vs[r * units + k]
                            let flipped = credo_shifted_bernoulli_log_probability(t.baseAddress! + row, o.baseAddress! + row,
                                                                                  w.baseAddress! + k * n, 1 - 2 * vk, n)
                            one[r * units + k] = vk == 1 ? actual : flipped
                            zero[r * units + k] = vk == 1 ? flipped : actual
                        }
                    }
                }
            }
        }
        return (Tensor(shape: v.shape, scalars: one), Tensor(shape: v.shape, scalars: zero))
    }

    /// log Bernoulli(ϕ; ℓ) per unit at ϕ = 1 and ϕ = 0.
    static func unitLogProbability(_ logits: Tensor) -> (one: Tensor, zero: Tensor) {
        let l = logits.detached
        return (-(-l).softplus(), -l.softplus())
    }

    /// The counterfactuals of `layer` (0: z₁, 1: z₂) for samples with one draw per layer: the
    /// components of −ELBO split into those connected to the unit only directly and those (for
    /// z₁ of `linear2`) connected through its children z₂, and the children's log-probability.
    func hindsightCounterfactuals(layer: Int, x: Tensor, z1: Tensor, z2: Tensor?) -> HNCACounterfactuals {
        precondition(isLinear, "f-HNCA's counterfactuals here need a linear model, not \(architecture)")
        func plus(_ a: (one: Tensor, zero: Tensor), _ b: (one: Tensor, zero: Tensor)) -> (one: Tensor, zero: Tensor) {
            (a.one + b.one, a.zero + b.zero)
        }
        func negated(_ a: (one: Tensor, zero: Tensor)) -> (one: Tensor, zero: Tensor) { (-a.one, -a.zero) }
        let none = (one: Tensor(0), zero: Tensor(0))
        if layer == 0 {
            let xDecoder = architecture == .linear ? decoder[0] : decoder[1]
            let reconstruction = negated(Self.counterfactualLogProbability(values: z1, logits: xDecoder(z1), weight: xDecoder.weight,
                                                                           targets: x))
            var direct = plus(reconstruction, Self.unitLogProbability(encoderLogits(x)))
            guard let z2Sample = z2 else {
                direct = plus(direct, negated(Self.unitLogProbability(prior)))
                return HNCACounterfactuals(mediatedCost: none, directCost: direct)
            }
            let z2 = z2Sample.reshaped(z1.shape), l2 = secondEncoderLogits(z1).detached
            let children = HNCACounterfactuals.linearChildren(values: z1, childLogits: l2, childValues: z2,
                                                              weight: encoder[1].weight)
            // −log p(z₁ | z₂) with unit k of z₁ set to ϕ, the rest as sampled.
            let lp1 = middleDecoderLogits(z2).detached
            let middleTotal = (-Self.bernoulliLogProbability(z1, logits: lp1)).reshaped(Array(z1.shape.dropLast()) + [1])
            let own = -(z1 * lp1 - lp1.softplus())
            let unit = negated(Self.unitLogProbability(lp1))
            let middle = (middleTotal - own + unit.one, middleTotal - own + unit.zero)
            let priorTotal = (-Self.bernoulliLogProbability(z2, logits: prior)).detached.reshaped(Array(z1.shape.dropLast()) + [1])
            let mediated = (middle.0 + priorTotal + children.one, middle.1 + priorTotal + children.zero)
            return HNCACounterfactuals(childrenLogProbability: children, mediatedCost: mediated, directCost: direct)
        }
        guard let z2 else { preconditionFailure("layer 1 needs z₂") }
        let z2v = z2.reshaped(z1.shape)
        let middle = negated(Self.counterfactualLogProbability(values: z2v, logits: middleDecoderLogits(z2v),
                                                               weight: decoder[0].weight, targets: z1))
        let direct = plus(plus(middle, negated(Self.unitLogProbability(prior))),
                          Self.unitLogProbability(secondEncoderLogits(z1)))
        return HNCACounterfactuals(mediatedCost: none, directCost: (direct.one.reshaped(z2.shape), direct.zero.reshaped(z2.shape)))
    }
}
