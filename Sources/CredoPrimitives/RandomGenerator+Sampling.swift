import Foundation

extension RandomGenerator {
    /// A uniform Float in [0, 1), from the top 24 bits (every value exactly representable).
    @inline(__always)
    public mutating func uniformFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform Double in [0, 1), from the top 53 bits.
    @inline(__always)
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform Double in the open interval (0, 1): safe under `log`.
    @inline(__always)
    public mutating func uniformOpenDouble() -> Double {
        // For k = 2^53 − 1, k + 0.5 is not representable and rounds (to even) up to 2^53, which
        // would give exactly 1; clamp that one value to the largest Double below 1. Every other
        // draw is unchanged.
        Swift.min((Double(next() >> 11) + 0.5) * 0x1p-53, (1.0).nextDown)
    }

    /// A standard normal draw by the Box-Muller transform (one of the pair is used, so the
    /// generator's state alone determines the stream: no hidden cache).
    @inline(__always)
    public mutating func standardNormal() -> Double {
        let u1 = uniformOpenDouble()
        let u2 = uniformDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniform integer in 0..<n.
    @inline(__always)
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "int(below:) needs n > 0, got \(n)")
        return Int(next(upperBound: UInt64(n)))
    }
}
