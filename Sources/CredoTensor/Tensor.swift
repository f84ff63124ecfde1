/// A Float32 tensor: a contiguous row-major array of scalars with a shape.
///
/// `Tensor` is a value type. Its scalars live in a Swift array, so copies share storage until one
/// of them is written (copy-on-write). A tensor that takes part in differentiation also carries a
/// reference to the `TapeNode` that produced it; see `gradients(of:wrt:seed:createGraph:)`.
public struct Tensor: @unchecked Sendable {
    /// The extent of each axis; `[]` for a scalar.
    public let shape: [Int]
    /// The scalars in row-major order; `scalars.count == shape.reduce(1, *)`.
    public internal(set) var scalars: [Float]
    /// The tape node that produced this tensor, or nil for a constant.
    internal let node: TapeNode?

    internal init(shape: [Int], scalars: [Float], node: TapeNode?) {
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }

    /// A constant tensor of the given shape.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        self.init(shape: shape, scalars: scalars, node: nil)
    }

    /// A rank-1 constant.
    public init(_ scalars: [Float]) { self.init(shape: [scalars.count], scalars: scalars) }

    /// A rank-0 constant.
    public init(_ scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A rank-2 constant from rows of equal length.
    public init(rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == width }, "rows of unequal length")
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// A constant filled with `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: Array(repeating: value, count: shape.reduce(1, *)))
    }

    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The value of a tensor with exactly one scalar.
    public var scalar: Float {
        precondition(scalars.count == 1, "scalar of a tensor of shape \(shape)")
        return scalars[0]
    }

    /// Whether gradients can flow back through this tensor.
    public var requiresGradient: Bool { node != nil }

    /// A leaf of the tape: gradients can be taken with respect to it. Each call makes a new leaf.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, scalars: scalars, node: TapeNode(op: .leaf, inputs: [], output: nil))
    }

    /// The same values, cut off from the tape (a constant).
    public var detached: Tensor { Tensor(shape: shape, scalars: scalars, node: nil) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let body = scalars.count <= 16 ? "\(scalars)" : "\(Array(scalars.prefix(16)))…"
        return "Tensor(shape: \(shape), \(body)\(node == nil ? "" : ", differentiable"))"
    }
}

/// Resolves a possibly negative axis against a rank.
@inline(__always)
internal func normalizedAxis(_ axis: Int, rank: Int) -> Int {
    let a = axis < 0 ? axis + rank : axis
    precondition(a >= 0 && a < max(rank, 1), "axis \(axis) out of range for rank \(rank)")
    return a
}

/// Row-major strides of a shape.
@inline(__always)
internal func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = Array(repeating: 1, count: shape.count)
    var s = 1
    for d in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[d] = s
        s *= shape[d]
    }
    return strides
}

extension Tensor {
    /// Writes the scalars of a constant tensor in place (no copy when its storage is not shared).
    /// Optimizers and environments use it on buffers they own; a tensor on the tape cannot be
    /// written, since its node has already recorded its value.
    public mutating func withMutableScalars<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        precondition(node == nil, "cannot write the scalars of a tensor on the tape; use `detached` first")
        return try scalars.withUnsafeMutableBufferPointer(body)
    }
}
