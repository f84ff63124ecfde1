/// The same value with no gradient: ∂ stopGradient(x) / ∂x = 0 at every order.
public func stopGradient(_ x: Tensor) -> Tensor { x.detached }

/// DiCE's MagicBox (Foerster et al., 2018): ⊡(x) = exp(x − ⊥(x)), where ⊥ is `stopGradient`.
///
/// Its value is exactly 1, and ∇⊡(x) = ⊡(x)∇x, so multiplying a cost by ⊡ of the sum of the
/// log-probabilities it depends on gives a surrogate whose n-th derivative is an unbiased
/// estimate of the n-th derivative of the expected cost.
public func magicBox(_ x: Tensor) -> Tensor { (x - stopGradient(x)).exp() }
