import CredoSCG
import CredoTensor

/// sobolev-q's gradient targets (Weber et al., 2019, sections 4.3–4.4): for each replayed
/// (s, a), the pathwise action-gradient ĝ = ∂R̂/∂a of the differentiable model's return
///
///     R̂(s, a) = Σ_{t<H} γ^t alive_t r_t + γ^H alive_H min_i Q'_i(s_H, μ_θ'(s_H)),
///
/// unrolled from the stored raw state with a first, then the current deterministic actor, for
/// H = `pathwiseHorizon` steps (actions mapped to the environment's box), the target critics
/// bootstrapping where the horizon stops. Q then fits both y and ĝ (`SobolevCritic`), so its
/// action-gradient — the quantity the actor follows — is supervised directly.
extension OffPolicyActorCritic {
    /// ĝ per row of `batch`, [B, d] (constants).
    func modelActionGradients(_ batch: ReplayBatch) -> Tensor {
        guard let model = DifferentiableModels.model(for: config.environment) else {
            preconditionFailure("no differentiable model of \(config.environment)")
        }
        let actor = self.actor.detached, target = (actorTarget ?? self.actor).detached, critics = criticTargets.detached
        let first = batch.actions.detached.requiringGradient()
        let returns = model.unroll(from: batch.observations, horizon: config.pathwiseHorizon, gamma: Float(config.gamma),
                                   bootstrap: { s in critics.minimum(s, target.action(s)) }) { s, t in
            actor.environmentScale(t == 0 ? first : actor.action(s))
        }
        return gradient(of: returns.sum(), wrt: first)
    }
}
