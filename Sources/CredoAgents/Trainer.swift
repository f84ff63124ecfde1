import CredoCheckpoint

/// What a training loop reports after one update.
public struct UpdateReport: Sendable {
    /// Episodes that finished during this update's rollout.
    public var episodes: [FinishedEpisode]
    /// Scalar diagnostics of the update, by name: "policy_loss", "value_loss", "entropy",
    /// "explained_variance", "grad_norm", "pg_log_variance", ...
    public var metrics: [String: Double]

    public init(episodes: [FinishedEpisode] = [], metrics: [String: Double] = [:]) {
        self.episodes = episodes
        self.metrics = metrics
    }
}

/// One finished episode.
public struct FinishedEpisode: Equatable, Sendable {
    /// The undiscounted return.
    public var totalReward: Double
    public var length: Int
    /// The total number of environment steps when it finished.
    public var environmentStep: Int

    public init(totalReward: Double, length: Int, environmentStep: Int) {
        self.totalReward = totalReward
        self.length = length
        self.environmentStep = environmentStep
    }
}

/// The counters a run keeps and a checkpoint saves.
public struct TrainingCounters: Equatable, Codable, Sendable {
    public var environmentSteps = 0
    public var episodes = 0
    public var updates = 0

    public init(environmentSteps: Int = 0, episodes: Int = 0, updates: Int = 0) {
        self.environmentSteps = environmentSteps
        self.episodes = episodes
        self.updates = updates
    }
}

/// A training loop the command line drives: one rollout and one update per `update()`, and all
/// of its state in and out of a `Checkpoint`, so a resumed run continues exactly.
public protocol Trainer {
    var counters: TrainingCounters { get }

    /// Collects one rollout and applies one update.
    mutating func update() throws -> UpdateReport

    /// Everything needed to continue exactly: parameters ("params/..."), optimizer state
    /// ("optimizer/..."), every random generator ("rng/..."), normaliser statistics and counters.
    func checkpoint() throws -> Checkpoint

    /// Restores a state written by `checkpoint()`; throws, naming the mismatch, when the
    /// checkpoint comes from another environment or architecture.
    mutating func restore(from checkpoint: Checkpoint) throws
}
