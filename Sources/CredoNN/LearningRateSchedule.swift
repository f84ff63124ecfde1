/// The learning rate as a function of the number of updates done.
public enum LearningRateSchedule: Equatable, Sendable {
    case constant(Float)
    /// Linear from `from` at update 0 to `to` at update `steps`, constant after.
    case linear(from: Float, to: Float, steps: Int)

    public func callAsFunction(_ step: Int) -> Float {
        switch self {
        case .constant(let lr): return lr
        case .linear(let a, let b, let steps):
            guard steps > 0 else { return b }
            let t = Float(min(max(step, 0), steps)) / Float(steps)
            return a + (b - a) * t
        }
    }
}
