import CredoNN
import CredoSCG
import CredoTensor

/// The learned functions of an `ActorCritic`, each trained the one way its kind is trained
/// (Weber et al., 2019): V by regression on the return targets; a control variate c_φ on the
/// estimator's variance; Q by regression on the targets, or by Sobolev regression on a model's
/// returns; and how they are handed to the action node's estimator (`EstimatorInputs`), on the
/// cost side.
extension ActorCritic {
    /// The inputs of the action node's estimator for one update.
    mutating func estimatorInputs(observations: Tensor, baseline: Tensor?, buffer: RolloutBuffer) -> EstimatorInputs {
        var inputs = EstimatorInputs(observations: observations, baseline: baseline, config: config)
        let n = observations.shape[0]
        // The rows' states for samples stacked on the leading axis, [m·N, o].
        let states = { (m: Int) in m == 1 ? observations : Tensor.concat(Array(repeating: observations, count: m), axis: 0) }
        if let cv = controlVariate {
            inputs.temperature = cv.temperature
            // c(x) = b − ĉ_φ(s, x): the network estimates the return, the node wants a cost.
            inputs.controlVariate = { x in
                let m = x.shape[0]
                let c = -cv(states(m), x.reshaped([m * n, x.shape.last!])).reshaped([m, n])
                return baseline.map { $0 + c } ?? c
            }
        }
        switch estimator.critics.actionValue {
        case .regression?, .sobolev?:
            let q = actionValue!
            inputs.actionValue = { a in
                let m = a.shape[0]
                return -q(states(m), a.reshaped([m * n, a.shape.last!])).reshaped([m, n])
            }
        case .model?: inputs.actionValue = modelActionValue(buffer)
        case nil: break
        }
        return inputs
    }

    /// ½ mean (V(s_t) − Ĝ_t)² over the rows that count; with `valueClipRange` c > 0, PPO's
    /// clipped form ½ mean max((V − Ĝ)², (V_old + clip(V − V_old, ±c) − Ĝ)²), V_old the values
    /// at collection. Returns this rank's gradient in V's parameters (exchanged with the other
    /// networks' in `step`, then applied by `applyAveraged`) and the diagnostics.
    func valueFunctionGradients(_ valueTensor: Tensor, targets: [Double], rolloutValues: [Double],
                                buffer: RolloutBuffer) -> (gradients: [Tensor], metrics: [String: Double])? {
        guard let critic else { return nil }
        let rows = Double(max(buffer.validCount, 1))
        let g = floatTensor(targets)
        var squared = (valueTensor - g).squared()
        if config.valueClipRange > 0 {
            let old = floatTensor(rolloutValues), c = config.valueClipRange
            let clipped = old + (valueTensor - old).clipped(to: -c...c)
            squared = Tensor.maximum(squared, (clipped - g).squared())
        }
        let loss = (squared * buffer.maskTensor).sum() * Float(0.5 / rows)
        let gradient = gradients(of: loss, wrt: critic.parameterTensors)
        let kept = buffer.mask.indices.filter { buffer.mask[$0] > 0 }
        let values = valueTensor.scalars.map(Double.init)
        var metrics = ["value_loss": Double(loss.scalar)]
        metrics["explained_variance"] = explainedVariance(predictions: kept.map { values[$0] }, targets: kept.map { targets[$0] })
        return (gradient, metrics)
    }

    /// φ descends ∂/∂φ Σ_i ĝ_i², the policy-gradient estimate ĝ recorded with `createGraph`
    /// (double backpropagation: Grathwohl et al., 2018, Algorithm 1): the diagnostics of the
    /// step; its gradient, `step.controlVariateGradients`, is exchanged in `step`.
    /// Under several ranks each rank's variance loss is its own estimate's; the gradient in φ is
    /// averaged.
    func controlVariateMetrics(_ step: RelaxVarianceGradients) -> [String: Double] {
        guard let cv = controlVariate else { return [:] }
        var metrics = ["control_variate_loss": Double(step.varianceLoss)]
        if cv.logTemperature != nil { metrics["relax_temperature"] = Double(cv.temperature.scalar) }
        return metrics
    }

    /// Q_φ by regression: ½ mean (Q(s_t, a_t) − Ĝ_t)², this rank's gradient and the diagnostics;
    /// nil unless the estimator trains Q by regression (the Sobolev step, `trainGradientCritic`,
    /// follows the policy's update and exchanges its own gradient).
    func actionValueRegressionGradients(_ buffer: RolloutBuffer, targets: [Double])
        -> (gradients: [Tensor], metrics: [String: Double])? {
        guard estimator.critics.actionValue == .regression, let q = actionValue else { return nil }
        let rows = Double(max(buffer.validCount, 1))
        let actions = buffer.actionRecord(classCount: collector.environments.actionSpace.discreteCount).values
        let predictions = q(buffer.observationTensor, actions.reshaped(Array(actions.shape.dropFirst())))
        let loss = ((predictions - floatTensor(targets)).squared() * buffer.maskTensor).sum() * Float(0.5 / rows)
        var metrics = actionValueDiagnostics(q, buffer, predictions: predictions, targets: targets)
        metrics["action_value_loss"] = Double(loss.scalar)
        return (gradients(of: loss, wrt: q.parameterTensors), metrics)
    }

    /// The networks whose gradients one step exchanges in a single allreduce, in the order their
    /// optimizers step (the same order as when each had its own collective).
    enum ExchangedNetwork { case controlVariate, policy, critic, actionValue }

    /// One optimizer step of `network` along its rank-averaged gradient `g`, clipped by global
    /// norm; returns the clipped gradient's norm before clipping.
    @discardableResult
    mutating func applyAveraged(_ g: [Tensor], to network: ExchangedNetwork) -> Float {
        let (clipped, norm) = clip(g)
        switch network {
        case .controlVariate:
            guard var cv = controlVariate else { return norm }
            controlVariateOptimizer!.update(&cv, along: clipped)
            controlVariate = cv
        case .policy:
            policyOptimizer.update(&policy, along: clipped)
        case .critic:
            guard var critic else { return norm }
            criticOptimizer!.update(&critic, along: clipped)
            self.critic = critic
        case .actionValue:
            guard var q = actionValue else { return norm }
            actionValueOptimizer!.update(&q, along: clipped)
            actionValue = q
        }
        return norm
    }

    /// The Sobolev gradient-critic's step (regression and the policy's networks are trained in
    /// `step`, with one exchange).
    mutating func trainActionValue(_ buffer: RolloutBuffer) throws -> [String: Double] {
        estimator.critics.actionValue == .sobolev ? try trainGradientCritic(buffer) : [:]
    }
}
