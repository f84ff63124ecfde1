import CredoCheckpoint
import CredoEnvironments

/// ActorCritic's own rules for a checkpoint's content, beyond the generic ones the run layer
/// checks (the same names and shapes as a fresh trainer's checkpoint, finite values, generator
/// states, consistent counters):
///
/// - normaliser variances and counts, the gradient-variance second moments and the window's
///   episode lengths are not negative, and lengths are whole numbers;
/// - no optimizer and no variance probe ahead of the updates: an update takes one optimizer step
///   per network, or epochs × minibatches of them (PPO; with minibatches of whole-episode
///   rollouts the count per update is not fixed);
/// - each copy's episode log is as long as its `episode_length`, and every logged action lies in
///   the action space.
extension ActorCritic {
    public func contentProblem(in checkpoint: Checkpoint) -> String? {
        for name in checkpoint.names {
            let last = name.split(separator: "/").last.map(String.init) ?? ""
            let nonNegative = ["variance", "count", "gradient_mean_square", "recent_lengths"].contains(last)
            guard nonNegative, let values = checkpoint[name]?.values(as: Double.self) else { continue }
            if let value = values.first(where: { $0 < 0 }) { return "dataset \"\(name)\" holds \(value), which cannot be negative" }
            if last == "recent_lengths", let value = values.first(where: { $0 != $0.rounded() }) {
                return "dataset \"\(name)\" holds \(value), which must be a whole number"
            }
        }
        return optimizerStepProblem(in: checkpoint) ?? episodeLogProblem(in: checkpoint)
    }

    /// The most optimizer steps one update takes per network; nil when not fixed.
    var optimizerStepsPerUpdate: Int? {
        guard config.epochs > 1 || config.minibatchSize > 0 else { return 1 }
        if config.episodicRollouts && config.minibatchSize > 0 { return nil }
        let rows = config.environmentCount * config.rolloutSteps
        let minibatches = config.minibatchSize == 0 ? 1 : (rows + config.minibatchSize - 1) / config.minibatchSize
        return config.epochs * minibatches
    }

    private func optimizerStepProblem(in checkpoint: Checkpoint) -> String? {
        guard let updates = checkpoint.count("counters/updates") else { return nil }
        for name in checkpoint.names where name.hasPrefix("optimizer/") && name.hasSuffix("/step") || name.hasSuffix("diagnostics/gradient_count") {
            let perUpdate = optimizerStepsPerUpdate
            if let value = checkpoint.count(name), let perUpdate, value > updates * Double(perUpdate) {
                return "\"\(name)\" is \(value), more than the \(Int(updates)) updates"
                    + (perUpdate > 1 ? " × \(perUpdate) minibatch steps" : "") + " allow"
            }
        }
        return nil
    }

    private func episodeLogProblem(in checkpoint: Checkpoint) -> String? {
        // Rank 0's logs (`env/<i>/actions`) and, in a checkpoint of several ranks, the others'
        // (`rank/<r>/env/<i>/actions`).
        let space = collector.environments.actionSpace
        for name in checkpoint.names where (name.hasPrefix("env/") || name.hasPrefix("rank/")) && name.hasSuffix("/actions") {
            let prefix = name.dropLast("/actions".count)
            guard let log = checkpoint[name], let values = log.values(as: Float.self) else { continue }
            if let length = checkpoint[prefix + "/episode_length"]?.values(as: Int64.self)?.first,
               let rows = log.shape.first, Int64(rows) != length {
                return "\"\(name)\" logs \(rows) actions, but \"\(prefix)/episode_length\" is \(length)"
            }
            guard case .discrete(let n) = space else { continue }
            if let bad = values.first(where: { !($0 >= 0 && $0 < Float(n) && $0 == $0.rounded()) }) {
                return "\"\(name)\" logs the action \(bad), outside the action space Discrete(\(n))"
            }
        }
        return nil
    }
}

extension Checkpoint {
    /// A scalar count dataset as a number, whatever its element type; nil when absent or not a scalar.
    public func count(_ name: String) -> Double? {
        guard let dataset = self[name], dataset.isScalar else { return nil }
        return dataset.values(as: Int64.self).map { Double($0[0]) } ?? dataset.values(as: Float.self).map { Double($0[0]) }
            ?? dataset.values(as: Double.self).map { $0[0] }
    }
}
