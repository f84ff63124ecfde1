import CredoTensor
import Foundation

/// Normalises observations coordinate by coordinate with running statistics, as Gymnasium's
/// `NormalizeObservation` (plus SB3's `VecNormalize` clip):
///
///     o' = clip((o − μ) / √(σ² + ε), −c, c)
///
/// where μ and σ² are the `RunningMeanStd` of every raw observation seen so far (the new one
/// included: update, then normalise). Freeze the statistics (`isFrozen = true`) for evaluation;
/// save and restore them with `namedArrays` / `restore(namedArrays:)`.
public struct NormalizeObservation<Inner: Environment>: Environment {
    public var inner: Inner
    public var statistics: RunningMeanStd
    /// When true the statistics stay fixed (Gymnasium's `update_running_mean = False`).
    public var isFrozen = false
    /// The bound c of the normalised observation.
    public var clip: Float
    /// ε under the square root.
    public var epsilon: Double
    /// The last observation before normalisation.
    public private(set) var rawObservation: [Float]

    public init(_ inner: Inner, clip: Float = 10, epsilon: Double = 1e-8) {
        let size = inner.observationSpace.flatSize
        self.inner = inner
        self.clip = clip
        self.epsilon = epsilon
        statistics = RunningMeanStd(size: size)
        rawObservation = Array(repeating: 0, count: size)
    }

    /// Box(−c, c) in the inner observation's shape.
    public var observationSpace: Space {
        let inner = inner.observationSpace
        if case .box(_, _, let shape) = inner { return .box(low: -clip, high: clip, shape: shape) }
        return .box(low: -clip, high: clip, shape: [inner.flatSize])
    }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    /// The statistics as named arrays ("mean", "variance", "count"), for checkpoints.
    public var namedArrays: [String: [Double]] { statistics.namedArrays }

    /// Restores statistics saved with `namedArrays`; throws if they do not fit this environment.
    public mutating func restore(namedArrays arrays: [String: [Double]]) throws {
        let restored = try RunningMeanStd(namedArrays: arrays)
        guard restored.size == statistics.size else {
            throw StatisticsRestoreError(message: "saved size \(restored.size), observations have \(statistics.size)")
        }
        statistics = restored
    }

    /// Normalises `observation` in place with the current statistics (no update).
    public func normalize(_ observation: UnsafeMutableBufferPointer<Float>) {
        for j in 0..<observation.count {
            let z = (Double(observation[j]) - statistics.mean[j]) / (statistics.variance[j] + epsilon).squareRoot()
            observation[j] = min(max(Float(z), -clip), clip)
        }
    }

    private mutating func observe(_ observation: UnsafeMutableBufferPointer<Float>) {
        rawObservation.withUnsafeMutableBufferPointer { raw in
            for j in 0..<raw.count { raw[j] = observation[j] }
        }
        if !isFrozen { statistics.update(UnsafeBufferPointer(observation)) }
        normalize(observation)
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        inner.reset(seed: seed, into: observation)
        observe(observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let outcome = inner.step(action, into: observation)
        observe(observation)
        return outcome
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}

extension NormalizeObservation: Sendable where Inner: Sendable {}
