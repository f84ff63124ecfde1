import CredoKernels
import Foundation

// Forward kernels of the elementwise primitives.
extension Tensor {
    @inline(__always)
    internal func mapScalars(_ f: (Float) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, n in
            scalars.withUnsafeBufferPointer { x in
                for i in 0..<x.count { out[i] = f(x[i]) }
            }
            n = count
        }
    }

    @inline(__always)
    internal static func zipScalars(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> (shape: [Int], scalars: [Float]) {
        if a.shape == b.shape {
            let s = [Float](unsafeUninitializedCapacity: a.count) { out, n in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        for i in 0..<x.count { out[i] = f(x[i], y[i]) }
                    }
                }
                n = a.count
            }
            return (a.shape, s)
        }
        let shape = broadcastShape(a.shape, b.shape)
        let total = shape.reduce(1, *)
        if b.count == 1 && a.count == total {
            let y = b.scalars[0]
            return (shape, a.mapScalars { f($0, y) })
        }
        if a.count == 1 && b.count == total {
            let x = a.scalars[0]
            return (shape, b.mapScalars { f(x, $0) })
        }
        // A row broadcast against a contiguous block ([B, N] with [N], or [N] with [B, N]):
        // the smaller operand repeats whole, so two plain loops suffice.
        if a.count == total && b.count > 0 && isRepeatedSuffix(b.shape, of: shape) {
            return (shape, repeatingKernel(a.scalars, b.scalars) { f($0, $1) })
        }
        if b.count == total && a.count > 0 && isRepeatedSuffix(a.shape, of: shape) {
            return (shape, repeatingKernel(b.scalars, a.scalars) { f($1, $0) })
        }
        let sa = broadcastStrides(a.shape, to: shape), sb = broadcastStrides(b.shape, to: shape)
        let inner = shape.last ?? 1
        let ia = sa.last ?? 0, ib = sb.last ?? 0
        let s = [Float](unsafeUninitializedCapacity: total) { out, n in
            a.scalars.withUnsafeBufferPointer { x in
                b.scalars.withUnsafeBufferPointer { y in
                    forEachRow(shape: shape, strides: [sa, sb]) { start, off in
                        var pa = off[0], pb = off[1]
                        for j in 0..<inner {
                            out[start + j] = f(x[pa], y[pb])
                            pa += ia; pb += ib
                        }
                    }
                }
            }
            n = total
        }
        return (shape, s)
    }

    /// Whether `small` (leading 1s aside) equals the trailing axes of `shape`.
    private static func isRepeatedSuffix(_ small: [Int], of shape: [Int]) -> Bool {
        var first = 0
        while first < small.count && small[first] == 1 { first += 1 }
        let n = small.count - first
        guard n <= shape.count else { return false }
        for i in 0..<n where small[first + i] != shape[shape.count - n + i] { return false }
        return true
    }

    /// out[r·n + j] = f(big[r·n + j], small[j]) with n = small.count.
    @inline(__always)
    private static func repeatingKernel(_ big: [Float], _ small: [Float], _ f: (Float, Float) -> Float) -> [Float] {
        let n = small.count
        return [Float](unsafeUninitializedCapacity: big.count) { out, written in
            big.withUnsafeBufferPointer { x in
                small.withUnsafeBufferPointer { y in
                    var start = 0
                    while start < x.count {
                        for j in 0..<n { out[start + j] = f(x[start + j], y[j]) }
                        start += n
                    }
                }
            }
            written = big.count
        }
    }

    @inline(__always)
    internal func unary(_ op: Primitive, keepsOutput: Bool = false, _ f: (Float) -> Float) -> Tensor {
        Tensor.record(op, [self], shape: shape, scalars: mapScalars(f), keepsOutput: keepsOutput)
    }

    @inline(__always)
    internal static func binary(_ op: Primitive, _ a: Tensor, _ b: Tensor, keepsOutput: Bool = false,
                                _ f: (Float, Float) -> Float) -> Tensor {
        let (shape, s) = zipScalars(a, b, f)
        return record(op, [a, b], shape: shape, scalars: s, keepsOutput: keepsOutput)
    }
}

