import CredoCheckpoint

/// The counters in a checkpoint: int64 scalars `counters/environment_steps`, `counters/episodes`
/// and `counters/updates`, the one naming every trainer and `rl-train` use.
extension TrainingCounters {
    /// Each counter's dataset name and value.
    public var datasets: [(name: String, value: Int)] {
        [("counters/environment_steps", environmentSteps), ("counters/episodes", episodes), ("counters/updates", updates)]
    }

    /// Writes the counters into `checkpoint`.
    public func write(into checkpoint: inout Checkpoint) throws {
        for (name, value) in datasets { try checkpoint.set(name, scalar: Int64(value)) }
    }

    /// The counters a checkpoint holds; throws when one is missing or not an int64 scalar.
    public init(checkpoint: Checkpoint) throws {
        let read = { (name: String) in Int(try checkpoint.scalar(name, as: Int64.self)) }
        self.init(environmentSteps: try read("counters/environment_steps"), episodes: try read("counters/episodes"),
                  updates: try read("counters/updates"))
    }
}
