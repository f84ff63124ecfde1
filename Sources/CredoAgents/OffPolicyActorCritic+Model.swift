import CredoSCG
import CredoTensor

/// sobolev-q's gradient targets (Weber et al., 2019, sections 4.3–4.4): for each replayed
/// (s, a), the pathwise action-gradient ĝ = ∂R̂/∂a of the differentiable model's return
///
///     R̂(s, a) = Σ_{t<H} γ^t alive_t r_t + γ^H alive_H min_i Q'_i(s_H, μ_θ'(s_H)),
///
/// unrolled from the stored raw state with a, then the current deterministic actor, for
/// H = `pathwiseHorizon` steps (actions mapped to the environment's box), the target critics
/// bootstrapping where the horizon stops. Q then fits both y and ĝ (`SobolevCritic`), so its
/// action-gradient — the quantity the actor follows — is supervised directly. The model steps
/// from the stored observations, so it must take observations as its state (as
/// `DifferentiableCartPole` does).
extension OffPolicyActorCritic {
    /// R̂(s, a) per row for raw observations [B, o] and first actions [B, d] in [−1, 1],
    /// differentiable in both.
    func modelReturns(from observations: Tensor, firstActions first: Tensor) -> Tensor {
        guard let model = DifferentiableModels.model(for: config.environment) else {
            preconditionFailure("no differentiable model of \(config.environment)")
        }
        let actor = self.actor.detached, target = (actorTarget ?? self.actor).detached, critics = criticTargets.detached
        return model.unroll(from: observations, horizon: config.pathwiseHorizon, gamma: Float(config.gamma),
                            bootstrap: { s in critics.minimum(s, target.action(s)) }) { s, t in
            actor.environmentScale(t == 0 ? first : actor.action(s))
        }
    }

    /// ĝ per row of `batch`, [B, d] (constants).
    func modelActionGradients(_ batch: ReplayBatch) -> Tensor {
        let first = batch.actions.detached.requiringGradient()
        return gradient(of: modelReturns(from: batch.observations, firstActions: first).sum(), wrt: first)
    }
}
