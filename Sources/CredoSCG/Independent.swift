import CredoDistributions
import CredoTensor

/// A layer of independent units as one stochastic node: the last `reinterpretedRank` axes of the
/// base distribution's values become part of one outcome (PyTorch's `Independent`), so
///
///     log p(x) = Σ_units log p_base(x_unit),   eventRank = base.eventRank + reinterpretedRank.
///
/// A VAE layer of 200 Bernoulli units with batch shape [B] is
/// `Independent(Bernoulli(logits: l), reinterpretedRank: 1)` with logits [B, 200]; 20
/// ten-class Categorical variables are `Independent(Categorical(logits: l), reinterpretedRank: 1)`
/// with logits [B, 20, 10]. Estimators written for the base distribution (RELAX, REBAR,
/// Gumbel-softmax) run on such a node through `Unitwise`.
public struct Independent<Base: StochasticDistribution>: StochasticDistribution {
    public var base: Base
    public var reinterpretedRank: Int

    public init(_ base: Base, reinterpretedRank: Int = 1) {
        precondition(reinterpretedRank >= 0, "reinterpretedRank must be non-negative, got \(reinterpretedRank)")
        self.base = base
        self.reinterpretedRank = reinterpretedRank
    }

    public var eventRank: Int { base.eventRank + reinterpretedRank }

    public func samples(count: Int, using rng: inout RandomGenerator) -> Tensor {
        base.samples(count: count, using: &rng)
    }

    public func logProbability(of x: Tensor) -> Tensor {
        sumUnits(base.logProbability(of: x), reinterpretedRank)
    }
}

/// What `Unitwise` and the Bernoulli-layer estimators need from an `Independent` node.
public protocol ReinterpretedDistribution: StochasticDistribution {
    var baseDistribution: any StochasticDistribution { get }
    var reinterpretedRank: Int { get }
}

extension Independent: ReinterpretedDistribution {
    public var baseDistribution: any StochasticDistribution { base }
}

/// Runs an estimator written for a base distribution (RELAX, REBAR, Gumbel-softmax, ...) on an
/// `Independent` node: the inner estimator draws and proposes under the base distribution, and
/// its per-unit gradient function is summed over the units, l(x) = Σ_units l_unit(x), since the
/// units of one sample share one plate. The inner estimator's weights must be the same for every
/// unit of a sample (1/m for m draws; not `Enumeration`); its control variate then sees the
/// joint gradient function, and its one-value-per-sample control-variate function (RELAX's c_φ)
/// is the layer's, evaluated on the whole relaxed layer.
public struct Unitwise<Inner: GradientEstimator>: GradientEstimator {
    public var inner: Inner

    public init(_ inner: Inner) { self.inner = inner }

    public func draw(_ distribution: some StochasticDistribution, using rng: inout RandomGenerator) -> SampleRecord {
        guard let d = distribution as? any ReinterpretedDistribution else { return inner.draw(distribution, using: &rng) }
        return inner.draw(d.baseDistribution, using: &rng)
    }

    public func proposal(of record: SampleRecord, under distribution: some StochasticDistribution) -> Proposal {
        guard let d = distribution as? any ReinterpretedDistribution else {
            return inner.proposal(of: record, under: distribution)
        }
        var p = inner.proposal(of: record, under: d.baseDistribution)
        p.gradientFunction = sumUnits(p.gradientFunction, d.reinterpretedRank)
        // Uniform over the units of a sample: take the first unit's weight.
        var w = p.weights
        for _ in 0..<d.reinterpretedRank { w = w.sliced(axis: w.rank - 1, 0..<1).reshaped(Array(w.shape.dropLast())) }
        p.weights = w
        return p
    }

    public func controlVariate(_ proposal: Proposal, downstreamCost: Tensor) -> Tensor? {
        inner.controlVariate(proposal, downstreamCost: downstreamCost)
    }
}

/// Sums the last `rank` axes.
func sumUnits(_ t: Tensor, _ rank: Int) -> Tensor {
    rank == 0 ? t : t.sum(axes: Array((t.rank - rank)..<t.rank))
}

/// The logits of a Bernoulli node or of an `Independent` layer of Bernoulli units, and the number
/// of trailing unit axes.
func bernoulliLayer(_ distribution: some StochasticDistribution, _ estimator: String) -> (logits: Tensor, unitRank: Int) {
    if let d = distribution as? Bernoulli { return (d.logits, 0) }
    if let d = distribution as? any ReinterpretedDistribution, let b = d.baseDistribution as? Bernoulli {
        return (b.logits, d.reinterpretedRank)
    }
    preconditionFailure("\(estimator) needs a Bernoulli node or an Independent layer of Bernoulli units, got \(type(of: distribution))")
}

/// Reshapes a per-sample tensor [samples, plates…] + batch to broadcast against per-unit values
/// by appending `unitRank` axes of extent 1.
func perUnit(_ t: Tensor, _ unitRank: Int) -> Tensor {
    unitRank == 0 ? t : t.reshaped(t.shape + Array(repeating: 1, count: unitRank))
}
