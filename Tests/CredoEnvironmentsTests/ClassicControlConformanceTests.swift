import CredoTensor
import Foundation
import Testing
@testable import CredoEnvironments

/// Replays Gymnasium's Pendulum-v1, MountainCar-v0, MountainCarContinuous-v0 and Acrobot-v1
/// episodes recorded by `scripts/gym_classic_control_traces.py`: from each recorded start state,
/// the registered environment (its `TimeLimit` included) must give Gymnasium's float32
/// observations bit for bit, its float64 rewards bit for bit, and its terminated and truncated
/// flags, after every recorded action (actions outside the bounds included). Known-wrong
/// variants (another gravity, Euler for RK4, float64 arithmetic where numpy uses float32) must
/// be caught by the same comparison.
@Suite struct ClassicControlConformanceTests {
    static let pendulum = try! ClassicControlFixture.load("gym_pendulum_v1")
    static let mountainCar = try! ClassicControlFixture.load("gym_mountaincar_v0")
    static let mountainCarContinuous = try! ClassicControlFixture.load("gym_mountaincarcontinuous_v0")
    static let acrobot = try! ClassicControlFixture.load("gym_acrobot_v1")

    /// The registered environment with its time limit, started from the episode's state.
    static func registered<E: Environment>(_ name: String, as type: E.Type, _ set: (inout E) -> Void) -> TimeLimit<E> {
        var env = try! #require(makeEnvironment(name) as? TimeLimit<E>)
        _ = env.reset(seed: 0)
        set(&env.inner)
        return env
    }

    static func continuous(_ e: ClassicControlFixture.Episode) -> [Action] { e.continuousActions.map { .continuous([$0]) } }
    static func discrete(_ e: ClassicControlFixture.Episode) -> [Action] { e.discreteActions.map { .discrete($0) } }

    @Test func fixturesCoverTruncationTerminationAndActionsOutsideTheBounds() {
        for fixture in [Self.mountainCar, Self.mountainCarContinuous, Self.acrobot] {
            #expect(Set(fixture.episodes.map(\.end)) == ["terminated", "truncated"], "\(fixture.environment)")
        }
        #expect(Self.pendulum.episodes.allSatisfy { $0.steps == 200 && $0.end == "truncated" })
        let torques = Self.pendulum.episodes.flatMap(\.continuousActions)
        #expect(torques.contains { $0 > 2 } && torques.contains { $0 < -2 } && torques.contains(2))
        let forces = Self.mountainCarContinuous.episodes.flatMap(\.continuousActions)
        #expect(forces.contains { $0 > 1 } && forces.contains { $0 < -1 } && forces.contains(1) && forces.contains(-1))
        #expect(Self.mountainCarContinuous.episodes.contains { $0.steps == 999 })
        #expect(Self.acrobot.episodes.contains { $0.steps == 500 })
    }

    @Test func pendulumMatchesGymnasiumBitForBit() {
        let fixture = Self.pendulum
        let mismatches = replayMismatches(fixture, width: 3, make: { e in
            let s = e.initialState
            return Self.registered("pendulum", as: Pendulum.self) { $0.state = PendulumState(theta: s[0], thetaDot: s[1]) }
        }, actions: Self.continuous)
        #expect(mismatches.isEmpty, "\(mismatches)")
        for e in fixture.episodes {
            var p = Pendulum()
            p.state = PendulumState(theta: e.initialState[0], thetaDot: e.initialState[1])
            let o = [Float](unsafeUninitializedCapacity: 3) { b, n in Pendulum.write(p.state, into: b); n = 3 }
            #expect(o.map(\.bitPattern) == e.initialObservation.map(\.bitPattern))
        }
    }

    @Test func pendulumWithAnotherGravityIsCaught() {
        let mismatches = replayMismatches(Self.pendulum, width: 3, make: { e in
            var env = TimeLimit(Pendulum(gravity: 9.8), maxEpisodeSteps: 200)
            env.inner.state = PendulumState(theta: e.initialState[0], thetaDot: e.initialState[1])
            return env
        }, actions: Self.continuous)
        #expect(mismatches.count == Self.pendulum.episodes.count)
    }

