import CredoSCG
import CredoTensor

/// What a regression-trained Q critic tells the action node, measured on the rollout it is about
/// to be trained on (the Q the policy step of this update used), over the rows that count:
///
///     action_value_bias = mean_t (Q(s_t, a_t) − Ĝ_t)      (over- or underestimation of the
///                                                          taken actions' returns)
///     action_value_gap  = mean_t (max_a Q(s_t, a) − min_a Q(s_t, a))   (discrete actions)
///
/// For `mac` the gap is the scale of the gradient Σ_a ∇π(a∣s) Q(s, a): with two actions it is
/// ∇π(a₁∣s) (Q(s, a₁) − Q(s, a₀)), so when every return is the same (a policy that never fails)
/// the gap is nothing but the critic's fitting error, and so is the policy's step.
extension ActorCritic {
    func actionValueDiagnostics(_ q: ActionValueCritic, _ buffer: RolloutBuffer, predictions: Tensor,
                                targets: [Double]) -> [String: Double] {
        let kept = buffer.mask.indices.filter { buffer.mask[$0] > 0 }
        guard !kept.isEmpty else { return [:] }
        let predicted = predictions.scalars
        var metrics = ["action_value_bias": kept.reduce(0) { $0 + Double(predicted[$1]) - targets[$1] } / Double(kept.count)]
        if let k = collector.environments.actionSpace.discreteCount, k > 1 {
            let observations = buffer.observationTensor, n = buffer.count, frozen = q.detached
            let values = (0..<k).map { j in
                frozen(observations, Tensor.oneHot(Array(repeating: j, count: n), classes: k)).scalars
            }
            let gaps = kept.map { row -> Double in
                let column = values.map { Double($0[row]) }
                return column.max()! - column.min()!
            }
            metrics["action_value_gap"] = gaps.reduce(0, +) / Double(gaps.count)
        }
        return metrics
    }
}
