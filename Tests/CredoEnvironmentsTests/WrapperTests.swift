import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct WrapperTests {
    @Test func timeLimitTruncatesAfterMaxStepsAndRestartsCounting() {
        var env = TimeLimit(Countdown(length: nil), maxEpisodeSteps: 3)
        for _ in 0..<2 {
            _ = env.reset(seed: nil)
            #expect(env.elapsedSteps == 0)
            let ends = (0..<3).map { _ in env.step(.discrete(0)).truncated }
            #expect(ends == [false, false, true])
            #expect(env.elapsedSteps == 3)
        }
    }

    @Test func timeLimitKeepsTerminationAndCanSetBothFlags() {
        var env = TimeLimit(Countdown(length: 2), maxEpisodeSteps: 2)
        _ = env.reset(seed: nil)
        let first = env.step(.discrete(0))
        let second = env.step(.discrete(0))
        #expect(!first.terminated && !first.truncated)
        #expect(second.terminated && second.truncated)
    }

    @Test func episodeStatisticsRecordsReturnsAndLengths() {
        // Episodes of length 4 pay 1 + 2 + 3 + 4 = 10.
        var env = EpisodeStatistics(Countdown(length: 4), capacity: 3)
        #expect(env.lastEpisode == nil && env.meanRecentReturn == nil)
        _ = env.reset(seed: nil)
        for _ in 0..<5 {
            var result: StepResult
            repeat { result = env.step(.discrete(0)) } while !result.terminated
            _ = env.reset(seed: nil)
        }
        #expect(env.finishedEpisodes == 5)
        #expect(env.lastEpisode == EpisodeRecord(episodeReturn: 10, length: 4))
        #expect(env.recentEpisodes.count == 3)
        #expect(env.meanRecentReturn == 10)
        // A truncated episode counts too, with its partial return.
        var limited = EpisodeStatistics(TimeLimit(Countdown(length: nil), maxEpisodeSteps: 2))
        _ = limited.reset(seed: nil)
        _ = limited.step(.discrete(0))
        #expect(limited.current == EpisodeRecord(episodeReturn: 1, length: 1))
        _ = limited.step(.discrete(0))
        #expect(limited.lastEpisode == EpisodeRecord(episodeReturn: 3, length: 2))
    }

    @Test func recentEpisodesAreTheLastOnesOldestFirst() {
        var env = EpisodeStatistics(TimeLimit(Countdown(length: nil), maxEpisodeSteps: 1), capacity: 2)
        var lengths: [Int] = []
        for limit in [1, 2, 3] {
            env.inner = TimeLimit(Countdown(length: nil), maxEpisodeSteps: limit)
            _ = env.reset(seed: nil)
            var result: StepResult
            repeat { result = env.step(.discrete(0)) } while !result.truncated
            lengths.append(limit)
        }
        #expect(env.recentEpisodes.map(\.length) == [2, 3])
        #expect(env.recentEpisodes.map(\.episodeReturn) == [3, 6])
    }

    @Test func wrappersForwardTheStream() {
        var env = EpisodeStatistics(TimeLimit(CartPole(seed: 1), maxEpisodeSteps: 10))
        let saved = env.rng
        let first = env.reset(seed: nil)
        env.rng = saved
        #expect(env.reset(seed: nil) == first)
        #expect(env.inner.inner.rng == env.rng)
    }
}
