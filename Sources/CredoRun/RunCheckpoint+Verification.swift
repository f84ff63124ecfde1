import CredoAgents
import CredoCheckpoint
import CredoEnvironments

/// Checking a checkpoint by its content before a trainer is restored from it.
///
/// A checkpoint Credo wrote carries a checksum (`ChecksumUserBlock`) that catches any damaged
/// byte; one written by another tool (h5py) has none. Either way, before `restore` the content
/// itself is checked against the checkpoint a fresh trainer of the same configuration writes:
///
/// - the same dataset names, each with the same element type and shape (a dataset empty in the
///   fresh trainer's, such as an episode log, may have any length of the same trailing shape;
///   an optimizer slot has its parameter's);
/// - every float finite; second moments, variances, counts and lengths not negative; step
///   counts whole numbers; random-generator states not all zero;
/// - the counters consistent: no more episodes or updates than environment steps, no
///   optimizer or variance probe ahead of the updates, each episode log as long as its
///   `episode_length`;
/// - every logged action inside the environment's action space;
/// - the root attributes (`environment`, `estimator`, `format_version`, ...) those the
///   configuration gives.
///
/// `restore` then replays each episode log (`EpisodeRecorder.replay`), which throws when the log
/// does not reproduce the saved stream. What content cannot show (a value changed into another
/// plausible value in a file without a checksum) is the one damage this lets through.
extension RunCheckpoint {
    /// Throws `RunError.inconsistentCheckpoint` naming the first problem.
    public static func verifyContent(_ checkpoint: Checkpoint, path: String, reference: Checkpoint,
                                     actionSpace: Space?) throws(RunError) {
        let fail = { (reason: String) in RunError.inconsistentCheckpoint(path: path, reason: reason) }
        for (key, value) in reference.attributes.sorted(by: { $0.key < $1.key }) where key != "config" {
            guard let saved = checkpoint.attributes[key] else { throw fail("it has no \"\(key)\" attribute") }
            guard saved == value else { throw fail("its \"\(key)\" attribute is \"\(saved)\", but its configuration gives \"\(value)\"") }
        }
        let names = Set(checkpoint.names), expected = Set(reference.names)
        if let missing = expected.subtracting(names).sorted().first { throw fail("dataset \"\(missing)\" is missing") }
        for name in checkpoint.names {
            let saved = checkpoint[name]!
            guard let fresh = reference[name] ?? optimizerSlotReference(name, in: reference) else {
                // Optimizer state a fresh trainer has not created yet, laid out as that trainer
                // chose: its values are still checked; its restore checks the rest.
                guard name.hasPrefix("optimizer/") else {
                    throw fail("it holds a dataset \"\(name)\" that a checkpoint of this configuration does not have")
                }
                if let problem = valueProblem(saved, named: name) { throw fail("dataset \"\(name)\" \(problem)") }
                continue
            }
            guard saved.elementType == fresh.elementType else {
                throw fail("dataset \"\(name)\" holds \(saved.elementType) values, expected \(fresh.elementType)")
            }
            let variableLength = fresh.shape.first == 0 && saved.shape.count == fresh.shape.count
                && saved.shape.dropFirst() == fresh.shape.dropFirst()
            guard saved.shape == fresh.shape || variableLength else {
                throw fail("dataset \"\(name)\" has shape \(saved.shape), expected \(fresh.shape)")
            }
            if let problem = valueProblem(saved, named: name) { throw fail("dataset \"\(name)\" \(problem)") }
        }
        try verifyCounters(checkpoint, fail: fail)
        try verifyEpisodeLogs(checkpoint, actionSpace: actionSpace, fail: fail)
    }

    /// An optimizer's slot for a parameter (`optimizer/<net>/<slot>/<parameter>`) has the
    /// parameter's type and shape; a fresh trainer's optimizer has no slots yet.
    private static func optimizerSlotReference(_ name: String, in reference: Checkpoint) -> CheckpointDataset? {
        let components = name.split(separator: "/")
        guard components.count >= 4, components[0] == "optimizer" else { return nil }
        return reference[(["params", components[1]] + components.dropFirst(3)).joined(separator: "/")]
    }

    /// The checkpoint a fresh trainer of `configuration` writes, with the run's annotations:
    /// the structure `verifyContent` expects.
    public static func reference(for trainer: any Trainer, configuration: RunConfiguration) throws -> Checkpoint {
        var checkpoint = try trainer.checkpoint()
        try annotate(&checkpoint, configuration: configuration, counters: trainer.counters)
        return checkpoint
    }

