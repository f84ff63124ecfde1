import CredoTensor

/// One Gymnasium environment as a Credo `Environment` (`makeEnvironment("gym:CartPole-v1")`):
/// a `GymVectorEnvironment` of one copy in one worker process. For evaluation and single-copy
/// use; training goes through the vector environment, which batches copies per worker.
///
/// `Environment` cannot throw, so a worker failure during `step` or `reset` stops the program
/// with the `GymError`'s message; `GymVectorEnvironment` reports the same failures as errors.
/// `reset(seed:)` with a seed resets Gymnasium's copy with that seed; `rng` only feeds those
/// seeds (Gymnasium's own generator lives in the worker and cannot be saved).
public struct GymEnvironment: Environment {
    /// The vector environment of one copy behind this environment (shared by copies of the value).
    public let vector: GymVectorEnvironment
    public var rng: RandomGenerator

    /// Starts one worker with `gymnasium.make(id, **keywordArguments)` (with `recording`, made
    /// with `render_mode="rgb_array"` for `vector.startRecording(to:maximumFrames:)`).
    public init(id: String, keywordArguments: String? = nil, python: String? = nil, seed: UInt64 = 0,
                recording: GymVideoFormat? = nil) throws {
        vector = try GymVectorEnvironment(id: id, count: 1, seed: seed, keywordArguments: keywordArguments, workers: 1,
                                          python: python, recording: recording)
        rng = RandomGenerator(seed: seed)
    }

    public var observationSpace: Space { vector.observationSpace }
    public var actionSpace: Space { vector.actionSpace }

    public mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { rng = RandomGenerator(seed: seed) }
        do { try vector.reset(seed: rng.next() >> 1) } catch { fatalError("\(error)") }
        return vector.observations
    }

    /// Steps Gymnasium's copy; at an episode's end returns the final observation (the worker has
    /// already reset the copy; the next `reset` starts a freshly seeded episode).
    public mutating func step(_ action: Action) -> StepResult {
        do { try vector.step([action]) } catch { fatalError("\(error)") }
        let done = vector.isDone(0)
        return StepResult(observation: done ? Array(vector.finalObservation(0)) : vector.observations,
                          reward: vector.rewards[0], terminated: vector.terminated[0], truncated: vector.truncated[0])
    }
}

extension EnvironmentRegistry {
    /// The prefix of names that `gymnasium.make` resolves: `gym:CartPole-v1`, `gym:module:EnvId-v0`.
    public static let gymPrefix = "gym:"

    /// Gymnasium's id in a `gym:` name, nil for any other name (or an empty id).
    public static func gymID(_ name: String) -> String? {
        guard name.hasPrefix(gymPrefix), name.count > gymPrefix.count else { return nil }
        return String(name.dropFirst(gymPrefix.count))
    }

    /// Whether `name` is registered or is a `gym:` name (checked by Gymnasium when it is made).
    public func accepts(_ name: String) -> Bool { names.contains(name) || Self.gymID(name) != nil }

    /// A fresh environment: a registered one, or for `gym:<id>` Gymnasium's, made with
    /// `keywordArguments` (a JSON object; only `gym:` environments take keyword arguments).
    public func make(_ name: String, keywordArguments: String?) throws -> any Environment {
        if let id = Self.gymID(name), !names.contains(name) { return try GymEnvironment(id: id, keywordArguments: keywordArguments) }
        return try make(name)
    }

    /// `count` copies of `name` as a vector environment: Credo's `VectorEnvironment` for a
    /// registered name, a `GymVectorEnvironment` (Python workers) for `gym:<id>`.
    public func makeVectorEnvironment(_ name: String, count: Int, seed: UInt64 = 0,
                                      keywordArguments: String? = nil) throws -> any VectorEnvironmentProtocol {
        if let id = Self.gymID(name), !names.contains(name) {
            return try GymVectorEnvironment(id: id, count: count, seed: seed, keywordArguments: keywordArguments)
        }
        return try makeVector(name, count: count, seed: seed)
    }
}
