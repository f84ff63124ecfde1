import CredoTensor

/// What an estimator proposes for one stochastic node (Storchastic's ⟨q, w, l, a⟩ less the
/// control variate, which may need the downstream cost and comes later).
public struct Proposal {
    /// The sampled set X ~ q on a leading axis: [samples] + value shape.
    public var values: Tensor
    /// The gradient function l(x) per sample, e.g. log p(x) for the score function; zero for
    /// estimators whose gradient flows through the values or the weights.
    public var gradientFunction: Tensor
    /// The weighting function w(x) per sample (1/m for m independent samples).
    public var weights: Tensor
    /// Extra named tensors an estimator keeps for its control variate (relaxed samples, ...).
    public var extras: [String: Tensor]

    public init(values: Tensor, gradientFunction: Tensor, weights: Tensor, extras: [String: Tensor] = [:]) {
        self.values = values
        self.gradientFunction = gradientFunction
        self.weights = weights
        self.extras = extras
    }
}

/// A gradient estimator for one stochastic node, in Storchastic's decomposition: a proposal
/// (how to sample), a weighting function, a gradient function and a control variate.
///
/// Writing a new estimator means writing one small type that conforms to this protocol.
public protocol GradientEstimator {
    /// Samples the node: values, gradient function l and weights w.
    func propose(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> Proposal

    /// The control variate a(x) per sample, or nil for none; it must have zero expectation
    /// under the proposal at every order of differentiation.
    /// - Parameter downstreamCost: the cost downstream of the node for each of its samples,
    ///   averaged over the samples of later nodes; a constant.
    func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor?
}

extension GradientEstimator {
    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? { nil }
}
