import CredoTensor

/// A baseline b for the score function: the control variate a = (1 − ⊡(l)) · b, which is zero in
/// value and subtracts b from the cost in every derivative (Mao et al., 2019).
public enum Baseline {
    /// No baseline: plain DiCE / REINFORCE.
    case none
    /// A fixed number.
    case constant(Float)
    /// An exponential moving average of the downstream cost, updated after each use.
    case movingAverage(MovingAverage)
    /// A learned prediction b(parents), shaped like the node's log-probability (or broadcasting
    /// to it). Train it by regression on the downstream cost, e.g. with
    /// `StochasticComputationGraph.baselineLoss(_:of:)`.
    case learned(Tensor)

    /// The baseline value for a node's samples (a constant), given their downstream cost.
    func value(downstreamCost: Tensor) -> Tensor? {
        switch self {
        case .none: return nil
        case .constant(let b): return Tensor(b)
        case .movingAverage(let average):
            let b = Tensor(average.value)
            average.update(with: downstreamCost.mean().scalar)
            return b
        case .learned(let prediction): return prediction.detached
        }
    }
}

/// An exponential moving average m ← β·m + (1 − β)·x, shared by reference so it persists from
/// one graph to the next; its `value` goes into checkpoints.
public final class MovingAverage: @unchecked Sendable {
    public var value: Float
    public let decay: Float
    /// Updates seen; the first update sets the value outright.
    public var count: Int

    public init(decay: Float = 0.9, value: Float = 0, count: Int = 0) {
        precondition(decay >= 0 && decay < 1, "decay must be in [0, 1), got \(decay)")
        self.decay = decay
        self.value = value
        self.count = count
    }

    public func update(with x: Float) {
        value = count == 0 ? x : decay * value + (1 - decay) * x
        count += 1
    }
}

extension StochasticComputationGraph {
    /// The regression loss Σ (b − C̄)² of a learned baseline or critic `prediction` for `node`
    /// on the node's sampled downstream cost C̄ (a constant): minimise it over the critic's
    /// parameters.
    public func baselineLoss(_ prediction: Tensor, of node: StochasticNode) -> Tensor {
        let target = sampledDownstreamCost(of: node.index)
        return (prediction - target).squared().sum()
    }
}
