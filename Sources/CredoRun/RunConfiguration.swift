/// Everything that defines a training run: the environment, the estimator, the budget, the
/// hyperparameters and the checkpoint policy. It is what `rl-train` assembles from its defaults,
/// the environment's preset and the command line, what `config.json` holds, and what the
/// `config` attribute of every checkpoint holds, so a checkpoint alone can rebuild its trainer.
///
/// Field names are the JSON keys of `config.json` and of the preset files (`envs/<env>.json`).
/// `totalSteps` and `episodes` are budgets: a run stops at whichever is reached first; at least
/// one is set.
public struct RunConfiguration: Codable, Equatable, Sendable {
    /// The registered environment name, e.g. `cartpole`.
    public var env: String
    /// The gradient estimator, e.g. `relax`; one of the names the `TrainerCatalog` lists.
    public var estimator: String
    /// Seeds every random generator of the run (agent and environments).
    public var seed: UInt64
    /// Stop after this many environment steps (summed over the parallel environments).
    public var totalSteps: Int?
    /// Stop after this many finished episodes.
    public var episodes: Int?
    /// Parallel environment copies in the vector environment.
    public var numEnvs: Int
    /// Learning rate of the policy (actor).
    public var policyLearningRate: Double
    /// Learning rate of the critic (state-value function).
    public var criticLearningRate: Double
    /// Learning rate of the control variate (RELAX/LAX surrogate network, gradient-critic).
    public var controlVariateLearningRate: Double
    /// Discount factor γ in [0, 1].
    public var gamma: Double
    /// λ of the λ-returns (GAE), in [0, 1].
    public var lambda: Double
    /// K: rollout length per environment and bootstrap horizon of K-step returns.
    public var kSteps: Int
    /// Weight of the entropy bonus in the policy loss.
    public var entropyCoefficient: Double
    /// Widths of the hidden layers of the policy and critic networks.
    public var hiddenSizes: [Int]
    /// Global gradient-norm clip; 0 disables clipping.
    public var maxGradNorm: Double
    /// Write a checkpoint every this many environment steps (and always at the end).
    public var checkpointEvery: Int
    /// Keep the newest this many checkpoints in the run directory.
    public var keepCheckpoints: Int

    /// The JSON keys, in the order `config.json` lists them.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case env, estimator, seed, totalSteps, episodes, numEnvs
        case policyLearningRate, criticLearningRate, controlVariateLearningRate
        case gamma, lambda, kSteps, entropyCoefficient, hiddenSizes, maxGradNorm
        case checkpointEvery, keepCheckpoints
    }

    /// The keys a resumed run may change: the budget and the checkpoint policy. Every other
    /// key changes what is trained and must equal the checkpoint's value.
    public static let resumableKeys: Set<CodingKeys> = [.totalSteps, .episodes, .checkpointEvery, .keepCheckpoints]

    /// The built-in defaults, the lowest layer under presets and command-line options.
    public init(
        env: String = "cartpole", estimator: String = "relax", seed: UInt64 = 0,
        totalSteps: Int? = 100_000, episodes: Int? = nil, numEnvs: Int = 8,
        policyLearningRate: Double = 1e-3, criticLearningRate: Double = 1e-3,
        controlVariateLearningRate: Double = 1e-3, gamma: Double = 0.99, lambda: Double = 0.95,
        kSteps: Int = 16, entropyCoefficient: Double = 0.01, hiddenSizes: [Int] = [64, 64],
        maxGradNorm: Double = 0.5, checkpointEvery: Int = 10_000, keepCheckpoints: Int = 3
    ) {
        self.env = env
        self.estimator = estimator
        self.seed = seed
        self.totalSteps = totalSteps
        self.episodes = episodes
        self.numEnvs = numEnvs
        self.policyLearningRate = policyLearningRate
        self.criticLearningRate = criticLearningRate
        self.controlVariateLearningRate = controlVariateLearningRate
        self.gamma = gamma
        self.lambda = lambda
        self.kSteps = kSteps
        self.entropyCoefficient = entropyCoefficient
        self.hiddenSizes = hiddenSizes
        self.maxGradNorm = maxGradNorm
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
    }

    /// Whether the budget is spent at these counts.
    public func isBudgetSpent(environmentSteps: Int, episodes finished: Int) -> Bool {
        if let totalSteps, environmentSteps >= totalSteps { return true }
        if let episodes, finished >= episodes { return true }
        return false
    }
}
