import CredoNN

/// The return target a value critic regresses on and the advantage is formed from.
public enum ReturnTargetName: String, CaseIterable, Codable, Sendable {
    /// Monte Carlo returns (bootstrapped only where the rollout cuts an episode).
    case monteCarlo = "monte-carlo"
    /// K-step bootstrapped returns with K = `TrainingConfig.kSteps`.
    case kStep = "k-step"
    /// λ-returns / GAE with λ = `TrainingConfig.lambda`.
    case lambda
    /// TD(0) targets r + γ V(s').
    case td0
}

/// First-order optimizers by name.
public enum OptimizerName: String, CaseIterable, Codable, Sendable {
    case adam, rmsprop, sgd
}

/// Every hyperparameter of an `ActorCritic` run. Codable, so a checkpoint stores it as JSON and
/// the command line reads it from presets (`envs/<env>.json`); defaults are a tuned A2C on CartPole.
public struct TrainingConfig: Codable, Equatable, Sendable {
    /// A name registered in `EnvironmentRegistry.standard`, or `gym:<id>` for Gymnasium's.
    public var environment = "cartpole"
    /// Keyword arguments of a `gym:<id>` environment's `gymnasium.make(id, **kwargs)`, as JSON
    /// object text (`{"continuous": true}`); nil for none.
    public var environmentKwargs: String?
    /// The action node's estimator, a name of the trainer's `EstimatorCatalog`.
    public var estimator: EstimatorName = .a2c
    public var seed: UInt64 = 0
    /// Vector-environment copies.
    public var environmentCount = 8
    /// Under several ranks: whether the `environmentCount` copies are split over the ranks (rank r
    /// runs copies r·n/N ..< (r+1)·n/N, so the global batch and the learning curve are the
    /// one-rank run's) or every rank runs its own n (`off`: the global batch grows with N).
    /// `auto` splits when N divides n and the rollouts have fixed length; `on` insists
    /// (`ActorCritic+EnvironmentSplit.swift`). Ignored with one rank.
    public var environmentSplit: EnvironmentSplit = .auto
    /// Steps per copy per update (ignored by the whole-episode estimators).
    public var rolloutSteps = 16
    /// Roll out one whole episode per copy per update for every estimator (the RELAX paper's RL
    /// setting: each episode one batch, one update); reinforce and reinforce-baseline always do.
    public var episodicRollouts = false
    /// Discount γ.
    public var gamma = 0.99
    public var target: ReturnTargetName = .lambda
    /// K of the K-step target.
    public var kSteps = 5
    /// λ of the λ-return target.
    public var lambda = 0.95
    public var hiddenSizes = [64, 64]
    public var activation: Activation = .tanh
    public var optimizer: OptimizerName = .adam
    /// Policy learning rate.
    public var learningRate: Float = 1e-3
    /// Critic (V or Q) learning rate.
    public var criticLearningRate: Float = 1e-3
    /// Control-variate (RELAX/LAX c_φ) learning rate.
    public var controlVariateLearningRate: Float = 3e-3
    /// Weight of the entropy bonus −β·H[π(·|s)] in the policy loss (0: none).
    public var entropyCoefficient: Float = 0
    /// Global-norm gradient clipping per network (0: none).
    public var maxGradientNorm: Float = 0.5
    /// Normalise observations with running statistics.
    public var normalizeObservations = false
    /// Scale rewards by the running standard deviation of the discounted return (the reported
    /// episode returns stay unscaled).
    public var normalizeRewards = false
    /// Standardise advantages within each update (a2c and relax).
    public var normalizeAdvantages = false
    /// Gaussian policies: a network head for log σ instead of a free vector.
    public var stateDependentLogStd = false
    public var initialLogStd: Float = 0
    /// RELAX: initial temperature of the relaxation softmax(z/τ) (learned as part of φ).
    public var relaxTemperature: Float = 1
    /// Sobolev training weights: α on the value error, β on the action-gradient error. On
    /// cartpole-continuous β = 100 learned far faster than β = 1 or 10 (docs/agents.md).
    public var sobolevAlpha: Float = 1
    public var sobolevBeta: Float = 100
    /// Steps of the differentiable model unrolled for pathwise returns.
    public var pathwiseHorizon = 32
    /// Passes over each rollout (PPO's epochs); each pass is split into shuffled minibatches.
    public var epochs = 1
    /// Rows (steps × copies) per minibatch; 0: the whole rollout, one step per pass.
    public var minibatchSize = 0
    /// PPO's ε: the probability ratio is clipped to [1 − ε, 1 + ε].
    public var clipRange: Float = 0.2
    /// Clip the value function's change per update to ±this around its rollout value (PPO's
    /// optional value clipping; 0: no clipping).
    public var valueClipRange: Float = 0
    /// Stop a rollout's passes early once the approximate KL divergence between the policy that
    /// collected it and the current one exceeds 1.5 × this (0: never).
    public var targetKL = 0.0
    /// Decay of the moving averages behind the policy-gradient log-variance diagnostic.
    public var gradientVarianceDecay = 0.95
    /// Every this many updates, measure the policy-gradient variance across the environment
    /// copies of one rollout (`pg_log_variance_across_copies`; 0: never).
    public var varianceProbeInterval = 10