// The differentiable elementwise operations.
extension Tensor {
    public static prefix func - (x: Tensor) -> Tensor { x.unary(.neg) { -$0 } }
    public func exp() -> Tensor { unary(.exp, keepsOutput: true) { Foundation.exp($0) } }
    public func log() -> Tensor { unary(.log) { Foundation.log($0) } }
    /// tanh by a rational approximation accurate to a few Float32 ulps (`credo_tanh` in
    /// CredoKernels: glibc's `tanhf` goes through `expm1f` and costs several times more, and
    /// the C loop gets AVX2 where the CPU has it).
    public func tanh() -> Tensor {
        Tensor.record(.tanh, [self], shape: shape, scalars: kernel(credo_tanh), keepsOutput: true)
    }
    /// σ(x) = 1 / (1 + e^(−x)), evaluated without overflow on either side (`credo_sigmoid`: no
    /// libm, vectorised, a few ulp).
    public func sigmoid() -> Tensor {
        Tensor.record(.sigmoid, [self], shape: shape, scalars: kernel(credo_sigmoid), keepsOutput: true)
    }
    public func relu() -> Tensor { unary(.relu) { Swift.max($0, 0) } }
    /// softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)), stable at any x
    /// (`credo_softplus`: no libm, vectorised, a few ulp).
    public func softplus() -> Tensor {
        Tensor.record(.softplus, [self], shape: shape, scalars: kernel(credo_softplus))
    }

    /// A C kernel y = f(x) over the scalars.
    @inline(__always)
    private func kernel(_ f: (UnsafePointer<Float>?, UnsafeMutablePointer<Float>?, Int) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { out, n in
            scalars.withUnsafeBufferPointer { f($0.baseAddress, out.baseAddress, $0.count) }
            n = count
        }
    }
    public func sqrt() -> Tensor { unary(.sqrt, keepsOutput: true) { $0.squareRoot() } }
    public func abs() -> Tensor { unary(.abs) { Swift.abs($0) } }
    /// sin x, elementwise (radians).
    public func sin() -> Tensor { unary(.sin) { Foundation.sin($0) } }
    /// cos x, elementwise (radians).
    public func cos() -> Tensor { unary(.cos) { Foundation.cos($0) } }
    /// x^p for a constant exponent p.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 { return unary(.pow(2)) { $0 * $0 } }
        return unary(.pow(p)) { Foundation.pow($0, p) }
    }
    public func squared() -> Tensor { pow(2) }

    /// g · (1 − y²) in one pass: tanh's derivative rule, given the upstream gradient g and
    /// tanh's output y (a primitive of its own so the hot backward pass makes one array, not three).
    internal static func tanhBackward(_ g: Tensor, _ y: Tensor) -> Tensor {
        guard g.shape == y.shape else { return binary(.tanhBackward, g, y) { $0 * (1 - $1 * $1) } }
        let s = [Float](unsafeUninitializedCapacity: g.count) { out, n in
            g.scalars.withUnsafeBufferPointer { pg in
                y.scalars.withUnsafeBufferPointer { py in credo_tanh_backward(pg.baseAddress, py.baseAddress, out.baseAddress, pg.count) }
            }
            n = g.count
        }
        return record(.tanhBackward, [g, y], shape: g.shape, scalars: s)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor { binary(.add, a, b) { $0 + $1 } }
    public static func - (a: Tensor, b: Tensor) -> Tensor { binary(.sub, a, b) { $0 - $1 } }
    public static func * (a: Tensor, b: Tensor) -> Tensor { binary(.mul, a, b) { $0 * $1 } }
    public static func / (a: Tensor, b: Tensor) -> Tensor { binary(.div, a, b, keepsOutput: true) { $0 / $1 } }

    public static func + (a: Tensor, b: Float) -> Tensor { a + Tensor(b) }
    public static func - (a: Tensor, b: Float) -> Tensor { a - Tensor(b) }
    public static func * (a: Tensor, b: Float) -> Tensor { a * Tensor(b) }
    public static func / (a: Tensor, b: Float) -> Tensor { a / Tensor(b) }
    public static func + (a: Float, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Float, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Float, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Float, b: Tensor) -> Tensor { Tensor(a) / b }

    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
}
