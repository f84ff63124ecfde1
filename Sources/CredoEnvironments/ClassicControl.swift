import Foundation

/// The scalar helpers of Gymnasium's classic-control sources, written so that Swift's Double
/// and Float arithmetic takes the same path as Python's and numpy's:
///
/// - Python's `max(a, b)` keeps `a` unless `b > a`, `min(a, b)` keeps `a` unless `b < a` (so a
///   NaN first argument survives both);
/// - `a % b` on floats (Python's and numpy's) is `fmod` moved into the sign of `b`;
/// - `x ** 2` on a Python or numpy scalar calls the C library's `pow` (`powf` for float32), whose
///   result is not always the rounded `x * x`;
/// - `np.clip(x, lo, hi)` is `minimum(maximum(x, lo), hi)`.
///
/// With these, the float64 states of `Pendulum`, `MountainCar`, `MountainCarContinuous` and
/// `Acrobot` agree with Gymnasium's bit for bit (see `ClassicControlConformanceTests`).
public enum ClassicControl {
    /// Python's `max(a, b)`: `a` unless `b > a`.
    @inlinable
    public static func pythonMax<T: Comparable>(_ a: T, _ b: T) -> T { b > a ? b : a }

    /// Python's `min(a, b)`: `a` unless `b < a`.
    @inlinable
    public static func pythonMin<T: Comparable>(_ a: T, _ b: T) -> T { b < a ? b : a }

    /// Python's and numpy's float `a % b`: the remainder with the sign of `b`.
    @inlinable
    public static func floorMod(_ a: Double, _ b: Double) -> Double {
        var mod = fmod(a, b)
        if mod != 0 {
            if (b < 0) != (mod < 0) { mod += b }
        } else {
            mod = copysign(0, b)
        }
        return mod
    }

    /// `x ** 2` on a float64 scalar in Python or numpy: the C library's `pow(x, 2)`.
    @inlinable
    public static func square(_ x: Double) -> Double { Foundation.pow(x, 2) }

    /// `x ** 2` on a numpy float32 scalar: `powf(x, 2)`.
    @inlinable
    public static func square(_ x: Float) -> Float { Foundation.powf(x, 2) }

    /// numpy's `np.clip(x, low, high)` on a scalar: maximum, then minimum (NaN propagates).
    @inlinable
    public static func clip(_ x: Double, _ low: Double, _ high: Double) -> Double {
        let lower = x.isNaN ? x : (x < low ? low : x)
        return lower.isNaN ? lower : (lower > high ? high : lower)
    }

    /// The continuous action's first coordinate; traps with a message naming the environment
    /// for any other action.
    @inlinable
    static func continuousAction(_ action: Action, of environment: String) -> Float {
        guard case .continuous(let a) = action, a.count == 1 else {
            preconditionFailure("\(environment) takes .continuous([a]), got \(action)")
        }
        return a[0]
    }

    /// The discrete action in 0..<3; traps with a message naming the environment otherwise.
    @inlinable
    static func threeWayAction(_ action: Action, of environment: String) -> Int {
        guard case .discrete(let a) = action, (0..<3).contains(a) else {
            preconditionFailure("\(environment) takes .discrete(0), .discrete(1) or .discrete(2), got \(action)")
        }
        return a
    }
}
