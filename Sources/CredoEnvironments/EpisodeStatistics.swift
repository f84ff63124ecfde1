import CredoTensor

/// The undiscounted return and the length of one finished episode.
public struct EpisodeRecord: Equatable, Sendable {
    /// The sum of the rewards, Σ_t r_t.
    public var episodeReturn: Double
    /// The number of steps.
    public var length: Int

    @inlinable
    public init(episodeReturn: Double, length: Int) {
        self.episodeReturn = episodeReturn
        self.length = length
    }
}

/// Records the return and length of every finished episode, like Gymnasium's
/// `RecordEpisodeStatistics`: the last one, a count, and the most recent `capacity` in a ring
/// buffer allocated once, so recording allocates nothing.
///
/// Rewards are those the inner environment returns, so put this wrapper inside any reward
/// normalisation to record the task's own returns.
public struct EpisodeStatistics<Inner: Environment>: Environment {
    public var inner: Inner
    /// The return and length of the episode in progress.
    public var current: EpisodeRecord { _current }
    /// The most recently finished episode.
    public var lastEpisode: EpisodeRecord? { _lastEpisode }
    /// How many episodes have finished.
    public var finishedEpisodes: Int { _finishedEpisodes }

    // Internal names, so the inlinable `step` can write them.
    @usableFromInline var _current = EpisodeRecord(episodeReturn: 0, length: 0)
    @usableFromInline var _lastEpisode: EpisodeRecord?
    @usableFromInline var _finishedEpisodes = 0
    @usableFromInline var ring: [EpisodeRecord]

    public init(_ inner: Inner, capacity: Int = 100) {
        precondition(capacity > 0, "EpisodeStatistics needs capacity > 0, got \(capacity)")
        self.inner = inner
        ring = Array(repeating: EpisodeRecord(episodeReturn: 0, length: 0), count: capacity)
    }

    /// How many recent episodes are kept.
    public var capacity: Int { ring.count }

    /// The last min(finishedEpisodes, capacity) finished episodes, oldest first.
    public var recentEpisodes: [EpisodeRecord] {
        let kept = min(finishedEpisodes, capacity)
        return (finishedEpisodes - kept..<finishedEpisodes).map { ring[$0 % capacity] }
    }

    /// The mean return of `recentEpisodes`, nil before the first episode ends.
    public var meanRecentReturn: Double? {
        let kept = min(finishedEpisodes, capacity)
        guard kept > 0 else { return nil }
        return (finishedEpisodes - kept..<finishedEpisodes).reduce(0) { $0 + ring[$1 % capacity].episodeReturn } / Double(kept)
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    @inlinable
    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        _current = EpisodeRecord(episodeReturn: 0, length: 0)
        inner.reset(seed: seed, into: observation)
    }

    @inlinable
    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        let outcome = inner.step(action, into: observation)
        _current.episodeReturn += outcome.reward
        _current.length += 1
        if outcome.isDone {
            ring[_finishedEpisodes % ring.count] = _current
            _lastEpisode = _current
            _finishedEpisodes += 1
            _current = EpisodeRecord(episodeReturn: 0, length: 0)
        }
        return outcome
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}

extension EpisodeStatistics: Sendable where Inner: Sendable {}
