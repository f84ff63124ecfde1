import CredoTensor
import Testing

/// Shared by the test targets (a library target, since test targets cannot import each other).
///
/// Finite-difference checks of derivatives of any order, after JAX's `check_grads`: the n-th
/// order check differentiates f_{n-1}(x) = ⟨∇f_{n-2}(x), v⟩ along a random direction and
/// compares with central differences of f_{n-1}.
public struct GradientCheck {
    public var rng: RandomGenerator

    public init(seed: UInt64 = 2024) { rng = RandomGenerator(seed: seed) }

    public mutating func randomTensor(_ shape: [Int], scale: Float = 1, offset: Float = 0) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in Float(rng.standardNormal()) * scale + offset })
    }

    /// Reduces any output to a scalar with fixed random weights, so every output entry counts.
    public mutating func scalarized(_ f: @escaping ([Tensor]) -> Tensor, outputShape: [Int]) -> ([Tensor]) -> Tensor {
        let w = randomTensor(outputShape)
        return { xs in (f(xs) * w).sum() }
    }

    /// Checks derivatives of orders 1...maxOrder of scalar `f` at `xs`.
    public mutating func check(_ f: @escaping ([Tensor]) -> Tensor, at xs: [Tensor], maxOrder: Int = 1,
                        eps: Float = 1e-2, tolerance: Float = 2e-3,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        var current = f
        for order in 1...maxOrder {
            let directions = xs.map { randomTensor($0.shape) }
            // Analytic: ⟨∇f_current(x), v⟩ by the tape.
            let leaves = xs.map { $0.detached.requiringGradient() }
            let y = current(leaves)
            let grads = gradients(of: y, wrt: leaves, createGraph: true)
            let analytic = zip(grads, directions).map { ($0 * $1).sum().scalar }.reduce(0, +)
            // Numeric: central difference of f_current along v, in Double.
            let plus = current(zip(xs, directions).map { $0.detached + $1 * eps }).scalar
            let minus = current(zip(xs, directions).map { $0.detached - $1 * eps }).scalar
            let numeric = (Double(plus) - Double(minus)) / (2 * Double(eps))
            let scale = Swift.max(1, Swift.abs(numeric))
            #expect(Swift.abs(Double(analytic) - numeric) <= Double(tolerance) * scale,
                    "order \(order): tape \(analytic) vs finite differences \(numeric)", sourceLocation: sourceLocation)
            // Next order: differentiate x ↦ ⟨∇f_current(x), v⟩.
            let previous = current
            current = { ys in
                let leaves = ys.map { $0.requiresGradient ? $0 : $0.requiringGradient() }
                let g = gradients(of: previous(leaves), wrt: leaves, createGraph: true)
                return zip(g, directions).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
            }
        }
    }
}
