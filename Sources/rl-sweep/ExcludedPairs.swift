import CredoSweep

/// `rl-sweep --exclude ENV:ESTIMATOR`: pairs a sweep leaves out by name (e.g. the leaderboard's
/// off-policy runs whose preset budgets take hours each on a small machine), recorded as skipped
/// with the reason, without starting rl-train, like `--tuned-only`'s untuned pairs.
enum ExcludedPairs {
    /// The reason for each excluded pair, keyed by `TunedPairs.key(env, estimator)`. Every entry
    /// of `entries` is `ENV:ESTIMATOR` (several may be given comma-separated); both names must be
    /// among the sweep's environments and estimators.
    static func reasons(_ entries: [String], environments: [String], estimators: [String]) throws(SweepError) -> [String: String] {
        var reasons: [String: String] = [:]
        for entry in entries.flatMap({ $0.split(separator: ",").map(String.init) }) {
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw .invalidArgument("invalid --exclude \"\(entry)\": give ENV:ESTIMATOR, e.g. lunarlander-continuous:sac")
            }
            let (environment, estimator) = (parts[0], parts[1])
            guard environments.contains(environment) else {
                throw .invalidArgument("--exclude \(entry) names the environment \"\(environment)\", which is not among --envs (\(environments.joined(separator: ", ")))")
            }
            guard estimators.contains(estimator) else {
                throw .invalidArgument("--exclude \(entry) names the estimator \"\(estimator)\", which is not among --estimators (\(estimators.joined(separator: ", ")))")
            }
            reasons[TunedPairs.key(environment, estimator)] = "excluded from this sweep (--exclude \(environment):\(estimator))"
        }
        return reasons
    }
}
