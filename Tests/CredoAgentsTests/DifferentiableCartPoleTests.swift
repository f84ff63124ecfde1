import CredoEnvironments
import CredoTensor
import Testing
@testable import CredoAgents

@Suite struct DifferentiableCartPoleTests {
    let states: [[Double]] = [[0.1, -0.3, 0.05, 0.4], [-1.2, 0.8, -0.15, -1.1], [0.0, 0.0, 0.2, 0.0]]
    let actions: [Float] = [0.3, -0.7, 0.95]

    /// The tensor step agrees with `CartPoleDynamics.step` (float64) to Float32 precision.
    @Test func mirrorsTheEnvironment() {
        let s = Tensor(rows: states.map { $0.map(Float.init) })
        let (next, _) = DifferentiableCartPole.step(s, Tensor(shape: [3, 1], scalars: actions))
        for (i, row) in states.enumerated() {
            let expected = CartPoleDynamics.step(CartPoleState(x: row[0], xDot: row[1], theta: row[2], thetaDot: row[3]),
                                                 force: ContinuousCartPole.force(for: actions[i])).array
            for j in 0..<4 { #expect(abs(Double(next.scalars[i * 4 + j]) - expected[j]) < 1e-5) }
        }
    }

    /// ∂(next state, reward)/∂(state, action) along random directions against central differences.
    @Test func gradientsMatchFiniteDifferences() {
        var rng = RandomGenerator(seed: 11)
        let s0 = Tensor(rows: states.map { $0.map(Float.init) })
        let a0 = Tensor(shape: [3, 1], scalars: actions)
        // A random linear functional of (next, reward), so one backward pass checks all outputs.
        let wNext = Tensor(shape: [3, 4], scalars: (0..<12).map { _ in Float(rng.standardNormal()) })
        let wReward = Tensor((0..<3).map { _ in Float(rng.standardNormal()) })
        func objective(_ s: Tensor, _ a: Tensor) -> Tensor {
            let (n, r) = DifferentiableCartPole.step(s, a)
            return (n * wNext).sum() + (r * wReward).sum()
        }
        let s = s0.requiringGradient(), a = a0.requiringGradient()
        let g = gradients(of: objective(s, a), wrt: [s, a])
        let ds = Tensor(shape: [3, 4], scalars: (0..<12).map { _ in Float(rng.standardNormal()) })
        let da = Tensor(shape: [3, 1], scalars: (0..<3).map { _ in Float(rng.standardNormal()) * 0.01 })
        let eps: Float = 1e-2
        let plus = objective(s0 + ds * eps, a0 + da * eps).scalar
        let minus = objective(s0 - ds * eps, a0 - da * eps).scalar
        let numeric = (plus - minus) / (2 * eps)
        let analytic = (g[0] * ds).sum().scalar + (g[1] * da).sum().scalar
        #expect(abs(numeric - analytic) < 2e-3 * max(1, abs(analytic)), "numeric \(numeric), analytic \(analytic)")
        // The action enters: its gradient is nonzero inside the clip range.
        #expect(g[1].scalars.allSatisfy { $0 != 0 })
    }
}
