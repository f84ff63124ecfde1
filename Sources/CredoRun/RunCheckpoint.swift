import CredoAgents
import CredoCheckpoint
import CredoTensor

/// What a training run adds to the trainer's own checkpoint, and how a run reads one back.
///
/// Attributes: `config` (the `RunConfiguration` as compact JSON: the trainer's `TrainingConfig`
/// keys plus the budget and checkpoint policy, replacing the trainer's own `config`),
/// `environment`, `estimator`, `credo_version` and `matrix_products` (the rounding path of the
/// products, `MatrixProducts.pathName`; absent in checkpoints from before it, which used OpenBLAS), beside the `format_version` every checkpoint
/// has. The counters `counters/environment_steps`, `counters/episodes` and `counters/updates`
/// (`TrainingCounters.datasets`) are added when the trainer did not write them.
public enum RunCheckpoint {
    /// The library version written to `credo_version`.
    public static let credoVersion = "0.1.0"

    /// Adds the run's attributes and any missing counters to `checkpoint`.
    public static func annotate(_ checkpoint: inout Checkpoint, configuration: RunConfiguration,
                                counters: TrainingCounters) throws(CheckpointError) {
        checkpoint.attributes["config"] = configuration.compactJSON
        checkpoint.attributes["environment"] = configuration.env
        checkpoint.attributes["estimator"] = configuration.estimator.rawValue
        checkpoint.attributes["credo_version"] = credoVersion
        checkpoint.attributes[matrixProductsAttribute] = MatrixProducts.pathName
        for (name, value) in counters.datasets where checkpoint[name] == nil {
            try checkpoint.set(name, scalar: Int64(value))
        }
    }

    /// The attribute naming the products' rounding path.
    public static let matrixProductsAttribute = "matrix_products"

    /// What to tell the user when `checkpoint` was written on another rounding path than this
    /// process's (nil when they agree): the run goes on, but not bit for bit as it would have.
    public static func roundingPathNote(_ checkpoint: Checkpoint) -> String? {
        let theirs = checkpoint.attributes[matrixProductsAttribute] ?? "openblas"
        guard theirs != MatrixProducts.pathName else { return nil }
        let setting = theirs == "openblas" ? "0" : "1"
        return "the checkpoint's matrix products ran on \(theirs), this run's on \(MatrixProducts.pathName): it continues, "
            + "but not bit for bit as the first run would have (set \(MatrixProducts.settingVariable)=\(setting) to continue exactly)"
    }

    /// Reads the checkpoint at `path` and the configuration it was trained with. A missing,
    /// truncated or corrupt file throws `CheckpointError`; a file without a readable `config`
    /// attribute throws `RunError.invalidCheckpointConfiguration`.
    public static func load(path: String) throws -> (checkpoint: Checkpoint, configuration: RunConfiguration) {
        let checkpoint = try Checkpoint.read(from: path)
        guard let json = checkpoint.attributes["config"] else {
            throw RunError.invalidCheckpointConfiguration(path: path, reason: "it has no \"config\" attribute (was it written by rl-train?)")
        }
        return (checkpoint, try RunConfiguration(json: json, source: path))
    }

    /// Restores `trainer` from `checkpoint` and checks that its counters now equal the
    /// checkpoint's; the trainer's own `restore` names any architecture or environment mismatch.
    public static func restore(_ trainer: inout any Trainer, from checkpoint: Checkpoint, path: String) throws {
        try trainer.restore(from: checkpoint)
        for (name, value) in trainer.counters.datasets {
            let saved = try checkpoint.scalar(name, as: Int64.self)
            guard saved == Int64(value) else {
                throw RunError.inconsistentCheckpoint(path: path, reason: "\(name) is \(saved), but the restored trainer counts \(value)")
            }
        }
    }
}
