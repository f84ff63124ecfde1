import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct VectorEnvironmentTests {
    static func randomActions(_ rng: inout RandomGenerator, _ n: Int) -> [Action] {
        (0..<n).map { _ in .discrete(rng.int(below: 2)) }
    }

    /// The vector environment must agree with copies stepped one by one under the same-step
    /// autoreset convention: on an episode's end, the returned row is the next episode's first
    /// observation and `finalObservation(i)` the ended episode's last.
    @Test func sameStepAutoresetMatchesSingleCopies() {
        let n = 4
        var vec = VectorEnvironment(count: n, seed: 7) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 30) }
        // The reference copies get the same streams: split from the same seed.
        var root = RandomGenerator(seed: 7)
        var singles = (0..<n).map { _ in TimeLimit(CartPole(), maxEpisodeSteps: 30) }
        for i in 0..<n {
            singles[i].rng = root.split()
            #expect(Array(vec.observation(i)) == singles[i].reset(seed: nil))
        }
        var rng = RandomGenerator(seed: 8)
        var terminations = 0, truncations = 0
        for _ in 0..<300 {
            let actions = Self.randomActions(&rng, n)
            vec.step(actions)
            for i in 0..<n {
                let single = singles[i].step(actions[i])
                #expect(vec.rewards[i] == single.reward)
                #expect(vec.terminated[i] == single.terminated)
                #expect(vec.truncated[i] == single.truncated)
                if single.terminated || single.truncated {
                    terminations += single.terminated ? 1 : 0
                    truncations += single.truncated ? 1 : 0
                    #expect(Array(vec.finalObservation(i)) == single.observation)
                    #expect(Array(vec.observation(i)) == singles[i].reset(seed: nil))
                } else {
                    #expect(Array(vec.observation(i)) == single.observation)
                }
            }
        }
        #expect(terminations > 10)
        #expect(truncations > 0)
    }

    @Test func copiesHaveDistinctStreamsAndRestoreExactly() {
        var a = VectorEnvironment(count: 3, seed: 1) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 50) }
        #expect(Set(a.rngStates).count == 3)
        #expect(a.observation(0) != a.observation(1))
        var rng = RandomGenerator(seed: 5)
        for _ in 0..<50 { a.step(Self.randomActions(&rng, 3)) }
        // A vector environment built elsewhere, given the saved streams, continues identically
        // from the next reset.
        let saved = a.rngStates
        var b = VectorEnvironment(count: 3, seed: 99) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 50) }
        #expect(b.rngStates != saved)
        b.rngStates = saved
        #expect(b.rngStates == saved)
        a.reset()
        b.reset()
        #expect(a.observations == b.observations)
        var ended = 0
        for _ in 0..<200 {
            let actions = Self.randomActions(&rng, 3)
            a.step(actions)
            b.step(actions)
            #expect(a.observations == b.observations)
            for i in 0..<3 where a.isDone(i) {
                #expect(b.isDone(i) && a.finalObservation(i) == b.finalObservation(i))
                ended += 1
            }
        }
        #expect(ended > 5)
    }

    @Test func seededResetIsReproducible() {
        var a = VectorEnvironment(count: 5, seed: 3) { _ in CartPole() }
        var b = VectorEnvironment(count: 5, seed: 4) { _ in CartPole() }
        #expect(a.observations != b.observations)
        b.reset(seed: 3)
        #expect(a.observations == b.observations)
        a.reset(seed: 3)
        #expect(a.observations == b.observations)
    }

    /// The design that makes stepping allocation-free: every buffer is allocated once and written
    /// in place, so their storage never moves. (The benchmark counts allocations directly.)
    @Test func steppingWritesIntoTheSameBuffers() {
        var vec = VectorEnvironment(count: 8, seed: 1) { _ in TimeLimit(CartPole(), maxEpisodeSteps: 500) }
        func addresses(_ v: VectorEnvironment<TimeLimit<CartPole>>) -> [UnsafeRawPointer?] {
            [v.observations.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
             v.finalObservations.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
             v.rewards.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
             v.terminated.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) },
             v.environments.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }]
        }
        let before = addresses(vec)
        var rng = RandomGenerator(seed: 2)
        var actions = [Action](repeating: .discrete(0), count: 8)
        var ended = 0
        for _ in 0..<1000 {
            for i in 0..<8 { actions[i] = .discrete(rng.int(below: 2)) }
            vec.step(actions)
            for i in 0..<8 where vec.isDone(i) { ended += 1 }
        }
        #expect(ended > 50)
        #expect(addresses(vec) == before)
    }
}
