import CredoTensor

/// The estimators that differentiate through `DifferentiableCartPole`: `pathwise` and the
/// Sobolev-trained gradient-critic. Both start from the real states of the rollout (its raw
/// observations) and unroll the model for `pathwiseHorizon` steps with reparameterised actions
/// a = μ_θ(s) + σ_θ ε, ε ~ N(0, I) from the agent's stream, accumulating the model's smooth
/// reward with discount γ.
extension ActorCritic {
    /// a_θ(ε, s) for raw states [N, o], noise from the agent's stream.
    mutating func reparameterizedAction(_ rawStates: Tensor) -> Tensor {
        guard case .normal(let d) = policy.distribution(collector.normalized(rawStates)) else {
            preconditionFailure("model-based estimators need a Gaussian policy")
        }
        return d.rsample(noise: rng.normalNoise(shape: d.shape))
    }

    /// −mean_s Σ_{t<H} γ^t r̃_t along model rollouts from the rollout's states: the pathwise
    /// (reparameterisation) gradient of the model return, by backpropagation through time.
    mutating func pathwiseLoss(_ buffer: RolloutBuffer) -> Tensor {
        var generator = rng.split()
        let horizon = config.pathwiseHorizon, gamma = Float(config.gamma)
        let policy = self.policy, collector = self.collector
        let returns = DifferentiableCartPole.unroll(from: buffer.rawObservationTensor, horizon: horizon, gamma: gamma) { s, _ in
            guard case .normal(let d) = policy.distribution(collector.normalized(s)) else { fatalError("Gaussian policy expected") }
            return d.rsample(noise: generator.normalNoise(shape: d.shape))
        }
        return -returns.mean()
    }

    /// One Sobolev step of the gradient-critic on the rollout's (s, a): targets R̂(s, a), the
    /// model return of taking a then following π, and ĝ = ∂R̂/∂a by backpropagation through the
    /// model.
    mutating func trainGradientCritic(_ buffer: RolloutBuffer) -> [String: Double] {
        guard var critic = gradientCritic else { return [:] }
        var generator = rng.split()
        let horizon = config.pathwiseHorizon, gamma = Float(config.gamma)
        let policy = self.policy, collector = self.collector
        let firstAction = buffer.actionTensor.requiringGradient()
        let returns = DifferentiableCartPole.unroll(from: buffer.rawObservationTensor, horizon: horizon, gamma: gamma) { s, t in
            if t == 0 { return firstAction }
            guard case .normal(let d) = policy.distribution(collector.normalized(s)) else { fatalError("Gaussian policy expected") }
            return d.rsample(noise: generator.normalNoise(shape: d.shape))
        }
        let actionGradients = gradient(of: returns.sum(), wrt: firstAction)
        let observations = buffer.observationTensor
        let (loss, valuePart, gradientPart) = critic.loss(observations: observations, actions: buffer.actionTensor,
                                                         returns: returns.detached, actionGradients: actionGradients)
        let (g, _) = clip(gradients(of: loss, wrt: critic.parameterTensors))
        gradientCriticOptimizer!.update(&critic, along: g)
        gradientCritic = critic
        return ["critic_value_error": Double(valuePart), "critic_gradient_error": Double(gradientPart),
                "model_return": Double(returns.mean().scalar)]
    }

    /// −mean Q_φ(s, a_θ(ε, s)): the policy follows the gradient-critic's action-gradient.
    mutating func gradientCriticPolicyLoss(_ buffer: RolloutBuffer) -> Tensor {
        guard let critic = gradientCritic else { return Tensor(0) }
        let actions = reparameterizedAction(buffer.rawObservationTensor)
        return -critic(buffer.observationTensor, actions).mean()
    }
}
