import CredoNN
import CredoTensor
import Foundation

/// A learned control variate c_φ(s, x) for RELAX or LAX nodes that condition on inputs s (a
/// policy's state): an action-value network on [s, x], x the node's relaxed sample σ_λ(z)
/// (RELAX) or its reparameterised sample (LAX), with a small last layer so that it starts near
/// zero, and, for RELAX, the log temperature log λ of the relaxation, learned as part of φ.
/// φ descends the estimator's variance, ∂/∂φ Σ_i ĝ_i², by double backpropagation
/// (`relaxVarianceGradients`; Grathwohl et al., 2018, section 3.3).
public struct LearnedControlVariate: Module {
    public var network: ActionValueCritic
    /// log λ, a scalar tape leaf; nil for LAX.
    public var logTemperature: Tensor?

    /// - Parameters:
    ///   - sampleSize: the width of x (k classes for a relaxed categorical, d for an action vector).
    ///   - temperature: the initial λ for RELAX; nil for LAX (no relaxation).
    public init(inputSize: Int, sampleSize: Int, hiddenSizes: [Int] = [64, 64], activation: Activation = .tanh,
                temperature: Float? = nil, using rng: inout RandomGenerator) {
        network = ActionValueCritic(observationSize: inputSize, actionSize: sampleSize, hiddenSizes: hiddenSizes,
                                    activation: activation, outputGain: 0.01, using: &rng)
        logTemperature = temperature.map { Tensor(Float(Foundation.log(Double($0)))).requiringGradient() }
    }

    /// λ = exp(log λ), or 1 without a learned temperature.
    public var temperature: Tensor { logTemperature?.exp() ?? Tensor(1) }

    /// c_φ(s, x) per row, [N], for inputs [N, inputSize] and samples [N, sampleSize].
    public func callAsFunction(_ inputs: Tensor, _ x: Tensor) -> Tensor { network(inputs, x) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
        if var t = logTemperature {
            visit("log_temperature", &t)
            logTemperature = t
        }
    }
}
