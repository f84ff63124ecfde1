import CredoSCG
import CredoTensor

/// One rollout: `steps` transitions from each of `environments` copies, time-major (row
/// `t * environments + b`). It is the data of a trajectory SCG: per step, the state s_t that
/// feeds the policy, the stochastic action node a_t ~ π(·|s_t) (with its log-probability at
/// collection time), the cost node −r_t, and the successor s_{t+1} a critic bootstraps from.
///
/// `nextObservations` holds each step's true successor: the next observation while the episode
/// runs, and the *final* observation of an episode that ended (the vector environment has
/// already reset that copy, so the next row of `observations` starts a new episode). Critics
/// bootstrap from it after a truncation, never after a termination (`TrajectorySegment`).
///
/// Values V(s_t) are not stored: the critic does not change between collection and update, so
/// `ActorCritic` computes them, and V(s_{t+1}), in one batched pass when it learns.
///
/// The buffer also keeps what the action node's estimator recorded when it drew each action
/// (`SampleRecord.noise`: RELAX's Gumbel noise u and v, a reparameterised action's ε, ...), so
/// that its learning half can rebuild the proposal under the policy being updated.
public struct RolloutBuffer: Sendable {
    public let steps: Int
    public let environments: Int
    public let observationSize: Int
    public let actionSize: Int
    /// [T·B, observationSize], as the policy saw them (normalised if the run normalises).
    public var observations: [Float]
    /// [T·B, observationSize], before normalisation (the physical states a model steps from).
    public var rawObservations: [Float]
    /// [T·B, observationSize]: each step's successor (the final observation after an episode end).
    public var nextObservations: [Float]
    /// [T·B, actionSize]: class indices or action vectors.
    public var actions: [Float]
    public var rewards: [Double]
    public var terminated: [Bool]
    public var truncated: [Bool]
    /// log π(a_t|s_t) when the action was drawn.
    public var logProbs: [Float]
    /// 1 for steps that count, 0 for padding (steps after a copy's episode in an episodic rollout).
    public var mask: [Float]
    /// What the estimator recorded with each draw, by name: [T·B] + `recordedShapes[name]`.
    public var recorded: [String: [Float]] = [:]
    /// The per-row shape of each recorded tensor.
    public var recordedShapes: [String: [Int]] = [:]

    public init(steps: Int, environments: Int, observationSize: Int, actionSize: Int) {
        self.steps = steps
        self.environments = environments
        self.observationSize = observationSize
        self.actionSize = actionSize
        let n = steps * environments
        observations = Array(repeating: 0, count: n * observationSize)
        nextObservations = observations
        rawObservations = observations
        actions = Array(repeating: 0, count: n * actionSize)
        rewards = Array(repeating: 0, count: n)
        terminated = Array(repeating: false, count: n)
        truncated = terminated
        logProbs = Array(repeating: 0, count: n)
        mask = Array(repeating: 1, count: n)
    }

    /// T·B.
    public var count: Int { steps * environments }
    /// The number of steps that count (Σ mask).
    public var validCount: Int { Int(mask.reduce(0, +)) }

    public var observationTensor: Tensor { Tensor(shape: [count, observationSize], scalars: observations) }
    public var rawObservationTensor: Tensor { Tensor(shape: [count, observationSize], scalars: rawObservations) }
    public var nextObservationTensor: Tensor { Tensor(shape: [count, observationSize], scalars: nextObservations) }
    public var actionTensor: Tensor { Tensor(shape: [count, actionSize], scalars: actions) }
    public var maskTensor: Tensor { Tensor(shape: [count], scalars: mask) }

    /// Whether each row continues the episode of the row one step earlier in the same copy
    /// (false at t = 0 and after an episode ended): the chain of the trajectory SCG.
    public var continues: [Bool] {
        (0..<count).map { $0 >= environments && !terminated[$0 - environments] && !truncated[$0 - environments] }
    }

    /// The action nodes' record for the trajectory SCG: values [1, T·B, k] (one-hot rows of the
    /// class index for `classCount` classes, else the action vectors) and the recorded noise.
    public func actionRecord(classCount: Int?) -> SampleRecord {
        let values = classCount.map { Tensor.oneHot(actions.map { Int($0) }, classes: $0).reshaped([1, count, $0]) }
            ?? Tensor(shape: [1, count, actionSize], scalars: actions)
        var noise: [String: Tensor] = [:]
        for (name, scalars) in recorded { noise[name] = Tensor(shape: [1, count] + recordedShapes[name]!, scalars: scalars) }
        return SampleRecord(values: values, noise: noise)
    }

    /// The given rows as a buffer of one step of `indices.count` copies (a minibatch: no row is
    /// another's ancestor).
    public func rows(_ indices: [Int]) -> RolloutBuffer {
        var b = RolloutBuffer(steps: 1, environments: indices.count, observationSize: observationSize, actionSize: actionSize)
        // Row by row through the arrays' buffers: PPO's minibatch steps pick thousands of times
        // per run, where `flatMap` over array slices cost about 5 % of a CartPole solve.
        func pick<T>(_ x: [T], width: Int) -> [T] {
            if width == 1 || indices.isEmpty { return indices.map { x[$0] } }
            return x.withUnsafeBufferPointer { source in
                [T](unsafeUninitializedCapacity: indices.count * width) { out, initialized in
                    var at = out.baseAddress!
                    for i in indices {
                        precondition(i >= 0 && (i + 1) * width <= source.count, "row \(i) of a \(source.count / width)-row buffer")
                        at.initialize(from: source.baseAddress! + i * width, count: width)
                        at += width
                    }
                    initialized = indices.count * width
                }
            }
        }
        b.observations = pick(observations, width: observationSize)
        b.rawObservations = pick(rawObservations, width: observationSize)
        b.nextObservations = pick(nextObservations, width: observationSize)
        b.actions = pick(actions, width: actionSize)
        b.rewards = pick(rewards, width: 1)
        b.terminated = pick(terminated, width: 1)
        b.truncated = pick(truncated, width: 1)
        b.logProbs = pick(logProbs, width: 1)
        b.mask = pick(mask, width: 1)
        b.recordedShapes = recordedShapes
        for (name, values) in recorded { b.recorded[name] = pick(values, width: recordedShapes[name]!.reduce(1, *)) }
        return b
    }

    /// The segment the return targets work on, given V(s_t) and V(s_{t+1}) per row.
    public func segment(values: [Double], nextValues: [Double]) -> TrajectorySegment {
        TrajectorySegment(steps: steps, environments: environments, rewards: rewards, values: values,
                          nextValues: nextValues, terminated: terminated, truncated: truncated)
    }
}
