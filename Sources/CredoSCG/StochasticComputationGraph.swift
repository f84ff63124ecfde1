import CredoTensor

/// A stochastic computation graph (Schulman et al., 2015), built eagerly: sample stochastic
/// nodes, compute with their values as with any tensor, add cost nodes, then differentiate
/// `surrogateLoss()` n times for an estimate of the n-th derivative of the expected total cost.
///
/// **Plates.** Each stochastic node owns one sample axis (its plate). Plates are leading axes,
/// newest first: after k nodes, a tensor that depends on all of them has shape
/// [m_k, …, m_1] + batchShape (+ event axes), and an axis of extent 1 means "does not depend on
/// that node". NumPy broadcasting then lines up values from any stage, so downstream code is
/// written as if there were one sample per node.
///
/// **Credit.** A cost credits only the stochastic nodes upstream of it (those it declares and
/// their ancestors), as in DiCE; each node's gradient estimator is its own choice.
public struct StochasticComputationGraph {
    /// The batch axes every node and cost shares (the trailing axes before any event axes).
    public let batchShape: [Int]
    public private(set) var nodes: [StochasticNode] = []
    public private(set) var costs: [CostNode] = []
    /// Critics' estimates of the cost downstream of a node, by node index (Weber et al., 2019).
    public private(set) var downstreamEstimates: [Int: Tensor] = [:]

    public init(batchShape: [Int] = []) {
        self.batchShape = batchShape
    }

    /// Samples a stochastic node from `distribution` with `estimator`.
    ///
    /// - Parameters:
    ///   - parents: the stochastic nodes the distribution's parameters were computed from.
    /// - Returns: the node; its `value` has shape [samples] + one axis per earlier node +
    ///   batchShape + event axes.
    @discardableResult
    public mutating func sample(_ name: String, from distribution: some StochasticDistribution,
                                estimator: some GradientEstimator, parents: [StochasticNode] = [],
                                using rng: inout RandomGenerator) -> StochasticNode {
        observe(name, estimator.draw(distribution, using: &rng), from: distribution, estimator: estimator,
                parents: parents)
    }

    /// Adds an observed stochastic node: samples drawn earlier (by a rollout, say) with
    /// `estimator`'s sampling half, which recorded them in `record`; the estimator's learning
    /// half rebuilds the proposal under `distribution`, whose parameters may have changed since
    /// (importance weights then correct for it, if the estimator has them).
    ///
    /// - Parameters:
    ///   - record: the estimator's `draw` of this node, [samples, ≤ earlier plates…] + batch + event.
    /// - Returns: the node, as `sample` returns it.
    @discardableResult
    public mutating func observe(_ name: String, _ record: SampleRecord, from distribution: some StochasticDistribution,
                                 estimator: some GradientEstimator, parents: [StochasticNode] = []) -> StochasticNode {
        var proposal = estimator.proposal(of: record, under: distribution)
        let index = nodes.count
        let eventRank = distribution.eventRank
        // The node's own plate leads; insert extent-1 axes after it for the earlier nodes the
        // parameters did not depend on.
        func ownPlateFirst(_ t: Tensor, trailingRank: Int, _ what: String) -> Tensor {
            let earlier = t.rank - 1 - trailingRank
            precondition(earlier >= 0 && earlier <= index,
                         "\(what) of '\(name)' has shape \(t.shape): expected [samples, ≤ \(index) plates] + \(trailingRank) more axes")
            if earlier == index { return t }
            return t.reshaped([t.shape[0]] + Array(repeating: 1, count: index - earlier) + Array(t.shape.dropFirst()))
        }
        // Extras (relaxed samples, ...) share the values' leading axes: [samples, plates…] + more.
        let rawPlates = proposal.values.rank - 1 - batchShape.count - eventRank
        for (key, t) in proposal.extras {
            proposal.extras[key] = ownPlateFirst(t, trailingRank: t.rank - 1 - rawPlates, "extra '\(key)'")
        }
        proposal.values = ownPlateFirst(proposal.values, trailingRank: batchShape.count + eventRank, "the samples")
        proposal.gradientFunction = ownPlateFirst(proposal.gradientFunction,
                                                  trailingRank: batchShape.count, "the gradient function")
        proposal.weights = ownPlateFirst(proposal.weights, trailingRank: batchShape.count, "the weights")
        let ancestors = parents.reduce(into: Set<Int>()) { $0.formUnion($1.ancestors); $0.insert($1.index) }
        let node = StochasticNode(index: index, name: name, proposal: proposal, ancestors: ancestors,
                                  estimator: estimator)
        nodes.append(node)
        return node
    }