    /// What is wrong with one dataset's values on their own, if anything.
    private static func valueProblem(_ dataset: CheckpointDataset, named name: String) -> String? {
        let components = name.split(separator: "/")
        let nonNegative = components.contains("v") && components.first == "optimizer" || components.contains("square_average")
            || ["variance", "count", "gradient_mean_square", "recent_lengths"].contains(components.last ?? "")
        let whole = components.last == "step" || components.last == "recent_lengths"
        switch dataset.array {
        case .float32(let values):
            if let value = values.first(where: { !$0.isFinite }) { return "holds \(value)" }
            if nonNegative, let value = values.first(where: { $0 < 0 }) { return "holds \(value), which cannot be negative" }
            if whole, let value = values.first(where: { $0 != $0.rounded() }) { return "holds \(value), which must be a whole number" }
        case .float64(let values):
            if let value = values.first(where: { !$0.isFinite }) { return "holds \(value)" }
            if nonNegative, let value = values.first(where: { $0 < 0 }) { return "holds \(value), which cannot be negative" }
            if whole, let value = values.first(where: { $0 != $0.rounded() }) { return "holds \(value), which must be a whole number" }
        case .int64(let values):
            if let value = values.first(where: { $0 < 0 }) { return "holds \(value), which cannot be negative" }
        case .uint64(let values):
            if components.first == "rng", !values.isEmpty, values.allSatisfy({ $0 == 0 }) {
                return "is an all-zero generator state, which no generator reaches"
            }
        }
        return nil
    }

    private static func verifyCounters(_ checkpoint: Checkpoint, fail: (String) -> RunError) throws(RunError) {
        func count(_ name: String) -> Double? {
            guard let dataset = checkpoint[name], dataset.isScalar else { return nil }
            return dataset.values(as: Int64.self).map { Double($0[0]) } ?? dataset.values(as: Float.self).map { Double($0[0]) }
                ?? dataset.values(as: Double.self).map { $0[0] }
        }
        guard let steps = count("counters/environment_steps"), let updates = count("counters/updates"),
              let episodes = count("counters/episodes") else { return }
        if episodes > steps { throw fail("it counts \(Int(episodes)) episodes in only \(Int(steps)) environment steps") }
        if updates > steps { throw fail("it counts \(Int(updates)) updates in only \(Int(steps)) environment steps") }
        // An update takes one optimizer step per network, or epochs × minibatches of them (PPO);
        // with minibatches of whole-episode rollouts the count per update is not fixed.
        let agent = checkpoint.attributes["config"].flatMap { try? RunConfiguration(json: $0, source: "") }?.agent
        var stepsPerUpdate: Double? = 1
        if let agent, agent.epochs > 1 || agent.minibatchSize > 0 {
            let rows = agent.environmentCount * agent.rolloutSteps
            let minibatches = agent.minibatchSize == 0 ? 1 : (rows + agent.minibatchSize - 1) / agent.minibatchSize
            stepsPerUpdate = agent.episodicRollouts && agent.minibatchSize > 0 ? nil : Double(agent.epochs * minibatches)
        }
        for name in checkpoint.names where name.hasPrefix("optimizer/") && name.hasSuffix("/step") || name.hasSuffix("diagnostics/gradient_count") {
            if let value = count(name), let perUpdate = stepsPerUpdate, value > updates * perUpdate {
                throw fail("\"\(name)\" is \(value), more than the \(Int(updates)) updates"
                    + (perUpdate > 1 ? " × \(Int(perUpdate)) minibatch steps" : "") + " allow")
            }
        }
    }

    private static func verifyEpisodeLogs(_ checkpoint: Checkpoint, actionSpace: Space?, fail: (String) -> RunError) throws(RunError) {
        // Rank 0's logs (`env/<i>/actions`) and, in a checkpoint of several ranks, the others'
        // (`rank/<r>/env/<i>/actions`).
        for name in checkpoint.names where (name.hasPrefix("env/") || name.hasPrefix("rank/")) && name.hasSuffix("/actions") {
            let prefix = name.dropLast("/actions".count)
            guard let log = checkpoint[name], let values = log.values(as: Float.self) else { continue }
            if let length = checkpoint[prefix + "/episode_length"]?.values(as: Int64.self)?.first,
               let rows = log.shape.first, Int64(rows) != length {
                throw fail("\"\(name)\" logs \(rows) actions, but \"\(prefix)/episode_length\" is \(length)")
            }
            guard case .discrete(let n)? = actionSpace else { continue }
            if let bad = values.first(where: { !($0 >= 0 && $0 < Float(n) && $0 == $0.rounded()) }) {
                throw fail("\"\(name)\" logs the action \(bad), outside the action space Discrete(\(n))")
            }
        }
    }
}
