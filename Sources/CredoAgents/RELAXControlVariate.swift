import Foundation
import CredoDistributions
import CredoNN
import CredoTensor

/// RELAX's learned control variate for a categorical policy (Grathwohl et al., ICLR 2018,
/// section 3.3 and the RL estimator of section 3.4):
///
///     c_φ(z, s) = V(s) + ĉ_φ([s, softmax(z / τ)]),
///
/// an MLP on the state and the relaxed action, with the temperature τ = exp(log τ) learned as
/// part of φ; V(s) is the value critic, trained on its own regression loss as in A2C (the
/// published RL code adds the learned term to the value baseline the same way). With
/// z = ℓ + G(u), a = argmax z, z̃ ~ p(z | a) (`Categorical.conditionalPerturbedLogits`), the
/// per-step estimator is
///
///     ĝ_θ = [R̂_t − c_φ(z̃_t, s_t)] ∇_θ log π(a_t|s_t) + ∇_θ c_φ(z_t, s_t) − ∇_θ c_φ(z̃_t, s_t),
///
/// unbiased for any φ, and φ descends ∂/∂φ Σ_i ĝ_{θ,i}², the squared policy-gradient estimate
/// summed over the policy's parameters (an unbiased estimate of the gradient of its variance),
/// by differentiating ĝ_θ itself (`gradients(…, createGraph: true)`: double backprop).
public struct RELAXControlVariate: Module {
    public var network: MLP
    /// log τ, a scalar.
    public var logTemperature: Tensor

    public init(observationSize: Int, actionCount: Int, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, temperature: Float = 1, using rng: inout RandomGenerator) {
        // A small last layer: c_φ starts as the value baseline, RELAX as A2C.
        network = MLP(sizes: [observationSize + actionCount] + hiddenSizes + [1], activation: activation,
                      outputInitializer: .orthogonal(gain: 0.01), using: &rng)
        logTemperature = Tensor(Float(Foundation.log(Double(temperature)))).requiringGradient()
    }

    /// ĉ_φ([s, softmax(z/τ)]) per row, [N], for observations [N, o] and perturbed logits [N, k].
    public func callAsFunction(_ z: Tensor, _ observations: Tensor) -> Tensor {
        let relaxed = (z / logTemperature.exp()).softmax(axis: -1)
        return network(Tensor.concat([observations, relaxed], axis: 1)).reshaped([z.shape[0]])
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(visit)
        visit("log_temperature", &logTemperature)
    }
}

/// The RELAX policy loss of a batch and, from it, the control variate's variance gradient.
///
/// - Parameters:
///   - logits: ℓ = f_θ(s), [N, k], on the tape.
///   - advantages: R̂_t − V(s_t), constants [N].
/// - Returns: the policy loss −mean mask · (the RELAX surrogate), whose θ-gradient is −ĝ_θ.
public func relaxSurrogate(logits: Tensor, actions: [Int], gumbelNoise u: Tensor, conditionalNoise v: Tensor,
                           observations: Tensor, advantages: Tensor, mask: Tensor,
                           controlVariate c: RELAXControlVariate) -> Tensor {
    let policy = Categorical(logits: logits)
    let z = policy.perturbedLogits(gumbelNoise: u)
    let zTilde = policy.conditionalPerturbedLogits(given: actions, gumbelNoise: v)
    // The score-function weight R̂ − c(z̃, s): constant in θ (z̃ cut off), a function of φ.
    let weight = stopGradient(advantages) - c(stopGradient(zTilde), observations)
    let scoreTerm = magicBox(policy.logProb(actions)) * weight
    let reparameterizedTerm = c(z, observations) - c(zTilde, observations)
    let n = max(mask.sum().scalar, 1)
    return -((scoreTerm + reparameterizedTerm) * mask).sum() / n
}
