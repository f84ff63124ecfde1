import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct CartPoleTests {
    @Test func resetDrawsEachCoordinateUniformlyInHalfATenth() {
        var env = CartPole()
        var sum = [Double](repeating: 0, count: 4)
        let n = 2000
        for seed in 0..<UInt64(n) {
            let o = env.reset(seed: seed)
            #expect(o.allSatisfy { abs($0) <= 0.05 })
            #expect(o == env.state.array.map(Float.init))
            for j in 0..<4 { sum[j] += Double(o[j]) }
        }
        // Uniform(-0.05, 0.05) has standard deviation 0.1 / √12.
        for j in 0..<4 { #expect(abs(sum[j] / Double(n)) < 4 * 0.1 / 12.0.squareRoot() / Double(n).squareRoot()) }
        #expect(env.reset(seed: 5) == env.reset(seed: 5))
        #expect(env.observationSpace == .box(low: [-4.8, -.infinity, -0.41887903, -.infinity],
                                             high: [4.8, .infinity, 0.41887903, .infinity], shape: [4]))
    }

    @Test func stepsAfterTerminationPayNothing() {
        var env = CartPole()
        _ = env.reset(seed: 0)
        var result: StepResult
        var steps = 0
        repeat { result = env.step(.discrete(1)); steps += 1 } while !result.terminated
        #expect(result.reward == 1)
        #expect(steps < 30)
        #expect(env.stepsBeyondTerminated == 0)
        let after = env.step(.discrete(1))
        #expect(after.terminated && after.reward == 0)
        // Setting a state starts a fresh episode.
        env.state = CartPoleState(x: 0, xDot: 0, theta: 0, thetaDot: 0)
        #expect(env.stepsBeyondTerminated == nil)
        let upright = CartPoleState(x: 0, xDot: 0, theta: 0, thetaDot: 0)
        let expected = CartPoleDynamics.step(upright, force: -10).array.map(Float.init)
        #expect(env.step(.discrete(0)) == StepResult(observation: expected, reward: 1, terminated: false, truncated: false))
    }

    @Test func dynamicsFollowTheEquationsOfMotion() {
        // Upright and at rest, a push F gives temp = F / M, θ̈ = −temp / (l (4/3 − m_p / M)),
        // ẍ = temp − m_p l θ̈ / M; one Euler step moves only the velocities.
        let s = CartPoleDynamics.step(CartPoleState(x: 0.1, xDot: 0, theta: 0, thetaDot: 0), force: 10)
        let temp = 10 / 1.1
        let thetaAcc = -temp / (0.5 * (4.0 / 3.0 - 0.1 / 1.1))
        let xAcc = temp - 0.05 * thetaAcc / 1.1
        #expect(s.x == 0.1 && s.theta == 0)
        #expect(abs(s.xDot - 0.02 * xAcc) < 1e-15)
        #expect(abs(s.thetaDot - 0.02 * thetaAcc) < 1e-15)
        #expect(CartPoleDynamics.isTerminal(CartPoleState(x: 2.41, xDot: 0, theta: 0, thetaDot: 0)))
        #expect(CartPoleDynamics.isTerminal(CartPoleState(x: 0, xDot: 0, theta: -0.21, thetaDot: 0)))
        #expect(!CartPoleDynamics.isTerminal(CartPoleState(x: 2.4, xDot: 0, theta: 0.2, thetaDot: 0)))
    }

    @Test func continuousActionScalesAndClipsTheForce() {
        var discrete = CartPole()
        var continuous = ContinuousCartPole()
        #expect(continuous.actionSpace == .box(low: -1, high: 1, shape: [1]))
        _ = discrete.reset(seed: 9)
        #expect(continuous.reset(seed: 9) == discrete.state.array.map(Float.init))
        // Full pushes (and pushes beyond the box, clipped) reproduce the discrete CartPole.
        for (push, a) in [(1, Float(1)), (0, -1), (1, 7.5), (0, -3)] {
            let c = continuous.step(.continuous([a])), d = discrete.step(.discrete(push))
            #expect(c.observation == d.observation && c.terminated == d.terminated && c.truncated == d.truncated)
            #expect(c.reward == ContinuousCartPole.reward(continuous.state))
        }
        // A half push applies 5 N.
        let before = continuous.state
        _ = continuous.step(.continuous([-0.5]))
        #expect(continuous.state == CartPoleDynamics.step(before, force: -5))
        #expect(ContinuousCartPole.force(for: .nan) == 0)
    }

    @Test func registeredContinuousCartPoleTerminatesAndTruncatesLikeCartPole() throws {
        var env = try makeEnvironment("cartpole-continuous")
        #expect(env.actionSpace == .box(low: -1, high: 1, shape: [1]))
        var o = env.reset(seed: 1)
        var steps = 0, result: StepResult
        repeat {
            // A proportional controller: the action is a graded push.
            let a = max(-1, min(1, 2 * (o[2] + 0.5 * o[3] + 0.01 * o[0] + 0.1 * o[1])))
            result = env.step(.continuous([a]))
            o = result.observation
            steps += 1
        } while !result.terminated && !result.truncated
        #expect(steps == 500 && result.truncated && !result.terminated)
        _ = env.reset(seed: 1)
        steps = 0
        repeat { result = env.step(.continuous([0.3])); steps += 1 } while !result.terminated
        #expect(steps < 100)
    }
}
