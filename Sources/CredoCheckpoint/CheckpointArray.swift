/// The element types a checkpoint dataset can hold, named as NumPy names them (h5py shows the
/// same names as `dataset.dtype`).
public enum CheckpointElementType: String, Sendable, CaseIterable, CustomStringConvertible {
    case float32, float64, int64, uint64

    public var description: String { rawValue }
}

/// The flat, row-major values of one dataset, tagged with their element type.
///
/// Parameters and optimizer moments are `float32`; statistics that need the precision are
/// `float64`; counters are `int64`; generator states and seeds are `uint64`.
public enum CheckpointArray: Equatable, Sendable {
    case float32([Float])
    case float64([Double])
    case int64([Int64])
    case uint64([UInt64])

    /// The element type of the values.
    public var elementType: CheckpointElementType {
        switch self {
        case .float32: .float32
        case .float64: .float64
        case .int64: .int64
        case .uint64: .uint64
        }
    }

    /// The number of values.
    public var count: Int {
        switch self {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int64(let values): values.count
        case .uint64(let values): values.count
        }
    }
}

/// A Swift scalar type that a checkpoint dataset can hold: `Float`, `Double`, `Int64`, `UInt64`.
///
/// The requirements connect the type to its `CheckpointArray` case, so typed accessors such as
/// `Checkpoint.values(_:as:)` can be generic.
public protocol CheckpointElement: Sendable, Equatable {
    /// The element type tag of this Swift type.
    static var checkpointElementType: CheckpointElementType { get }
    /// Wraps values of this type as a tagged array.
    static func checkpointArray(_ values: [Self]) -> CheckpointArray
    /// The values of `array` when it holds this type, otherwise `nil`.
    static func values(in array: CheckpointArray) -> [Self]?
}

extension Float: CheckpointElement {
    public static var checkpointElementType: CheckpointElementType { .float32 }
    public static func checkpointArray(_ values: [Float]) -> CheckpointArray { .float32(values) }
    public static func values(in array: CheckpointArray) -> [Float]? {
        if case .float32(let values) = array { values } else { nil }
    }
}

extension Double: CheckpointElement {
    public static var checkpointElementType: CheckpointElementType { .float64 }
    public static func checkpointArray(_ values: [Double]) -> CheckpointArray { .float64(values) }
    public static func values(in array: CheckpointArray) -> [Double]? {
        if case .float64(let values) = array { values } else { nil }
    }
}

extension Int64: CheckpointElement {
    public static var checkpointElementType: CheckpointElementType { .int64 }
    public static func checkpointArray(_ values: [Int64]) -> CheckpointArray { .int64(values) }
    public static func values(in array: CheckpointArray) -> [Int64]? {
        if case .int64(let values) = array { values } else { nil }
    }
}

extension UInt64: CheckpointElement {
    public static var checkpointElementType: CheckpointElementType { .uint64 }
    public static func checkpointArray(_ values: [UInt64]) -> CheckpointArray { .uint64(values) }
    public static func values(in array: CheckpointArray) -> [UInt64]? {
        if case .uint64(let values) = array { values } else { nil }
    }
}
