import CredoAgents
import CredoEnvironments
import CredoTensor
import Testing

/// `EpisodeRecorder.replay` rebuilds an episode in progress from its log, and reports a log that
/// cannot be the episode as an error, never a trap.
@Suite("Episode replay")
struct EpisodeRecorderReplayTests {
    private func recorder() throws -> EpisodeRecorder<AnyEnvironment> {
        EpisodeRecorder(AnyEnvironment(try EnvironmentRegistry.standard.make("cartpole")))
    }

    @Test func aRecordedEpisodeReplaysToTheSameObservationAndStream() throws {
        var live = try recorder()
        _ = live.reset(seed: 4)
        let start = live.episodeStartStream
        var last: [Float] = []
        for step in 0..<12 { last = live.step(.discrete(step % 2)).observation }
        var rebuilt = try recorder()
        #expect(try rebuilt.replay(startStream: start, actions: live.episodeActions) == last)
        #expect(rebuilt.rng == live.rng)
    }

    @Test func anActionOutsideTheSpaceIsAnError() throws {
        var environment = try recorder()
        let start = environment.rng
        #expect(throws: EpisodeReplayError.actionOutsideSpace(index: 1, action: "\(Action.discrete(5))", space: "Discrete(2)")) {
            try environment.replay(startStream: start, actions: [.discrete(0), .discrete(5)])
        }
        #expect(throws: EpisodeReplayError.self) { try environment.replay(startStream: start, actions: [.continuous([0.5])]) }
    }

    @Test func aLogThatEndsTheEpisodeIsAnError() throws {
        var environment = try recorder()
        let start = environment.rng
        // Always pushing left, the pole falls long before 600 steps.
        #expect {
            try environment.replay(startStream: start, actions: Array(repeating: .discrete(0), count: 600))
        } throws: { error in
            guard case .endedEarly(let after, let logged)? = error as? EpisodeReplayError else { return false }
            return after < 600 && logged == 600
        }
    }

    @Test func continuousActionsOutsideTheBoxReplayButNonFiniteOnesDoNot() throws {
        var environment = EpisodeRecorder(AnyEnvironment(try EnvironmentRegistry.standard.make("cartpole-continuous")))
        let start = environment.rng
        _ = try environment.replay(startStream: start, actions: [.continuous([-1.03]), .continuous([1.5])])
        #expect(throws: EpisodeReplayError.self) { try environment.replay(startStream: start, actions: [.continuous([.nan])]) }
        #expect(throws: EpisodeReplayError.self) { try environment.replay(startStream: start, actions: [.continuous([0.1, 0.2])]) }
    }
}
