import CredoEnvironments
import CredoTensor

extension RolloutCollector {
    /// Restarts every copy's episode from a seeded reset, forgetting the episodes in progress
    /// (their returns, lengths and discounted returns). This is how a resumed run continues on a
    /// vector environment whose state cannot be saved (Gymnasium's, in other processes): the
    /// checkpoint restores everything of the learner exactly, and the copies start new episodes
    /// from `seed`.
    public mutating func restartEpisodes(seed: UInt64) throws {
        try environments.reset(seed: seed)
        for i in 0..<count { episodeReturns[i] = 0; episodeLengths[i] = 0; discountedReturns[i] = 0 }
        currentObservations = environments.observations
    }

    /// The seed of the restarted episodes of a run resumed at `environmentSteps` on `rank`: a
    /// function of the run's seed, the step and the rank alone (so resuming the same checkpoint
    /// twice gives the same episodes), and different from the seed of the run's first reset.
    public static func restartSeed(runSeed: UInt64, environmentSteps: Int, rank: Int) -> UInt64 {
        var mixer = RandomGenerator(seed: runSeed ^ (UInt64(environmentSteps) &* 0x9E37_79B9_7F4A_7C15)
                                        ^ (UInt64(rank) &* 0xD1B5_4A32_D192_ED03) ^ 0x6779_6D5F_7265_7374)
        return mixer.next()
    }
}
