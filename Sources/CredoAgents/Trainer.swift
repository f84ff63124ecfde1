import CredoCheckpoint
import CredoEnvironments
import CredoTensor

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
///
/// The run layer (`CredoRun`) knows trainers only through this protocol: `ActorCritic` (the
/// on-policy family), the off-policy trainers and a test's small trainers all train through
/// `rl-train`'s one path (run folder, metrics, checkpoints, exact resume).
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

    /// The returns of the last finished episodes (at most 100, oldest first), which the run's
    /// rolling mean starts from on a rank that does not read `metrics.csv`. Default: none.
    var recentReturns: [Double] { get }

    /// What is wrong with `checkpoint`'s content by this trainer's own rules (bounds of its
    /// counters and optimizer steps, non-negative statistics, logged actions inside the action
    /// space), or nil. The run layer checks the generic rules (names, shapes, finite values,
    /// generator states, counters) itself, against a fresh trainer's checkpoint. Default: nil.
    func contentProblem(in checkpoint: Checkpoint) -> String?

    /// The acting part of this trainer (its policy and whatever it normalises observations with),
    /// for evaluation; nil for a trainer that cannot act on its own. Default: nil.
    func actingPolicy(generator: RandomGenerator) -> (any EvaluationPolicy)?
}

extension Trainer {
    public var recentReturns: [Double] { [] }
    public func contentProblem(in checkpoint: Checkpoint) -> String? { nil }
    public func actingPolicy(generator: RandomGenerator) -> (any EvaluationPolicy)? { nil }
}

/// The acting part of a trained agent: an action for each observation.
public protocol EvaluationPolicy {
    /// The action for `observation`: the most likely one (the mode, or the mean of a continuous
    /// policy) when `deterministic`, otherwise a sample drawn from the policy's own generator.
    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action
}

/// The configuration section a trainer owns: its hyperparameters beside the three keys every
/// run has (environment, estimator, seed). As JSON it is a flat object whose keys are the
/// section's `CodingKeys`; every field is optional when decoding (a missing key keeps its
/// default), so presets and older checkpoints list only what they change. A key two trainers
/// share (`gamma`, `learningRate`) means the same in both.
public protocol TrainerSettings: Codable, Equatable, Sendable {
    /// The defaults.
    init()
    /// A registered environment name.
    var environment: String { get set }
    /// The estimator of the trainer's catalogue entry.
    var estimator: EstimatorName { get set }
    /// Seeds every random generator of the run.
    var seed: UInt64 { get set }
    /// The first out-of-range value, naming its key and the rule, or nil.
    var problem: ConfigurationProblem? { get }
    /// `problem`, and the rules that need the run's budget (an off-policy run's learning starts
    /// within its total steps); `totalSteps` nil when the run is bounded by episodes only.
    func problem(totalSteps: Int?) -> ConfigurationProblem?
    /// The values an enumerated key takes, by key (`target`: `monte-carlo`, `k-step`, ...).
    static var enumeratedValues: [String: [String]] { get }
}

extension TrainerSettings {
    public func problem(totalSteps: Int?) -> ConfigurationProblem? { problem }
}

extension Checkpoint {
    /// The root attribute holding the number of ranks that wrote a checkpoint (absent: one).
    public static let worldSizeAttribute = "world_size"

    /// The number of ranks whose state this checkpoint holds (1 without the attribute).
    public var worldSize: Int { attributes[Self.worldSizeAttribute].flatMap { Int($0) } ?? 1 }
}
