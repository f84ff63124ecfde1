import Testing
import CredoTensor
@testable import CredoEnvironments

/// The tensor version of the continuous cart-pole step agrees with the scalar one, and its
/// gradients with respect to state and action match central finite differences.
@Suite struct DifferentiableCartPoleTests {
    let states: [[Float]] = [[0.01, -0.2, 0.05, 0.3], [-1.0, 0.5, -0.15, -0.8], [2.0, 1.0, 0.18, 1.5]]
    let actions: [Float] = [0.3, -0.7, 0.05]

    @Test func agreesWithTheScalarStepAndReward() {
        let (next, reward) = ContinuousCartPole.differentiableStep(state: Tensor(rows: states),
                                                                   action: Tensor(shape: [3, 1], scalars: actions))
        for (i, s) in states.enumerated() {
            let start = CartPoleState(x: Double(s[0]), xDot: Double(s[1]), theta: Double(s[2]), thetaDot: Double(s[3]))
            let expected = CartPoleDynamics.step(start, force: ContinuousCartPole.force(for: actions[i]))
            for (j, v) in expected.array.enumerated() { #expect(abs(Double(next.scalars[i * 4 + j]) - v) < 1e-5) }
            #expect(abs(Double(reward.scalars[i]) - ContinuousCartPole.reward(expected)) < 1e-5)
        }
    }

    @Test func gradientsOfNextStateAndRewardMatchFiniteDifferences() {
        // Directional derivatives of L = Σ w·s′ + Σ r along random directions of (state, action).
        let w = Tensor(rows: [[0.3, -1.1, 2.0, 0.7], [1.2, 0.4, -0.5, 0.9], [-0.6, 0.8, 1.5, -0.2]])
        func loss(_ s: Tensor, _ a: Tensor) -> Tensor {
            let (next, reward) = ContinuousCartPole.differentiableStep(state: s, action: a)
            return (next * w).sum() + reward.sum()
        }
        var rng = RandomGenerator(seed: 4)
        let s0 = Tensor(rows: states), a0 = Tensor(shape: [3, 1], scalars: actions)
        for _ in 0..<3 {
            let ds = Tensor(shape: [3, 4], scalars: (0..<12).map { _ in Float(rng.standardNormal()) })
            let da = Tensor(shape: [3, 1], scalars: (0..<3).map { _ in Float(rng.standardNormal()) * 0.1 })
            let s = s0.requiringGradient(), a = a0.requiringGradient()
            let g = gradients(of: loss(s, a), wrt: [s, a])
            let analytic = Double((g[0] * ds).sum().scalar + (g[1] * da).sum().scalar)
            let eps: Float = 1e-2
            let numeric = (Double(loss(s0 + ds * eps, a0 + da * eps).scalar) - Double(loss(s0 - ds * eps, a0 - da * eps).scalar))
                / (2 * Double(eps))
            #expect(abs(analytic - numeric) < 2e-3 * max(1, abs(numeric)), "tape \(analytic) vs finite differences \(numeric)")
            #expect(g[0].scalars.contains { $0 != 0 } && g[1].scalars.contains { $0 != 0 })
        }
    }
}
