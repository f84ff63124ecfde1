import CredoEnvironments
import CredoTensor

extension ActorCritic {
    /// Plays `episodes` episodes in a fresh copy of the training environment, seeded with `seed`,
    /// without learning: deterministic actions (the mode of π: the most probable class, the
    /// Gaussian's mean) by default, sampled ones otherwise. Observations are normalised with the
    /// training statistics, frozen. The trainer's own state, streams included, is untouched.
    public func evaluate(episodes: Int, seed: UInt64, deterministic: Bool = true,
                         maxSteps: Int = 100_000) throws -> [FinishedEpisode] {
        var env = try registry.make(config.environment, keywordArguments: config.environmentKwargs)
        var rng = RandomGenerator(seed: seed)
        var records: [FinishedEpisode] = []
        var steps = 0
        var observation = env.reset(seed: seed)
        for _ in 0..<episodes {
            var total = 0.0, length = 0
            while steps < maxSteps {
                let action = act(rawObservations: observation, deterministic: deterministic, using: &rng)[0]
                let result = env.step(action)
                total += result.reward
                length += 1
                steps += 1
                observation = result.observation
                if result.terminated || result.truncated { break }
            }
            records.append(FinishedEpisode(totalReward: total, length: length, environmentStep: steps))
            observation = env.reset(seed: nil)
        }
        return records
    }
}
