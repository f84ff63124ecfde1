import CredoTensor
import Foundation
import Testing
@testable import CredoEnvironments

/// The classic-control names: Gymnasium's spaces and time limits, and resets that draw from
/// Gymnasium's start distributions on Credo's own stream.
@Suite struct ClassicControlRegistryTests {
    @Test func spacesAreGymnasiums() throws {
        let pi = Float.pi
        #expect(try makeEnvironment("pendulum").observationSpace == .box(low: [-1, -1, -8], high: [1, 1, 8], shape: [3]))
        #expect(try makeEnvironment("pendulum").actionSpace == .box(low: [-2], high: [2], shape: [1]))
        let car = Space.box(low: [-1.2, -0.07], high: [0.6, 0.07], shape: [2])
        #expect(try makeEnvironment("mountaincar").observationSpace == car)
        #expect(try makeEnvironment("mountaincar").actionSpace == .discrete(3))
        #expect(try makeEnvironment("mountaincar-continuous").observationSpace == car)
        #expect(try makeEnvironment("mountaincar-continuous").actionSpace == .box(low: [-1], high: [1], shape: [1]))
        let high: [Float] = [1, 1, 1, 1, Float(4 * Double.pi), Float(9 * Double.pi)]
        #expect(try makeEnvironment("acrobot").observationSpace == .box(low: high.map { -$0 }, high: high, shape: [6]))
        #expect(try makeEnvironment("acrobot").actionSpace == .discrete(3))
        #expect(abs(high[4] - 4 * pi) < 1e-5)
    }

    /// (name, Gymnasium's max_episode_steps, an action that never terminates within it).
    static let limits: [(String, Int, Action)] = [
        ("pendulum", 200, .continuous([0.5])), ("mountaincar", 200, .discrete(1)),
        ("mountaincar-continuous", 999, .continuous([0])), ("acrobot", 500, .discrete(1)),
    ]

    @Test(arguments: limits.indices) func truncatesAtGymnasiumsTimeLimit(_ i: Int) throws {
        let (name, limit, action) = Self.limits[i]
        var env = try makeEnvironment(name)
        _ = env.reset(seed: 7)
        for t in 1...limit {
            let r = env.step(action)
            #expect(!r.terminated)
            #expect(r.truncated == (t == limit), "\(name) step \(t)")
            if r.truncated != (t == limit) { break }
        }
    }

    @Test func resetsDrawFromGymnasiumsStartDistributions() throws {
        for seed: UInt64 in 0..<200 {
            var p = Pendulum(seed: seed)
            _ = p.reset(seed: seed)
            #expect(abs(p.state.theta) <= Double.pi && abs(p.state.thetaDot) <= 1)
            var c = MountainCarContinuous(seed: seed)
            _ = c.reset(seed: seed)
            #expect(c.state.position >= -0.6 && c.state.position < -0.4 && c.state.velocity == 0)
            var a = Acrobot(seed: seed)
            _ = a.reset(seed: seed)
            #expect(a.state.array.allSatisfy { abs($0) <= 0.1 && Double(Float($0)) == $0 })
        }
        // Same seed, same start; another seed, another.
        var e1 = try makeEnvironment("pendulum"), e2 = try makeEnvironment("pendulum")
        #expect(e1.reset(seed: 3) == e2.reset(seed: 3))
        #expect(e1.reset(seed: 3) != e2.reset(seed: 4))
    }

    /// The mountain cars end at the flag under an energy-pumping controller, with reward 100 − 0.1a²
    /// on the continuous car's last step.
    @Test func mountainCarsReachTheFlag() throws {
        var discrete = try makeEnvironment("mountaincar")
        var o = discrete.reset(seed: 1)
        var ended = false
        for _ in 0..<200 {
            let r = discrete.step(.discrete(o[1] >= 0 ? 2 : 0))
            o = r.observation
            #expect(r.reward == -1)
            if r.terminated { ended = true; #expect(o[0] >= 0.5); break }
        }
        #expect(ended)
        var continuous = try makeEnvironment("mountaincar-continuous")
        o = continuous.reset(seed: 1)
        ended = false
        for _ in 0..<999 {
            let a: Float = o[1] >= 0 ? 0.5 : -0.5
            let r = continuous.step(.continuous([a]))
            o = r.observation
            if r.terminated {
                ended = true
                #expect(r.reward == 100 - 0.1 * 0.25)
                break
            }
            #expect(r.reward == -0.1 * 0.25)
        }
        #expect(ended)
    }
}
