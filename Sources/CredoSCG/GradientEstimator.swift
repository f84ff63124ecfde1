import CredoTensor

/// What an estimator's sampling half recorded when it drew a node's samples: the samples and
/// whatever its learning half needs to rebuild the proposal later (RELAX's noise u and v, a
/// reparameterised sample's ε, the behaviour log-probability for importance weighting). All
/// constants, so a rollout can store them row by row and hand them back to the learning half.
public struct SampleRecord {
    /// The samples, [samples] + the value shape (one-hot rows for a Categorical node).
    public var values: Tensor
    /// Named constants recorded with the samples, each with the values' leading sample axis.
    public var noise: [String: Tensor]

    public init(values: Tensor, noise: [String: Tensor] = [:]) {
        self.values = values.detached
        self.noise = noise.mapValues(\.detached)
    }
}

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
/// The estimator has two halves in one type. The **sampling half**, `draw`, runs where the
/// samples are taken (`StochasticComputationGraph.sample`, or an agent's rollout, step by
/// step) and records what the learning half will need. The **learning half**,
/// `proposal(of:under:)` and `controlVariate`, runs when the surrogate is built, under the
/// distribution with the parameters to differentiate (on the tape), possibly much later
/// (`StochasticComputationGraph.observe`).
///
/// Writing a new estimator means writing one small type that conforms to this protocol.
public protocol GradientEstimator {
    /// The sampling half: draws the node's samples and records what learning needs. Constants.
    func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord

    /// The learning half: values, gradient function l and weights w of recorded samples under
    /// `distribution`, differentiable with respect to its parameters.
    func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal

    /// The control variate a(x) per sample, or nil for none; it must have zero expectation
    /// under the proposal at every order of differentiation (or the estimator is biased, as a
    /// learned critic is).
    /// - Parameter downstreamCost: the cost downstream of the node for each of its samples,
    ///   averaged over the samples of later nodes (or a critic's estimate of it); a constant.
    func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor?
}

extension GradientEstimator {
    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? { nil }

    /// Both halves at once: draw, then the proposal of what was drawn.
    public func propose(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> Proposal {
        proposal(of: draw(distribution, using: &rng), under: distribution)
    }
}

/// 1/m for each of the m samples of a node, shaped like its gradient function.
func uniformWeights(_ shape: [Int]) -> Tensor {
    Tensor(repeating: 1 / Float(shape.first ?? 1), shape: shape)
}

/// `t` with a new leading sample axis of extent m: a reshape when m is 1 (no copy), else a
/// broadcast copy.
func withSampleAxis(_ t: Tensor, _ m: Int) -> Tensor {
    m == 1 ? t.reshaped([1] + t.shape) : t.expanded(to: [m] + t.shape)
}
