import CredoTensor

extension StochasticComputationGraph {
    /// The Storchastic surrogate loss (van Krieken et al., 2021, eq. 2, in the flat form of their
    /// Theorem 2), with the credit of each cost restricted to its upstream nodes (DiCE):
    ///
    ///     SL = Σ_c Σ_x Π_{j∈U(c)} w_j · ⊡(Σ_{j∈U(c)} l_j) · C_c
    ///        + Σ_i Σ_x Π_{j∈A(i)∪{i}} w_j · ⊡(Σ_{j∈A(i)} l_j) · a_i
    ///
    /// where U(c) are the nodes upstream of cost c, A(i) the ancestors of node i (plus any other
    /// node whose samples a_i varies along, through the cost it was computed from), l the gradient
    /// functions, w the weights, a the control variates and ⊡ the MagicBox. Its value estimates
    /// E[Σ C] (up to control variates whose value is not zero, such as RELAX's); its n-th
    /// derivative estimates ∇ⁿ E[Σ C] when every node's estimator meets Storchastic's conditions.
    ///
    /// Control variates that depend on the downstream cost (baselines) are evaluated here, so a
    /// moving-average baseline advances once per call.
    public func surrogateLoss() -> Tensor {
        let k = nodes.count
        var total = Tensor(0)
        for cost in costs {
            let upstream = cost.upstream.sorted()
            // Nodes whose downstream cost a critic estimates are credited by the estimate instead.
            let credited = upstream.filter { downstreamEstimates[$0] == nil }
            let scoreSum = credited.reduce(Tensor(0)) { $0 + full(nodes[$1].proposal.gradientFunction, plates: k) }
            var term = magicBox(scoreSum) * full(cost.value, plates: k)
            for j in upstream { term = term * full(nodes[j].proposal.weights, plates: k) }
            total = total + term.sum()
        }
        for (i, estimate) in downstreamEstimates.sorted(by: { $0.key < $1.key }) {
            let ancestors = nodes[i].ancestors.sorted()
            let scoreSum = ancestors.reduce(Tensor(0)) { $0 + full(nodes[$1].proposal.gradientFunction, plates: k) }
            let l = full(nodes[i].proposal.gradientFunction, plates: k)
            var term = magicBox(scoreSum) * (magicBox(l) - 1) * full(estimate, plates: k)
            for j in ancestors + [i] { term = term * full(nodes[j].proposal.weights, plates: k) }
            total = total + term.sum()
        }
        for i in 0..<k {
            guard let a = nodes[i].estimator.controlVariate(nodes[i].proposal, downstreamCost: downstreamCost(of: i)) else {
                continue
            }
            let ancestors = nodes[i].ancestors.sorted()
            let scoreSum = ancestors.reduce(Tensor(0)) { $0 + full(nodes[$1].proposal.gradientFunction, plates: k) }
            let controlVariate = full(a, plates: k)
            var term = magicBox(scoreSum) * controlVariate
            // Weight by every node the term ranges over: the ancestors, the node itself, and any
            // other node whose samples the control variate varies along (through the cost).
            let spanned = Set(ancestors + [i]).union((0..<k).filter { controlVariate.rank == k + batchShape.count && controlVariate.shape[k - 1 - $0] > 1 })
            for j in spanned.sorted() { term = term * full(nodes[j].proposal.weights, plates: k) }
            total = total + term.sum()
        }
        return total
    }

    /// The expected cost downstream of node i for each of its samples, a constant of shape
    /// [m_i, earlier plates…] + batch: the costs that node i is upstream of, averaged with the
    /// (detached) weights over the samples of later nodes — or a critic's estimate of it, when
    /// one was given (`estimateDownstreamCost(of:by:)`).
    public func downstreamCost(of i: Int) -> Tensor {
        downstreamEstimates[i] ?? sampledDownstreamCost(of: i)
    }

    /// The sampled cost downstream of node i (as `downstreamCost(of:)` without a critic): what a
    /// critic of node i regresses on.
    public func sampledDownstreamCost(of i: Int) -> Tensor {
        let k = nodes.count
        let laterAxes = Array(0..<(k - 1 - i))
        var sum = Tensor.zeros(nodes[i].proposal.gradientFunction.shape)
        for cost in costs where cost.upstream.contains(i) {
            var c = full(cost.value.detached, plates: k)
            for j in cost.upstream where j > i { c = c * full(nodes[j].proposal.weights.detached, plates: k) }
            if !laterAxes.isEmpty { c = c.sum(axes: laterAxes) }
            sum = sum + c
        }
        return sum
    }

    /// Pads a tensor whose leading axes are the plates of the oldest nodes to all `plates`.
    func full(_ t: Tensor, plates: Int) -> Tensor {
        let own = t.rank - batchShape.count
        precondition(own <= plates, "a tensor of shape \(t.shape) has more sample axes than the graph has nodes")
        if own == plates || t.rank == 0 { return t }
        return t.reshaped(Array(repeating: 1, count: plates - own) + t.shape)
    }
}
