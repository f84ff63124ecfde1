import CredoTensor

/// A probability distribution whose parameters are tensors on the tape.
///
/// The shared surface is deliberately small: drawing a value with an explicit generator and the
/// log-probability (or log-density) of a value, differentiable with respect to the parameters.
/// Entropies, reparameterised samples and relaxations are offered by the types that have them.
public protocol Distribution {
    /// What one draw is: class indices for `Categorical`, a tensor for the others.
    associatedtype Value

    /// A draw, cut off from the tape (use `rsample` where a type offers one to keep gradients).
    func sample(using generator: inout RandomGenerator) -> Value

    /// log p(value), differentiable with respect to the distribution's parameters.
    func logProb(_ value: Value) -> Tensor
}
