import CredoEnvironments
import CredoTensor

/// Records what it takes to rebuild the episode in progress: the environment's random stream
/// just before the episode's reset, and every action since. Because an `Environment` is a
/// deterministic function of its stream and the actions it is given, replaying them (`replay`)
/// restores the exact physical state of any environment — CartPole's, LunarLander's, a wrapper's
/// counters — without knowing its type. This is how `ActorCritic` makes a resumed run
/// bit-identical while `VectorEnvironment` checkpoints only streams.
///
/// The log grows with the episode and is cleared at every reset; episodes are bounded by their
/// time limits (500 steps for CartPole, 1000 for LunarLander), so it stays small.
public struct EpisodeRecorder<Inner: Environment>: Environment {
    public var inner: Inner
    /// The inner stream's state just before the current episode's reset.
    public private(set) var episodeStartStream: RandomGenerator
    /// The actions taken in the current episode, in order.
    public private(set) var episodeActions: [Action] = []

    public init(_ inner: Inner) {
        self.inner = inner
        episodeStartStream = inner.rng
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed { inner.rng = RandomGenerator(seed: seed) }
        episodeStartStream = inner.rng
        episodeActions.removeAll(keepingCapacity: true)
        inner.reset(seed: nil, into: observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        episodeActions.append(action)
        return inner.step(action, into: observation)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }

    /// Rebuilds an episode: resets from `startStream` and replays `actions`. Returns the
    /// observation after the last action (the first observation when there are none).
    public mutating func replay(startStream: RandomGenerator, actions: [Action]) -> [Float] {
        inner.rng = startStream
        var observation = reset(seed: nil)
        for action in actions {
            let result = step(action)
            precondition(!(result.terminated || result.truncated),
                         "a replayed episode ended early: the log does not match this environment")
            observation = result.observation
        }
        return observation
    }
}
