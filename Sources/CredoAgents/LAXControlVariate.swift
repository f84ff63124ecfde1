import CredoDistributions
import CredoNN
import CredoTensor

/// LAX, RELAX's continuous-action form (Grathwohl et al., ICLR 2018, section 3.2 and the RL
/// estimator of section 3.4), for a reparameterisable policy a = μ_θ(s) + σ_θ ε:
///
///     ĝ_θ = [R̂_t − c_φ(a_t, s_t)] ∇_θ log π(a_t|s_t) + ∇_θ c_φ(a_θ(ε_t, s_t), s_t),
///
/// unbiased for any c_φ because E[∇log π · c] = ∇E[c] = E[∇_θ c(a_θ(ε))]. As for RELAX,
/// c_φ(a, s) = V(s) + ĉ_φ([s, a]) with V the value critic, and φ descends ∂/∂φ Σ_i ĝ_{θ,i}²
/// by double backprop.
public struct LAXControlVariate: Module {
    /// ĉ_φ: an action-value network on [s, a] that starts near zero.
    public var network: ActionValueCritic

    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, using rng: inout RandomGenerator) {
        network = ActionValueCritic(observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
                                    activation: activation, outputGain: 0.01, using: &rng)
    }

    /// ĉ_φ([s, a]) per row, [N].
    public func callAsFunction(_ actions: Tensor, _ observations: Tensor) -> Tensor { network(observations, actions) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
    }
}

/// The LAX policy loss of a batch of Gaussian actions; its θ-gradient is −ĝ_θ (mean over rows).
///
/// The reparameterised action is rebuilt from the stored one: ε = ⊥((a − μ)/σ), a_θ = μ + σ ε,
/// equal to a in value and differentiable in θ (the update is on-policy, so θ is the collecting
/// policy's).
public func laxSurrogate(mean: Tensor, logStd: Tensor, actions: Tensor, observations: Tensor,
                         advantages: Tensor, mask: Tensor, controlVariate c: LAXControlVariate) -> Tensor {
    let policy = Normal(mean: mean, logStd: logStd)
    let noise = stopGradient((actions - mean) * (-logStd).exp())
    let reparameterized = policy.rsample(noise: noise)
    let logProb = policy.logProb(actions).sum(axis: -1)
    let weight = stopGradient(advantages) - c(actions, observations)
    let terms = magicBox(logProb) * weight + c(reparameterized, observations)
    return -(terms * mask).sum() / max(mask.sum().scalar, 1)
}
