import CredoCheckpoint
import CredoEnvironments

/// The environment copies of a collector in a checkpoint, shared by every trainer that collects
/// through a `RolloutCollector`: under `prefix`, `rng/env/<i>` (each copy's stream now),
/// `rng/env_episode_start/<i>` (its stream before the reset of the episode in progress),
/// `env/<i>/actions` ([n, actionSize], the episode's actions so far), `env/<i>/episode_return`,
/// `env/<i>/episode_length` and `env/<i>/discounted_return`.
///
/// A vector environment saves only streams, so each copy's physical state (a time limit's step
/// count, LunarLander's bodies) is rebuilt on restore by replaying its episode in progress from
/// the saved start stream with the saved actions (`EpisodeRecorder`); the replayed stream is
/// checked against `rng/env/<i>`. A bridged vector environment (`gym:`) keeps its state in
/// Python and saves no episodes: on restore its copies restart from seeded resets.
extension RolloutCollector {
    /// Writes every copy's streams and episode in progress; `actionRow` flattens an action.
    func writeEpisodes(into c: inout Checkpoint, prefix: String, actionSize k: Int) throws {
        for (i, env) in (builtInEnvironments?.environments ?? []).enumerated() {
            try c.set("\(prefix)rng/env/\(i)", generator: env.rng)
            try c.set("\(prefix)rng/env_episode_start/\(i)", generator: env.episodeStartStream)
            let rows = env.episodeActions.flatMap(Self.actionRow)
            try c.set("\(prefix)env/\(i)/actions", rows, shape: [env.episodeActions.count, k])
            try c.set("\(prefix)env/\(i)/episode_return", scalar: episodeReturns[i])
            try c.set("\(prefix)env/\(i)/episode_length", scalar: Int64(episodeLengths[i]))
            try c.set("\(prefix)env/\(i)/discounted_return", scalar: discountedReturns[i])
        }
    }

    /// Rebuilds every copy's episode in progress by replay; `environmentAction` turns a saved
    /// row of `k` scalars back into the action the environment received. A bridged vector
    /// environment restarts its copies from resets seeded with `restartSeed` instead.
    mutating func restoreEpisodes(from c: Checkpoint, prefix p: String, actionSize k: Int, restartSeed: UInt64,
                                  environmentAction: (ArraySlice<Float>) -> Action) throws {
        guard let vector = builtInEnvironments else {
            try restartEpisodes(seed: restartSeed)
            return
        }
        var envs = vector.environments
        let o = observationSize
        var observations = [Float](repeating: 0, count: envs.count * o)
        for i in envs.indices {
            let rows = try c.values("\(p)env/\(i)/actions", as: Float.self)
            let actions = stride(from: 0, to: rows.count, by: k).map { environmentAction(rows[$0..<($0 + k)]) }
            let last = try envs[i].replay(startStream: try c.generator("\(p)rng/env_episode_start/\(i)"), actions: actions)
            guard envs[i].rng == (try c.generator("\(p)rng/env/\(i)")) else {
                throw ActorCriticError.checkpointMismatch("replaying environment \(i) did not reproduce its stream")
            }
            observations.replaceSubrange(i * o..<(i + 1) * o, with: last)
            episodeReturns[i] = try c.scalar("\(p)env/\(i)/episode_return", as: Double.self)
            episodeLengths[i] = Int(try c.scalar("\(p)env/\(i)/episode_length", as: Int64.self))
            discountedReturns[i] = try c.scalar("\(p)env/\(i)/discounted_return", as: Double.self)
        }
        builtInEnvironments!.environments = envs
        currentObservations = observations
    }

    static func actionRow(_ a: Action) -> [Float] {
        switch a {
        case .discrete(let i): return [Float(i)]
        case .continuous(let x): return x
        }
    }
}
