import Foundation
import Testing
@testable import CredoEnvironments

/// Replays Gymnasium CartPole-v1 episodes recorded by `scripts/gym_cartpole_traces.py`: from each
/// recorded float64 start state, our "cartpole" must give the same float32 observations (bit for
/// bit), rewards, terminated and truncated flags after every recorded action.
@Suite struct CartPoleConformanceTests {
    struct Fixture: Decodable {
        var gymnasium_version: String
        var episodes: [Episode]
    }

    struct Episode: Decodable {
        var seed: Int
        var policy: String
        var end: String
        var initial_state: [String]
        var initial_observation: [String]
        var actions: [Int]
        var observations: [[String]]
        var rewards: [Double]
        var terminated: [Bool]
        var truncated: [Bool]
    }

    static func loadFixture() throws -> Fixture {
        let url = try #require(Bundle.module.url(forResource: "gym_cartpole_v1", withExtension: "json",
                                                  subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    static func float32(_ hex: String) -> Float { Float(bitPattern: UInt32(hex, radix: 16)!) }
    static func float64(_ hex: String) -> Double { Double(bitPattern: UInt64(hex, radix: 16)!) }

    @Test func fixtureCoversEveryWayAnEpisodeEnds() throws {
        let fixture = try Self.loadFixture()
        #expect(fixture.episodes.count == 20)
        #expect(Set(fixture.episodes.map(\.end)) == ["angle", "position", "truncated"])
        #expect(fixture.episodes.contains { $0.actions.count == 500 })
    }

    @Test func replayMatchesGymnasiumBitForBit() throws {
        let fixture = try Self.loadFixture()
        var steps = 0
        for episode in fixture.episodes {
            var env = TimeLimit(CartPole(), maxEpisodeSteps: 500)
            _ = env.reset(seed: 0)
            let s = episode.initial_state.map(Self.float64)
            env.inner.state = CartPoleState(x: s[0], xDot: s[1], theta: s[2], thetaDot: s[3])
            #expect(s.map(Float.init) == episode.initial_observation.map(Self.float32))
            for (t, action) in episode.actions.enumerated() {
                let result = env.step(.discrete(action))
                let expected = episode.observations[t].map(Self.float32)
                // Compare bit patterns, so that -0.0 vs 0.0 or a NaN would also show.
                #expect(result.observation.map(\.bitPattern) == expected.map(\.bitPattern),
                        "seed \(episode.seed) (\(episode.policy)) step \(t)")
                #expect(result.reward == episode.rewards[t])
                #expect(result.terminated == episode.terminated[t])
                #expect(result.truncated == episode.truncated[t])
                steps += 1
            }
        }
        #expect(steps > 2000)
    }

    @Test func registeredCartPoleTruncatesAt500() throws {
        var env = try makeEnvironment("cartpole")
        var o = env.reset(seed: 3)
        for t in 1...500 {
            // A linear balancing controller: push toward where the pole and cart drift.
            let push = o[2] + 0.5 * o[3] + 0.01 * o[0] + 0.1 * o[1] > 0 ? 1 : 0
            let result = env.step(.discrete(push))
            o = result.observation
            #expect(result.reward == 1)
            #expect(!result.terminated)
            #expect(result.truncated == (t == 500))
        }
    }
}
