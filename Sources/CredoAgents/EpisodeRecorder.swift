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
    ///
    /// Throws `EpisodeReplayError` when the log cannot be this environment's episode in
    /// progress: an action the environment cannot take (`canStep`, checked before it is stepped), or an
    /// episode that ends before the last action. A damaged checkpoint's log is an error, never a
    /// trap.
    public mutating func replay(startStream: RandomGenerator, actions: [Action]) throws(EpisodeReplayError) -> [Float] {
        inner.rng = startStream
        var observation = reset(seed: nil)
        for (index, action) in actions.enumerated() {
            guard Self.canStep(action, in: actionSpace) else {
                throw .actionOutsideSpace(index: index, action: "\(action)", space: "\(actionSpace)")
            }
            let result = step(action)
            if result.terminated || result.truncated { throw .endedEarly(afterActions: index + 1, logged: actions.count) }
            observation = result.observation
        }
        return observation
    }
}

extension EpisodeRecorder {
    /// Whether an environment can be stepped with `action`: a discrete action inside the space,
    /// or finite continuous values of the space's size (environments clip them to the box, so a
    /// sampled action outside it is a legitimate part of a log).
    static func canStep(_ action: Action, in space: Space) -> Bool {
        switch (space, action) {
        case (.discrete, .discrete): space.contains(action)
        case (.box(_, _, let shape), .continuous(let values)): values.count == shape.reduce(1, *) && values.allSatisfy(\.isFinite)
        default: false
        }
    }
}

/// Why an episode log does not replay in its environment.
public enum EpisodeReplayError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Action `index` of the log is not one the environment can take.
    case actionOutsideSpace(index: Int, action: String, space: String)
    /// The episode ended after `afterActions` of the `logged` actions; an episode in progress
    /// never ends, so the log does not belong to this environment and stream.
    case endedEarly(afterActions: Int, logged: Int)

    public var description: String {
        switch self {
        case .actionOutsideSpace(let index, let action, let space):
            "the episode log's action \(index) (\(action)) lies outside the action space \(space)"
        case .endedEarly(let after, let logged):
            "the episode log does not replay: the episode ended after \(after) of its \(logged) actions"
        }
    }
}
