import CredoAgents
import CredoCheckpoint

/// Checking a checkpoint by its content before a trainer is restored from it.
///
/// A checkpoint Credo wrote carries a checksum (`ChecksumUserBlock`) that catches any damaged
/// byte; one written by another tool (h5py) has none. Either way, before `restore` the content
/// itself is checked against the checkpoint a fresh trainer of the same configuration writes.
/// The generic rules, for every trainer:
///
/// - the same dataset names, each with the same element type and shape (a dataset empty in the
///   fresh trainer's, such as an episode log, may have any length of the same trailing shape;
///   an optimizer slot has its parameter's);
/// - every float finite; integers, optimizers' second moments (`v`, `square_average`) not
///   negative; optimizer step counts whole numbers; random-generator states not all zero;
/// - the counters consistent: no more episodes or updates than environment steps;
/// - the root attributes (`environment`, `estimator`, `format_version`, ...) those the
///   configuration gives (but `matrix_products`, the rounding path, which may differ).
///
/// Then the trainer's own rules (`Trainer.contentProblem(in:)`: ActorCritic's optimizer steps per
/// update, normaliser statistics, episode logs inside the action space). `restore` then replays
/// each episode log, which throws when the log does not reproduce the saved stream. What content
/// cannot show (a value changed into another plausible value in a file without a checksum) is the
/// one damage this lets through.
extension RunCheckpoint {
    /// Throws `RunError.inconsistentCheckpoint` naming the first problem.
    public static func verifyContent(_ checkpoint: Checkpoint, path: String, reference: Checkpoint,
                                     trainer: any Trainer) throws(RunError) {
        let fail = { (reason: String) in RunError.inconsistentCheckpoint(path: path, reason: reason) }
        // `matrix_products` may differ (or be absent, before it existed): resuming on another
        // rounding path is allowed, with a note (`roundingPathNote`).
        for (key, value) in reference.attributes.sorted(by: { $0.key < $1.key }) where key != "config" && key != matrixProductsAttribute {
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
        if let problem = trainer.contentProblem(in: checkpoint) { throw fail(problem) }
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
        let optimizer = components.first == "optimizer"
        let nonNegative = optimizer && (components.contains("v") || components.contains("square_average"))
        let whole = optimizer && components.last == "step"
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
        guard let steps = checkpoint.count("counters/environment_steps"), let updates = checkpoint.count("counters/updates"),
              let episodes = checkpoint.count("counters/episodes") else { return }
        if episodes > steps { throw fail("it counts \(Int(episodes)) episodes in only \(Int(steps)) environment steps") }
        if updates > steps { throw fail("it counts \(Int(updates)) updates in only \(Int(steps)) environment steps") }
    }
}
