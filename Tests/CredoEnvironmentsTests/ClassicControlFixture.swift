import Foundation
import Testing
@testable import CredoEnvironments

/// Episodes recorded from Gymnasium by `scripts/gym_classic_control_traces.py`: each list is one
/// string of fixed-width hex (float32 bits: 8 digits, float64 bits: 16), see the script.
struct ClassicControlFixture: Decodable {
    var gymnasium_version: String
    var environment: String
    var episodes: [Episode]

    struct Episode: Decodable {
        var seed: Int
        var policy: String
        var end: String
        var steps: Int
        var initial_state: String
        var initial_observation: String
        var actions: String
        var observations: String
        var rewards: String
        var flags: String

        var initialState: [Double] { hexWords(initial_state, digits: 16).map { Double(bitPattern: $0) } }
        var initialObservation: [Float] { hexWords(initial_observation, digits: 8).map { Float(bitPattern: UInt32($0)) } }
        var continuousActions: [Float] { hexWords(actions, digits: 8).map { Float(bitPattern: UInt32($0)) } }
        var discreteActions: [Int] { actions.map { Int(String($0))! } }
        var rewardValues: [Double] { hexWords(rewards, digits: 16).map { Double(bitPattern: $0) } }
        /// The observation bit patterns, one row per step.
        func observationBits(width: Int) -> [[UInt32]] {
            let all = hexWords(observations, digits: 8).map { UInt32($0) }
            return stride(from: 0, to: all.count, by: width).map { Array(all[$0..<$0 + width]) }
        }
        var terminated: [Bool] { flags.map { $0 == "1" || $0 == "3" } }
        var truncated: [Bool] { flags.map { $0 == "2" || $0 == "3" } }
    }

    static func load(_ name: String) throws -> ClassicControlFixture {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(ClassicControlFixture.self, from: Data(contentsOf: url))
    }
}

/// Splits a string of concatenated hex numbers of `digits` digits each.
func hexWords(_ s: String, digits: Int) -> [UInt64] {
    let bytes = Array(s.utf8)
    precondition(bytes.count % digits == 0, "hex string of \(bytes.count) digits is not a multiple of \(digits)")
    return stride(from: 0, to: bytes.count, by: digits).map { start in
        UInt64(String(decoding: bytes[start..<start + digits], as: UTF8.self), radix: 16)!
    }
}

/// Replays every episode of `fixture` in an environment made by `make` (which sets the recorded
/// start state), taking the episode's `actions`, and returns one line per episode whose observations (bit for bit), rewards or
/// flags differ from Gymnasium's at some step, naming the first such step.
func replayMismatches<E: Environment>(_ fixture: ClassicControlFixture, width: Int,
                                      make: (ClassicControlFixture.Episode) -> E,
                                      actions: (ClassicControlFixture.Episode) -> [Action]) -> [String] {
    var mismatches: [String] = []
    for episode in fixture.episodes {
        var env = make(episode)
        let observations = episode.observationBits(width: width), rewards = episode.rewardValues
        let terminated = episode.terminated, truncated = episode.truncated, actions = actions(episode)
        precondition(observations.count == episode.steps && rewards.count == episode.steps)
        for t in 0..<episode.steps {
            let result = env.step(actions[t])
            let bits = result.observation.map(\.bitPattern)
            if bits != observations[t] || result.reward.bitPattern != rewards[t].bitPattern
                || result.terminated != terminated[t] || result.truncated != truncated[t] {
                mismatches.append("seed \(episode.seed) (\(episode.policy)) step \(t): observation \(result.observation) "
                                  + "vs \(observations[t].map { Float(bitPattern: $0) }), reward \(result.reward) vs \(rewards[t]), "
                                  + "flags \(result.terminated)/\(result.truncated) vs \(terminated[t])/\(truncated[t])")
                break
            }
        }
    }
    return mismatches
}
