/// A scalar as Python and numpy 2 hold it, for replaying Gymnasium code that mixes float32 and
/// float64 values: a numpy float32, a numpy float64, or a Python float (a float64 that is "weak"
/// under NEP 50, numpy 2's promotion rules).
///
/// NEP 50, for `x ∘ y` with ∘ one of + − × and the comparisons:
///
///     float32 ∘ float32, float32 ∘ Python float  →  float32  (the Python float rounded to float32 first)
///     float64 ∘ anything, Python ∘ Python         →  float64
///     float32 ∘ float64                           →  float64
///
/// Comparisons are made in the promoted type too: `np.float32(0.45) >= 0.45` is true, since 0.45
/// is rounded to float32 before comparing. `MountainCarContinuous` needs this because Gymnasium
/// stores its state as float32 between steps but computes with Python floats.
public struct NumpyScalar: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case float32, float64, python }

    public var value: Double
    public var kind: Kind

    @inlinable public init(_ value: Double, _ kind: Kind) {
        self.value = kind == .float32 ? Double(Float(value)) : value
        self.kind = kind
    }

    @inlinable public static func float32(_ x: Float) -> NumpyScalar { NumpyScalar(Double(x), .float32) }
    @inlinable public static func float64(_ x: Double) -> NumpyScalar { NumpyScalar(x, .float64) }
    @inlinable public static func python(_ x: Double) -> NumpyScalar { NumpyScalar(x, .python) }

    /// The kind of `a ∘ b` under NEP 50.
    @inlinable
    public static func promoted(_ a: Kind, _ b: Kind) -> Kind {
        switch (a, b) {
        case (.float64, _), (_, .float64): return .float64
        case (.float32, _), (_, .float32): return .float32
        default: return .python
        }
    }

    /// Applies `op` in the promoted type: in Float for float32, in Double otherwise.
    @inlinable
    static func apply(_ a: NumpyScalar, _ b: NumpyScalar, _ single: (Float, Float) -> Float,
                      _ double: (Double, Double) -> Double) -> NumpyScalar {
        let kind = promoted(a.kind, b.kind)
        if kind == .float32 { return NumpyScalar(Double(single(Float(a.value), Float(b.value))), .float32) }
        return NumpyScalar(double(a.value, b.value), kind)
    }

    @inlinable
    static func compare(_ a: NumpyScalar, _ b: NumpyScalar, _ single: (Float, Float) -> Bool,
                        _ double: (Double, Double) -> Bool) -> Bool {
        promoted(a.kind, b.kind) == .float32 ? single(Float(a.value), Float(b.value)) : double(a.value, b.value)
    }

    @inlinable public static func + (a: NumpyScalar, b: NumpyScalar) -> NumpyScalar { apply(a, b, +, +) }
    @inlinable public static func - (a: NumpyScalar, b: NumpyScalar) -> NumpyScalar { apply(a, b, -, -) }
    @inlinable public static func * (a: NumpyScalar, b: NumpyScalar) -> NumpyScalar { apply(a, b, *, *) }
    @inlinable public static func > (a: NumpyScalar, b: NumpyScalar) -> Bool { compare(a, b, >, >) }
    @inlinable public static func < (a: NumpyScalar, b: NumpyScalar) -> Bool { compare(a, b, <, <) }
    @inlinable public static func >= (a: NumpyScalar, b: NumpyScalar) -> Bool { compare(a, b, >=, >=) }
    /// numpy's `==` in the promoted type (not `Equatable`'s, which compares value and kind).
    @inlinable public static func .== (a: NumpyScalar, b: NumpyScalar) -> Bool { compare(a, b, ==, ==) }
}
