/// One named array in a checkpoint: a logical shape and its row-major values.
///
/// A shape of `[]` is a scalar (one value); a shape with a zero extent, such as `[0]` or
/// `[3, 0]`, is empty. The number of values always equals the product of the shape.
public struct CheckpointDataset: Equatable, Sendable {
    /// The logical shape, outermost dimension first; `[]` for a scalar.
    public let shape: [Int]
    /// The values in row-major order.
    public let array: CheckpointArray

    /// A dataset from tagged values; throws when a dimension is negative or the number of values
    /// is not the product of `shape`.
    public init(shape: [Int], array: CheckpointArray) throws(CheckpointError) {
        guard let expected = Self.elementCount(of: shape), expected == array.count else {
            throw .valueCountMismatch(name: nil, shape: shape, count: array.count)
        }
        self.shape = shape
        self.array = array
    }

    /// A dataset from typed values, e.g. `CheckpointDataset([1, 2, 3, 4] as [Float], shape: [2, 2])`.
    public init<Element: CheckpointElement>(_ values: [Element], shape: [Int]) throws(CheckpointError) {
        try self.init(shape: shape, array: Element.checkpointArray(values))
    }

    /// A scalar dataset (shape `[]`), e.g. `CheckpointDataset(scalar: Int64(1000))`.
    public init<Element: CheckpointElement>(scalar: Element) {
        self.shape = []
        self.array = Element.checkpointArray([scalar])
    }

    /// The element type of the values.
    public var elementType: CheckpointElementType { array.elementType }

    /// The number of values: the product of the shape (1 for a scalar).
    public var count: Int { array.count }

    /// Whether this is a scalar (shape `[]`).
    public var isScalar: Bool { shape.isEmpty }

    /// The values as `Element`, or `nil` when the dataset holds another element type.
    public func values<Element: CheckpointElement>(as type: Element.Type = Element.self) -> [Element]? {
        Element.values(in: array)
    }

    /// The product of `shape`, or `nil` when a dimension is negative or the product overflows.
    static func elementCount(of shape: [Int]) -> Int? {
        var product = 1
        for extent in shape {
            guard extent >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }
}