    public init() {}

    /// The default configuration with a few fields changed.
    public static func with(_ change: (inout TrainingConfig) -> Void) -> TrainingConfig {
        var c = TrainingConfig()
        change(&c)
        return c
    }
}

extension TrainingConfig {
    /// Decodes a configuration in which every field is optional: a missing field keeps its
    /// default, so presets and checkpoints from older versions need only list what they change.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.environment, &environment)
        try read(.environmentKwargs, &environmentKwargs)
        try read(.estimator, &estimator)
        try read(.seed, &seed)
        try read(.environmentCount, &environmentCount)
        try read(.environmentSplit, &environmentSplit)
        try read(.rolloutSteps, &rolloutSteps)
        try read(.episodicRollouts, &episodicRollouts)
        try read(.gamma, &gamma)
        try read(.target, &target)
        try read(.kSteps, &kSteps)
        try read(.lambda, &lambda)
        try read(.hiddenSizes, &hiddenSizes)
        try read(.activation, &activation)
        try read(.optimizer, &optimizer)
        try read(.learningRate, &learningRate)
        try read(.criticLearningRate, &criticLearningRate)
        try read(.controlVariateLearningRate, &controlVariateLearningRate)
        try read(.entropyCoefficient, &entropyCoefficient)
        try read(.maxGradientNorm, &maxGradientNorm)
        try read(.normalizeObservations, &normalizeObservations)
        try read(.normalizeRewards, &normalizeRewards)
        try read(.normalizeAdvantages, &normalizeAdvantages)
        try read(.stateDependentLogStd, &stateDependentLogStd)
        try read(.initialLogStd, &initialLogStd)
        try read(.relaxTemperature, &relaxTemperature)
        try read(.sobolevAlpha, &sobolevAlpha)
        try read(.sobolevBeta, &sobolevBeta)
        try read(.pathwiseHorizon, &pathwiseHorizon)
        try read(.epochs, &epochs)
        try read(.minibatchSize, &minibatchSize)
        try read(.clipRange, &clipRange)
        try read(.valueClipRange, &valueClipRange)
        try read(.targetKL, &targetKL)
        try read(.gradientVarianceDecay, &gradientVarianceDecay)
        try read(.varianceProbeInterval, &varianceProbeInterval)
    }
}

extension TrainingConfig: TrainerSettings {
    public static var enumeratedValues: [String: [String]] {
        ["target": ReturnTargetName.allCases.map(\.rawValue), "optimizer": OptimizerName.allCases.map(\.rawValue),
         "activation": Activation.allCases.map(\.rawValue),
         "environmentSplit": EnvironmentSplit.allCases.map(\.rawValue)]
    }
}
