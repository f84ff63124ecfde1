import CredoEnvironments
import CredoTensor

extension ActorCritic {
    /// Plays `episodes` episodes in a fresh copy of the training environment, seeded with `seed`,
    /// without learning (`PolicyEvaluation.run` with this trainer's `actingPolicy`):
    /// deterministic actions (the mode of π: the most probable class, the Gaussian's mean) by
    /// default, sampled ones from a generator seeded with `seed` otherwise. Observations are
    /// normalised with the training statistics, frozen. The trainer's own state, streams
    /// included, is untouched. `maxSteps` bounds each episode.
    public func evaluate(episodes: Int, seed: UInt64, deterministic: Bool = true,
                         maxSteps: Int = 100_000) throws -> [FinishedEpisode] {
        var environment = try registry.make(config.environment, keywordArguments: config.environmentKwargs)
        var policy: any EvaluationPolicy = ActorCriticPolicy(agent: self, generator: RandomGenerator(seed: seed))
        let result = try PolicyEvaluation.run(policy: &policy, environment: &environment, episodes: episodes, seed: seed,
                                              deterministic: deterministic, maxSteps: maxSteps)
        var steps = 0
        return zip(result.returns, result.lengths).map { total, length in
            steps += length
            return FinishedEpisode(totalReward: total, length: length, environmentStep: steps)
        }
    }
}
