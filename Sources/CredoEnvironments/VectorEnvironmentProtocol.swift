/// What a learner needs of N copies of an environment stepped together, whoever steps them:
/// Credo's own `VectorEnvironment` (in process) and `GymVectorEnvironment` (Gymnasium, in
/// Python worker processes) both conform, and `RolloutCollector` drives either through it.
///
/// The contract is `VectorEnvironment`'s: observations in one flat row-major buffer
/// [count, observationSize]; **same-step autoreset**: when copy i's episode ends in a step
/// (`terminated[i]` or `truncated[i]`), row i of `observations` is already the first observation
/// of its next episode and `finalObservation(i)` is the last observation of the finished one, the
/// state a learner bootstraps a truncated episode from.
///
/// `step` and `reset` may throw: a vector environment in other processes can fail (a worker that
/// raises, dies or hangs). An in-process one never throws.
public protocol VectorEnvironmentProtocol {
    /// The number of copies.
    var count: Int { get }
    /// Scalars per observation.
    var observationSize: Int { get }
    /// The observation space of one copy.
    var observationSpace: Space { get }
    /// The action space of one copy.
    var actionSpace: Space { get }
    /// The current observation of every copy, [count, observationSize] row-major.
    var observations: [Float] { get }
    /// The rewards of the last step.
    var rewards: [Double] { get }
    /// Which copies reached a terminal state in the last step.
    var terminated: [Bool] { get }
    /// Which copies were cut by a limit (a time limit) in the last step.
    var truncated: [Bool] { get }
    /// The last observation of copy i's episode that ended in the last step.
    func finalObservation(_ i: Int) -> ArraySlice<Float>
    /// Whether copy i's episode ended in the last step (either way).
    func isDone(_ i: Int) -> Bool
    /// Steps copy i with `actions[i]`, resetting the copies whose episodes end.
    mutating func step(_ actions: [Action]) throws
    /// Resets every copy; with a seed, reseeds them first (copy i from a seed derived from it).
    mutating func reset(seed: UInt64?) throws
}

extension VectorEnvironment: VectorEnvironmentProtocol {}
