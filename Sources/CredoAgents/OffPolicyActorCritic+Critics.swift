import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor

/// The critics of an off-policy run (Weber et al., 2019, section 4.3: a critic of the action
/// node's downstream cost, learned by bootstrapping):
///
///     y = r + γ (1 − terminated) V'(s'),
///     V'(s') = min_i Q'_i(s', a') [− α log π(a'|s')],
///
/// with a' = μ_θ'(s') for ddpg, clip(μ_θ'(s') + clip(σ̃ ε, ±c), ±1) for td3 and sobolev-q
/// (target-policy smoothing), a' ~ π_θ(·|s') for sac; Q' the Polyak-averaged targets. Truncated
/// transitions bootstrap (their s' is the final observation), terminated ones do not.
/// Each Q_i descends ½ mean (Q_i(s, a) − y)² (sobolev-q: the Sobolev loss, `+Model`).
extension OffPolicyActorCritic {
    /// V'(s') per row of `batch` (constants), drawing a' with the agent's stream.
    mutating func nextValues(_ batch: ReplayBatch, alpha: Float) -> Tensor {
        let s = batch.nextObservations, n = batch.count, d = actor.actionSize
        let targets = criticTargets.detached
        switch entry.actor {
        case .deterministic:
            var a = actorTarget!.detached.action(s)
            if entry.smoothsTargetPolicy, config.targetPolicyNoise > 0 {
                let c = config.targetNoiseClip
                let noise = (rng.normalNoise(shape: [n, d]) * config.targetPolicyNoise).clipped(to: -c...c)
                a = (a + noise).clipped(to: -1...1)
            }
            return targets.minimum(s, a).detached
        case .squashedGaussian:
            let (mean, logStd) = actor.detached.meanAndLogStd(s)
            let next = DiagonalSquashedNormal(SquashedNormal(mean: mean, logStd: logStd))
            let epsilon = rng.normalNoise(shape: [n, d])
            let a = next.reparameterized(noise: epsilon)
            let logProbabilities = next.logProbability(ofNoise: epsilon)
            return (targets.minimum(s, a) - logProbabilities * alpha).detached
        }
    }

    /// The TD targets y of a minibatch.
    mutating func temporalDifferenceTargets(_ batch: ReplayBatch, alpha: Float) -> Tensor {
        batch.temporalDifferenceTargets(nextValues: nextValues(batch, alpha: alpha), gamma: Float(config.gamma))
    }

    /// One step of every Q on the minibatch's TD targets.
    mutating func stepCritics(_ batch: ReplayBatch, alpha: Float) throws -> [String: Double] {
        let y = temporalDifferenceTargets(batch, alpha: alpha)
        var metrics: [String: Double] = [:]
        let loss: Tensor
        if entry.needsDifferentiableModel {
            let g = modelActionGradients(batch)
            var total = Tensor(0), valueError = 0.0, gradientError = 0.0
            for q in critics.members {
                let part = SobolevCritic(q: q, alpha: config.sobolevAlpha, beta: config.sobolevBeta)
                    .loss(observations: batch.observations, actions: batch.actions, returns: y, actionGradients: g)
                total = total + part.total
                valueError += Double(part.value)
                gradientError += Double(part.gradient)
            }
            loss = total
            metrics["critic_value_error"] = valueError / Double(critics.members.count)
            metrics["critic_gradient_error"] = gradientError / Double(critics.members.count)
        } else {
            let q = critics.values(batch.observations, batch.actions)
            loss = q.map { ($0 - y).squared().mean() }.reduce(Tensor(0), +) * 0.5
            metrics["q_mean"] = Double(q[0].mean().scalar)
        }
        var network = critics
        let (g, norm) = clip(gradients(of: loss, wrt: network.parameterTensors))
        criticOptimizer.update(&network, along: g)
        critics = network
        metrics["value_loss"] = Double(loss.scalar)
        metrics["critic_grad_norm"] = Double(norm)
        metrics["td_target_mean"] = Double(y.mean().scalar)
        return metrics
    }
}
