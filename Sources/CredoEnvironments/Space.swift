/// The set an observation or an action lives in, as in Gymnasium's `gymnasium.spaces`.
public enum Space: Equatable, Sendable, CustomStringConvertible {
    /// `Discrete(n)`: the integers 0..<n.
    case discrete(Int)
    /// `Box(low, high, shape)`: real vectors with elementwise bounds (±infinity for unbounded).
    case box(low: [Float], high: [Float], shape: [Int])

    /// A box with the same bounds on every coordinate.
    public static func box(low: Float, high: Float, shape: [Int]) -> Space {
        let n = shape.reduce(1, *)
        return .box(low: Array(repeating: low, count: n), high: Array(repeating: high, count: n), shape: shape)
    }

    /// The number of scalars an element of the space flattens to (1 for `Discrete`).
    public var flatSize: Int {
        switch self {
        case .discrete: return 1
        case .box(_, _, let shape): return shape.reduce(1, *)
        }
    }

    /// The number of choices of a `Discrete` space, nil for a `Box`.
    public var discreteCount: Int? {
        if case .discrete(let n) = self { return n }
        return nil
    }

    /// Whether `action` is an element of this space.
    public func contains(_ action: Action) -> Bool {
        switch (self, action) {
        case (.discrete(let n), .discrete(let a)): return a >= 0 && a < n
        case (.box(let low, let high, _), .continuous(let x)):
            return x.count == low.count && zip(x, zip(low, high)).allSatisfy { $0.0 >= $0.1.0 && $0.0 <= $0.1.1 }
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .discrete(let n): return "Discrete(\(n))"
        case .box(let low, let high, let shape):
            let lo = Set(low).count == 1 ? "\(low[0])" : "\(low)"
            let hi = Set(high).count == 1 ? "\(high[0])" : "\(high)"
            return "Box(\(lo), \(hi), \(shape))"
        }
    }
}

/// An action: an index for a `Discrete` action space, a vector for a `Box` one.
public enum Action: Equatable, Sendable {
    case discrete(Int)
    case continuous([Float])
}
