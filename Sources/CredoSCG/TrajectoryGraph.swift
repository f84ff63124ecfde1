import CredoTensor

/// A trajectory SCG: a chain of stochastic action nodes a_t ~ π(·|s_t), one per step of each of
/// B copies, stored as the T·B rows of a rollout (time-major, row t·B + b), with one cost-to-go
/// estimate Q̂_t per node (Weber et al., 2019: a critic estimates the cost downstream of a node).
///
/// The action nodes were drawn earlier, by the estimator's sampling half during the rollout
/// (`SampleRecord`), and are observed here: the estimator's learning half rebuilds their
/// proposal under the current policy. Node (t, b)'s ancestors are the earlier nodes of the same
/// episode of copy b.
///
/// **The surrogate.** With l_t the gradient function of node t, w_t its weight, a_t its control
/// variate and L_{<t} = Σ_{s<t} l_s the gradient functions of its ancestors,
///
///     SL = Σ_t ⊡(L_{<t}) · (w_t ⊡(l_t) − ⊥(w_t ⊡(l_t))) Q̂_t + w_t a_t,
///
/// summed over the rows a mask keeps (for the score function's constant weights w_t = 1 the
/// first term is (⊡(l_t) − 1) Q̂_t; for importance weights ρ_t it is (ρ_t − ⊥ρ_t) Q̂_t, the
/// per-step off-policy gradient). At first order ⊡(L_{<t}) is 1 and its derivative meets a
/// bracket whose value is 0, so ∇SL = Σ_t ∇(w_t ⊡(l_t)) Q̂_t + w_t ∇a_t: the score function with the
/// critic's cost-to-go (REINFORCE for Monte Carlo Q̂, A2C for K-step or λ targets), plus what
/// the estimator adds (a baseline, RELAX's or LAX's control variate, a reparameterised critic).
/// With Monte Carlo costs-to-go Q̂_t = Σ_{u≥t} c_u on whole episodes and no control variate it
/// is DiCE's surrogate Σ_u c_u ⊡(Σ_{t≤u} l_t) up to a constant (the sum telescopes: it is the
/// "Loaded DiCE" form), so every derivative, not only the first, is unbiased.
///
/// **Control variates outside the ancestors' MagicBox.** Storchastic's generic surrogate
/// multiplies a node's control variate by ⊡(L_{<t}) too. Here it is added alone: a control
/// variate has zero mean given the node's ancestors for every θ (E_t[a_t] ≡ 0), so, when its
/// own node-level derivatives are unbiased (Storchastic's conditions: a baseline's
/// (1 − ⊡(l_t)) b_t, RELAX's and LAX's terms), E[∇ⁿ a_t] = E[∇ⁿ E_t[a_t]] = 0 = ∇ⁿ E[a_t] at every
/// order n, with or without the factor. The factor adds the zero-mean cross terms
/// ∇L_{<t} ⊗ ∇a_t to the second derivative (which can lower its variance: Mao et al., 2019), and
/// nothing to the first: ∇⊡(L_{<t}) meets a_t's value, which is zero for every estimator whose
/// control variate vanishes identically. For RELAX's and LAX's it vanishes only because two more
/// c_φ evaluations cancel it, and the double backpropagation that trains c_φ must then carry
/// them: outside the factor, the agents' updates cost what the estimators' own terms cost.
/// Gradients equal the generic surrogate's draw by draw; Hessians in expectation.
public struct TrajectoryGraph {
    public let steps: Int
    public let copies: Int
    /// Whether row t·B + b continues the episode of row (t − 1)·B + b.
    public let continues: [Bool]
    /// 1 for the rows that count, 0 for padding, [T·B].
    public let mask: Tensor
    /// The action nodes' proposal: values [1, T·B] + event axes, l and w [1, T·B].
    public let proposal: Proposal
    /// The estimator of the action nodes.
    public let estimator: any GradientEstimator
    /// Q̂_t, the estimated cost downstream of each node (a constant), [1, T·B].
    public let costToGo: Tensor
    /// Each row's term ⊡(L_{<t}) (w_t ⊡(l_t) − ⊥(w_t ⊡(l_t))) Q̂_t + w_t a_t, [1, T·B], built once.
    public let terms: Tensor

    /// - Parameters:
    ///   - continues: [T·B], false where a row starts an episode (and at t = 0).
    ///   - actions: the rollout's record of the action nodes, one sample per row ([1, T·B] + event).
    ///   - distribution: π_θ(·|s_t) for every row, with the parameters to differentiate.
    ///   - costToGo: Q̂ per row, [T·B] (costs, so negated returns in RL).
    public init(steps: Int, copies: Int, continues: [Bool], mask: Tensor, actions: SampleRecord,
                from distribution: some StochasticDistribution, estimator: some GradientEstimator, costToGo: Tensor) {
        let n = steps * copies
        precondition(continues.count == n && mask.shape == [n] && costToGo.shape == [n],
                     "a trajectory of \(steps) × \(copies) needs \(n) rows of continuation flags, mask and cost-to-go")
        precondition(actions.values.shape.first == 1 && actions.values.shape.dropFirst().first == n,
                     "a trajectory's action record has one sample per row: [1, \(n)] + event, got \(actions.values.shape)")
        self.steps = steps
        self.copies = copies
        self.continues = continues
        self.mask = mask
        let proposal = estimator.proposal(of: actions, under: distribution)
        let q = costToGo.detached.reshaped([1, n])
        self.proposal = proposal
        self.estimator = estimator
        self.costToGo = q
        let (l, w) = (proposal.gradientFunction, proposal.weights)
        // w ⊡(l) − ⊥(w ⊡(l)): (⊡(l) − 1) for the score function's constant weights, ρ − ⊥ρ for
        // importance weights; zero in value either way.
        let credit = w * magicBox(l)
        let ancestors = magicBox(Self.ancestorScores(l, steps: steps, copies: copies, continues: continues))
        let creditTerm = ancestors * (credit - stopGradient(credit)) * q
        terms = estimator.controlVariate(proposal, downstreamCost: q).map { creditTerm + w * $0 } ?? creditTerm
    }

    /// The surrogate loss Σ_t mask_t × each row's term (see the type).
    public func surrogateLoss() -> Tensor { surrogateLoss(mask: mask) }

    /// The same surrogate over the rows another mask keeps (one copy's, for a variance probe).
    public func surrogateLoss(mask rows: Tensor) -> Tensor {
        (terms * rows.reshaped([1, rows.shape[0]])).sum()
    }

    /// L_{<t} for every row: the sum of the gradient functions of the earlier nodes of the same
    /// episode, [1, T·B], differentiable to any order.
    public var ancestorScores: Tensor {
        Self.ancestorScores(proposal.gradientFunction, steps: steps, copies: copies, continues: continues)
    }

    /// The segmented exclusive prefix sums along time of each copy (`segmentedPrefixSum`: one
    /// linear primitive whose adjoint is the suffix sums, so every derivative stays exact).
    static func ancestorScores(_ gradientFunction: Tensor, steps t: Int, copies b: Int, continues: [Bool]) -> Tensor {
        gradientFunction.reshaped([t, b]).segmentedPrefixSum(restarts: continues.map { !$0 }).reshaped([1, t * b])
    }
}
