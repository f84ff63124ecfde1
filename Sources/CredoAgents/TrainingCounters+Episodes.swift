/// The bookkeeping every trainer does after collecting a rollout on one process, shared by
/// `ActorCritic` and `OffPolicyActorCritic`.
extension TrainingCounters {
    /// Counts a rollout of `steps` counted transitions that started at `environmentSteps`: adds
    /// the steps, counts the finished episodes, appends them to `window`, and returns them as the
    /// report gives them (with the run's environment step at which each ended).
    mutating func record(steps: Int, finished: [RolloutEpisode], window: inout EpisodeWindow) -> [FinishedEpisode] {
        let stepsBefore = environmentSteps
        environmentSteps += steps
        return finished.map { e in
            episodes += 1
            window.append(totalReward: e.totalReward, length: e.length)
            return FinishedEpisode(totalReward: e.totalReward, length: e.length, environmentStep: stepsBefore + e.stepsCollected)
        }
    }
}

extension RolloutBuffer {
    /// The first non-finite observation or reward of the rollout, as the error that stops a run
    /// before any update (so the caller keeps its last good checkpoint); nil when all are finite.
    /// `stepsBefore` is the run's environment step count when the rollout started.
    func nonFiniteOutput(stepsBefore: Int) -> ActorCriticError? {
        if let bad = rawObservations.firstIndex(where: { !$0.isFinite }) {
            return .nonFiniteEnvironmentOutput("observation", value: Double(rawObservations[bad]),
                                               step: stepsBefore + bad / observationSize + 1)
        }
        if let bad = rewards.firstIndex(where: { !$0.isFinite }) {
            return .nonFiniteEnvironmentOutput("reward", value: rewards[bad], step: stepsBefore + bad + 1)
        }
        return nil
    }
}
