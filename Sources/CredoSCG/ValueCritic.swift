import CredoNN
import CredoTensor

/// A state-value critic V_ψ(s): an MLP with one output, regressed on a return target Ĝ_t
/// (Monte Carlo, K-step, λ-return or TD(0); see `ChainTargets.swift`) by
///
///     L_V(ψ) = ½ mean_t (V_ψ(s_t) − Ĝ_t)²
///
/// (Weber et al. 2019, section 3: a value function of the state that precedes a stochastic
/// node is a baseline; of the state that follows it, a critic).
public struct ValueCritic: Module {
    public var network: MLP

    public init(observationSize: Int, hiddenSizes: [Int] = [64, 64], activation: Activation = .tanh,
                using rng: inout RandomGenerator) {
        network = MLP(sizes: [observationSize] + hiddenSizes + [1], activation: activation,
                      outputInitializer: .orthogonal(gain: 1), using: &rng)
    }

    /// V(s) per row, [N].
    public func callAsFunction(_ observations: Tensor) -> Tensor {
        network(observations).reshaped([observations.shape[0]])
    }

    /// ½ mean (V(s) − target)², the target held constant.
    public func loss(_ observations: Tensor, targets: Tensor) -> Tensor {
        ((self(observations) - stopGradient(targets)).squared()).mean() * 0.5
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
    }
}
