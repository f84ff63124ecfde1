import CredoSCG
import CredoTensor

/// The model-based critics: for `pathwise`, Q(s, a) is the differentiable model's return of
/// taking a in s and then following π; for `sobolev`, that return and its action-gradient are
/// the Sobolev targets of a learned Q_φ. Unrolls start from the rollout's real states (its raw
/// observations), take reparameterised actions a = μ_θ(s) + σ_θ ε after the first, with ε from
/// the agent's stream, for `pathwiseHorizon` steps; no reward accrues after the model
/// terminates, and V bootstraps the state where the horizon stops the unroll.
extension ActorCritic {
    /// R̂(s, a) for raw states [N, o] and first actions [m·N, d] (m actions per state, stacked),
    /// differentiable in both (and in θ through the later actions); the m unrolls of a state
    /// share their noise. Returns [m·N].
    func modelReturn(from rawStates: Tensor, firstAction: Tensor, using generator: inout RandomGenerator) -> Tensor {
        let n = rawStates.shape[0], m = firstAction.shape[0] / n
        let tile = { (t: Tensor) in m == 1 ? t : Tensor.concat(Array(repeating: t, count: m), axis: 0) }
        guard let model = DifferentiableModels.model(for: config.environment) else {
            preconditionFailure("no differentiable model of \(config.environment)")
        }
        let policy = self.policy, collector = self.collector
        let value = critic.map { v in v.detached }
        var noise = generator
        defer { generator = noise }
        return model.unroll(from: tile(rawStates), horizon: config.pathwiseHorizon, gamma: Float(config.gamma),
                            bootstrap: value.map { v in { s in v(collector.normalized(s)) } }) { s, t in
            if t == 0 { return firstAction }
            guard case .normal(let d) = policy.distribution(collector.normalized(s)) else {
                preconditionFailure("model-based estimators need a Gaussian policy")
            }
            return d.rsample(noise: tile(noise.normalNoise(shape: [n] + d.shape.dropFirst())))
        }
    }

    /// Q on the cost side for the `pathwise` estimator: −R̂(s_t, a) for the rollout's states.
    mutating func modelActionValue(_ buffer: RolloutBuffer) -> (Tensor) -> Tensor {
        var generator = rng.split()
        let start = buffer.rawObservationTensor, n = buffer.count
        let me = self
        return { a in
            let m = a.shape[0]
            return -me.modelReturn(from: start, firstAction: a.reshaped([m * n, a.shape.last!]), using: &generator)
                .reshaped([m, n])
        }
    }

    /// One Sobolev step of the gradient-critic on the rollout's (s, a): targets R̂(s, a) and
    /// ĝ = ∂R̂/∂a by backpropagation through the model.
    mutating func trainGradientCritic(_ buffer: RolloutBuffer) throws -> [String: Double] {
        guard var q = actionValue else { return [:] }
        var generator = rng.split()
        let firstAction = buffer.actionTensor.requiringGradient()
        let returns = modelReturn(from: buffer.rawObservationTensor, firstAction: firstAction, using: &generator)
        let actionGradients = gradient(of: returns.sum(), wrt: firstAction)
        let critic = SobolevCritic(q: q, alpha: config.sobolevAlpha, beta: config.sobolevBeta)
        let (loss, valuePart, gradientPart) = critic.loss(observations: buffer.observationTensor, actions: buffer.actionTensor,
                                                         returns: returns.detached, actionGradients: actionGradients)
        let (g, _) = clip(try averagedAcrossRanks(gradients(of: loss, wrt: q.parameterTensors)))
        actionValueOptimizer!.update(&q, along: g)
        actionValue = q
        return ["critic_value_error": Double(valuePart), "critic_gradient_error": Double(gradientPart),
                "model_return": Double(returns.mean().scalar)]
    }
}
