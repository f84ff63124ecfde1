import Foundation

// Comparisons give constant 0/1 masks; `where` selects between two tensors by such a mask.
extension Tensor {
    public static func .> (a: Tensor, b: Tensor) -> Tensor { mask(a, b) { $0 > $1 } }
    public static func .< (a: Tensor, b: Tensor) -> Tensor { mask(a, b) { $0 < $1 } }
    public static func .>= (a: Tensor, b: Tensor) -> Tensor { mask(a, b) { $0 >= $1 } }
    public static func .<= (a: Tensor, b: Tensor) -> Tensor { mask(a, b) { $0 <= $1 } }
    public static func .== (a: Tensor, b: Tensor) -> Tensor { mask(a, b) { $0 == $1 } }
    public static func .> (a: Tensor, b: Float) -> Tensor { a .> Tensor(b) }
    public static func .< (a: Tensor, b: Float) -> Tensor { a .< Tensor(b) }

    private static func mask(_ a: Tensor, _ b: Tensor, _ p: (Float, Float) -> Bool) -> Tensor {
        let (shape, s) = zipScalars(a, b) { p($0, $1) ? 1 : 0 }
        return Tensor(shape: shape, scalars: s)
    }

    /// Elementwise `condition ? a : b`, broadcasting all three; `condition` is a constant mask
    /// (nonzero means true). Gradients flow only to the branch taken, so a non-finite value in
    /// the other branch does no harm.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        let shape = broadcastShape(condition.shape, broadcastShape(a.shape, b.shape))
        let c = condition.detached.expanded(to: shape), x = a.detached.expanded(to: shape),
            y = b.detached.expanded(to: shape)
        let total = shape.reduce(1, *)
        let s = [Float](unsafeUninitializedCapacity: total) { out, n in
            for i in 0..<total { out[i] = c.scalars[i] != 0 ? x.scalars[i] : y.scalars[i] }
            n = total
        }
        return record(.select(condition: c), [a, b], shape: shape, scalars: s)
    }

    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Float) -> Tensor {
        `where`(condition, a, Tensor(b))
    }

    /// Elementwise maximum; where the two are equal the gradient goes to `a`.
    public static func maximum(_ a: Tensor, _ b: Tensor) -> Tensor { `where`(a .>= b, a, b) }
    /// Elementwise minimum; where the two are equal the gradient goes to `a`.
    public static func minimum(_ a: Tensor, _ b: Tensor) -> Tensor { `where`(a .<= b, a, b) }

    /// Clips every element into [low, high]; zero gradient outside.
    public func clipped(to range: ClosedRange<Float>) -> Tensor {
        Tensor.minimum(Tensor.maximum(self, Tensor(range.lowerBound)), Tensor(range.upperBound))
    }

    /// ELU: x for x > 0, e^x − 1 otherwise (the exponential only sees non-positive inputs).
    public func elu() -> Tensor {
        let positive = self .> 0
        return Tensor.where(positive, self, (Tensor.minimum(self, Tensor(0))).exp() - 1)
    }

    /// Elementwise sign as a constant (−1, 0 or 1).
    public func sign() -> Tensor {
        Tensor(shape: shape, scalars: mapScalars { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    }
}