    @Test func mountainCarMatchesGymnasiumBitForBit() {
        let mismatches = replayMismatches(Self.mountainCar, width: 2, make: { e in
            let s = e.initialState
            return Self.registered("mountaincar", as: MountainCar.self) {
                $0.state = MountainCarState(position: s[0], velocity: s[1])
            }
        }, actions: Self.discrete)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func mountainCarContinuousMatchesGymnasiumBitForBit() {
        let mismatches = replayMismatches(Self.mountainCarContinuous, width: 2, make: { e in
            let s = e.initialState
            return Self.registered("mountaincar-continuous", as: MountainCarContinuous.self) {
                $0.state = MountainCarState(position: s[0], velocity: s[1])
            }
        }, actions: Self.continuous)
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    /// MountainCarContinuous computed in float64 throughout (as if Gymnasium's float32 state were
    /// float64): the float32 arithmetic numpy applies must show.
    @Test func mountainCarContinuousInFloat64IsCaught() {
        struct Float64Car: Environment {
            var state: MountainCarState
            var rng = RandomGenerator(seed: 0)
            var observationSpace: Space { MountainCar.observationSpace }
            var actionSpace: Space { .box(low: -1, high: 1, shape: [1]) }
            mutating func reset(seed: UInt64?) -> [Float] { [Float(state.position), Float(state.velocity)] }
            mutating func step(_ action: Action) -> StepResult {
                guard case .continuous(let a) = action else { fatalError() }
                let (next, reward, terminated) = MountainCarContinuous.step(state, action: a[0], float32State: false)
                state = next
                return StepResult(observation: [Float(next.position), Float(next.velocity)], reward: reward,
                                  terminated: terminated, truncated: false)
            }
        }
        let mismatches = replayMismatches(Self.mountainCarContinuous, width: 2, make: { e in
            TimeLimit(Float64Car(state: MountainCarState(position: e.initialState[0], velocity: e.initialState[1])),
                      maxEpisodeSteps: 999)
        }, actions: Self.continuous)
        #expect(mismatches.count >= Self.mountainCarContinuous.episodes.count / 2)
    }

    @Test func acrobotMatchesGymnasiumBitForBit() {
        let fixture = Self.acrobot
        let mismatches = replayMismatches(fixture, width: 6, make: { e in
            let s = e.initialState
            return Self.registered("acrobot", as: Acrobot.self) {
                $0.state = AcrobotState(theta1: s[0], theta2: s[1], dtheta1: s[2], dtheta2: s[3])
            }
        }, actions: Self.discrete)
        #expect(mismatches.isEmpty, "\(mismatches)")
        // The reset observation: numpy's float32 cos/sin of the float32 start state, within one ulp.
        for e in fixture.episodes {
            #expect(e.initialState.allSatisfy { Double(Float($0)) == $0 }, "Gymnasium's acrobot starts in float32")
            let s = e.initialState
            let state = AcrobotState(theta1: s[0], theta2: s[1], dtheta1: s[2], dtheta2: s[3])
            let o = [Float](unsafeUninitializedCapacity: 6) { b, n in Acrobot.write(state, into: b); n = 6 }
            for (mine, theirs) in zip(o, e.initialObservation) {
                #expect(abs(Int64(mine.bitPattern) - Int64(theirs.bitPattern)) <= 1)
            }
        }
    }

    @Test func acrobotWithEulerInsteadOfRK4IsCaught() {
        let mismatches = replayMismatches(Self.acrobot, width: 6, make: { e in
            let s = e.initialState
            var env = TimeLimit(Acrobot(), maxEpisodeSteps: 500)
            env.inner.integrator = .euler
            env.inner.state = AcrobotState(theta1: s[0], theta2: s[1], dtheta1: s[2], dtheta2: s[3])
            return env
        }, actions: Self.discrete)
        #expect(mismatches.count == Self.acrobot.episodes.count)
    }
}