    /// Adds a cost node: `cost` has shape [plates…] + batchShape and depends on `dependsOn`
    /// (and, through them, their ancestors). The objective is E[Σ costs], summed over the batch.
    public mutating func addCost(_ cost: Tensor, dependsOn parents: [StochasticNode], name: String = "cost") {
        let upstream = parents.reduce(into: Set<Int>()) { $0.formUnion($1.ancestors); $0.insert($1.index) }
        let plates = cost.rank - batchShape.count
        precondition(plates >= 0 && plates <= nodes.count && Array(cost.shape.suffix(batchShape.count)) == batchShape,
                     "cost '\(name)' has shape \(cost.shape); expected [plates…] + batch shape \(batchShape)")
        // A plate of extent > 1 that the cost does not declare would be summed without weights.
        for p in 0..<plates where cost.shape[p] > 1 {
            let nodeIndex = plates - 1 - p
            precondition(upstream.contains(nodeIndex),
                         "cost '\(name)' varies along the samples of '\(nodes[nodeIndex].name)' but does not declare it in dependsOn")
        }
        costs.append(CostNode(name: name, value: cost, upstream: upstream))
    }
}

extension StochasticComputationGraph {
    /// Replaces the cost downstream of `node` by a critic's estimate Q̂ (Weber et al., 2019,
    /// sections 3–4): the node is then credited through Q̂ instead of the sampled costs, by the
    /// term ⊡(L_A)·w·(⊡(l) − 1)·Q̂ with L_A its ancestors' gradient functions (the sampled
    /// costs still credit every other node upstream of them), and its control variate sees Q̂
    /// as the downstream cost. Q̂ may depend on the node's own sample (a critic Q) or only on
    /// its ancestors (then it is a value function V and its credit term is zero in
    /// expectation). The estimate is unbiased when E[Q̂ | the node's sample, its ancestors]
    /// is the true expected downstream cost; a learned critic is biased by its error.
    ///
    /// - Parameter estimate: shaped like the node's gradient function, [m, earlier plates…] +
    ///   batch (a constant: the critic is trained elsewhere, by regression on the sampled
    ///   downstream cost for example, `baselineLoss`).
    public mutating func estimateDownstreamCost(of node: StochasticNode, by estimate: Tensor) {
        downstreamEstimates[node.index] = estimate.detached
    }
}

/// A sampled stochastic node.
public struct StochasticNode {
    /// Position in the graph: node i owns the (i+1)-th plate from the batch axes.
    public let index: Int
    public let name: String
    public let proposal: Proposal
    /// Indices of every stochastic node upstream of this one.
    public let ancestors: Set<Int>
    /// The node's estimator (stateful ones, such as a moving-average baseline, hold their
    /// state by reference).
    public let estimator: any GradientEstimator

    /// The samples, [samples, earlier plates…] + batch + event axes.
    public var value: Tensor { proposal.values }
    /// The number of samples of this node.
    public var sampleCount: Int { proposal.values.shape[0] }
}

/// A cost node: a tensor of costs and the stochastic nodes upstream of it.
public struct CostNode {
    public let name: String
    public let value: Tensor
    public let upstream: Set<Int>
}
