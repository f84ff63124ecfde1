import CredoAgents

/// Everything that defines a training run: the agent's `TrainingConfig` (environment,
/// estimator, seed and every hyperparameter) plus what only a run has: its budget and its
/// checkpoint policy. It is what `rl-train` assembles from the defaults, the environment's preset
/// and the command line, what `config.json` holds, and what the `config` attribute of every
/// checkpoint holds, so a checkpoint alone can rebuild its trainer.
///
/// As JSON it is one flat object: `TrainingConfig`'s keys (`environment`, `estimator`,
/// `learningRate`, ...) beside `totalSteps`, `episodes`, `checkpointEvery` and
/// `keepCheckpoints`. The same keys name values in presets (`envs/<env>.json`) and, in
/// kebab case, on the command line (`optionName(forKey:)`). `totalSteps` and `episodes` are
/// budgets: a run stops at whichever is reached first; at least one is set. Defaults are
/// `TrainingConfig`'s own, and the run keys' below.
public struct RunConfiguration: Codable, Equatable, Sendable {
    /// The agent's configuration: what is trained, and how.
    public var agent: TrainingConfig
    /// Stop after this many environment steps (summed over the parallel environments).
    public var totalSteps: Int?
    /// Stop after this many finished episodes.
    public var episodes: Int?
    /// Write a checkpoint every this many environment steps (and always at the end).
    public var checkpointEvery: Int
    /// Keep the newest this many checkpoints in the run directory.
    public var keepCheckpoints: Int
    /// Under `mpirun`, check every this many updates that the ranks' parameters are equal (0:
    /// never); unset means `defaultParameterCheckInterval`. It changes nothing that is trained.
    public var parameterCheckInterval: Int?

    /// The parameter check's interval when `parameterCheckInterval` is unset.
    public static let defaultParameterCheckInterval = 100

    /// The built-in defaults, the lowest layer under presets and command-line options.
    public init(agent: TrainingConfig = TrainingConfig(), totalSteps: Int? = 100_000, episodes: Int? = nil,
                checkpointEvery: Int = 10_000, keepCheckpoints: Int = 3) {
        self.agent = agent
        self.totalSteps = totalSteps
        self.episodes = episodes
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
    }

    /// The registered environment name, e.g. `cartpole`.
    public var env: String { agent.environment }
    /// The gradient estimator.
    public var estimator: EstimatorName { agent.estimator }
    /// Seeds every random generator of the run (agent and environments).
    public var seed: UInt64 { agent.seed }

    /// The keys only a run has (the rest are `TrainingConfig`'s).
    public static let runKeys = ["totalSteps", "episodes", "checkpointEvery", "keepCheckpoints", "parameterCheckInterval"]

    /// `TrainingConfig`'s keys, in declaration order.
    public static let agentKeys: [String] = Mirror(reflecting: TrainingConfig()).children.compactMap(\.label)

    /// Every key, in the order error messages list them.
    public static let keys = agentKeys + runKeys

    /// The keys a resumed run may change: the budget and the checkpoint policy. Every other
    /// key changes what is trained and must equal the checkpoint's value.
    public static let resumableKeys: Set<String> = Set(runKeys)

    private struct RunKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes one flat object; a missing agent key or `checkpointEvery`/`keepCheckpoints` keeps
    /// its default, a missing budget is unset.
    public init(from decoder: any Decoder) throws {
        let defaults = RunConfiguration()
        let container = try decoder.container(keyedBy: RunKey.self)
        agent = try TrainingConfig(from: decoder)
        totalSteps = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "totalSteps"))
        episodes = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "episodes"))
        checkpointEvery = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "checkpointEvery"))
            ?? defaults.checkpointEvery
        keepCheckpoints = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "keepCheckpoints"))
            ?? defaults.keepCheckpoints
        parameterCheckInterval = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "parameterCheckInterval"))
    }

    /// Encodes one flat object: the agent's keys and the run's (an unset budget is absent).
    public func encode(to encoder: any Encoder) throws {
        try agent.encode(to: encoder)
        var container = encoder.container(keyedBy: RunKey.self)
        try container.encodeIfPresent(totalSteps, forKey: RunKey(stringValue: "totalSteps"))
        try container.encodeIfPresent(episodes, forKey: RunKey(stringValue: "episodes"))
        try container.encode(checkpointEvery, forKey: RunKey(stringValue: "checkpointEvery"))
        try container.encode(keepCheckpoints, forKey: RunKey(stringValue: "keepCheckpoints"))
        try container.encodeIfPresent(parameterCheckInterval, forKey: RunKey(stringValue: "parameterCheckInterval"))
    }

    /// Whether the budget is spent at these counts.
    public func isBudgetSpent(environmentSteps: Int, episodes finished: Int) -> Bool {
        if let totalSteps, environmentSteps >= totalSteps { return true }
        if let episodes, finished >= episodes { return true }
        return false
    }
}
