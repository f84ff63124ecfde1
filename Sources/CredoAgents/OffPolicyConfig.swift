import CredoNN

/// Every hyperparameter of an `OffPolicyActorCritic` run, with the names Stable-Baselines3 and
/// CleanRL users know. Codable like `TrainingConfig` (every field optional when decoding, so a
/// preset lists only what it changes); the keys both share (environment, estimator, seed,
/// environmentCount, gamma, hiddenSizes, activation, learningRate, criticLearningRate,
/// maxGradientNorm, sobolevAlpha, sobolevBeta, pathwiseHorizon) mean the same in both.
/// Defaults are Stable-Baselines3's SAC/TD3 defaults where they have one.
public struct OffPolicyConfig: Codable, Equatable, Sendable {
    /// A name registered in `EnvironmentRegistry.standard`, with a bounded `Box` action space.
    public var environment = "cartpole-continuous"
    /// `ddpg`, `td3`, `sac` or `sobolev-q` (`OffPolicyCatalog`).
    public var estimator: EstimatorName = .sac
    public var seed: UInt64 = 0
    /// Keyword arguments of a `gym:<id>` environment's `gymnasium.make(id, **kwargs)`, as JSON
    /// object text; nil for none (as `TrainingConfig.environmentKwargs`).
    public var environmentKwargs: String?
    /// Vector-environment copies (each `trainFrequency` steps per update).
    public var environmentCount = 1
    /// Discount γ.
    public var gamma = 0.99
    public var hiddenSizes = [256, 256]
    public var activation: Activation = .relu
    /// The actor's learning rate (Adam), also the entropy temperature's.
    public var learningRate: Float = 3e-4
    /// The critics' learning rate (Adam).
    public var criticLearningRate: Float = 3e-4
    /// Replay capacity in transitions.
    public var bufferSize = 1_000_000
    /// Environment steps taken with uniformly random actions before the first gradient step.
    public var learningStarts = 100
    /// Transitions per minibatch.
    public var batchSize = 256
    /// Polyak coefficient τ of the target networks: θ' ← τ θ + (1 − τ) θ'.
    public var tau: Float = 0.005
    /// Environment steps per copy per update (SB3's `train_freq` in steps).
    public var trainFrequency = 1
    /// Gradient steps per update (SB3's `gradient_steps`).
    public var gradientSteps = 1
    /// TD3 and sobolev-q: actor and target updates every this many gradient steps (ddpg: 1).
    public var policyDelay = 2
    /// TD3 and sobolev-q: σ of the target-policy smoothing noise (ddpg: none).
    public var targetPolicyNoise: Float = 0.2
    /// TD3 and sobolev-q: the smoothing noise is clipped to ±this.
    public var targetNoiseClip: Float = 0.5
    /// ddpg, TD3, sobolev-q: σ of the Gaussian exploration noise, in the [−1, 1] action scale.
    public var explorationNoise: Float = 0.1
    /// SAC: the entropy temperature α at the start (tuned automatically from there).
    public var initialTemperature: Float = 1
    /// SAC: the entropy the temperature steers toward; −dim(A) when nil.
    public var targetEntropy: Float?
    /// sobolev-q: weights of the value error α (Q − y)² and the action-gradient error
    /// β ‖∂Q/∂a − ĝ‖² (as `TrainingConfig`'s `sobolevAlpha` and `sobolevBeta`).
    public var sobolevAlpha: Float = 1
    public var sobolevBeta: Float = 1
    /// sobolev-q: steps of the differentiable model unrolled for ĝ (then the target critic
    /// bootstraps).
    public var pathwiseHorizon = 10
    /// Global-norm gradient clipping per network (0: none, SB3's default for these algorithms).
    public var maxGradientNorm: Float = 0

    public init() {}

    /// The default configuration with a few fields changed.
    public static func with(_ change: (inout OffPolicyConfig) -> Void) -> OffPolicyConfig {
        var c = OffPolicyConfig()
        change(&c)
        return c
    }

    /// The temperature's target: `targetEntropy`, or −dim(A).
    public func resolvedTargetEntropy(actionSize: Int) -> Float { targetEntropy ?? -Float(actionSize) }
}

extension OffPolicyConfig {
    /// Decodes a configuration in which every field is optional: a missing field keeps its default.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func read<T: Decodable>(_ key: CodingKeys, _ value: inout T) throws {
            if let v = try c.decodeIfPresent(T.self, forKey: key) { value = v }
        }
        try read(.environment, &environment)
        try read(.estimator, &estimator)
        try read(.seed, &seed)
        environmentKwargs = try c.decodeIfPresent(String.self, forKey: .environmentKwargs)
        try read(.environmentCount, &environmentCount)
        try read(.gamma, &gamma)
        try read(.hiddenSizes, &hiddenSizes)
        try read(.activation, &activation)
        try read(.learningRate, &learningRate)
        try read(.criticLearningRate, &criticLearningRate)
        try read(.bufferSize, &bufferSize)
        try read(.learningStarts, &learningStarts)
        try read(.batchSize, &batchSize)
        try read(.tau, &tau)
        try read(.trainFrequency, &trainFrequency)
        try read(.gradientSteps, &gradientSteps)
        try read(.policyDelay, &policyDelay)
        try read(.targetPolicyNoise, &targetPolicyNoise)
        try read(.targetNoiseClip, &targetNoiseClip)
        try read(.explorationNoise, &explorationNoise)
        try read(.initialTemperature, &initialTemperature)
        targetEntropy = try c.decodeIfPresent(Float.self, forKey: .targetEntropy)
        try read(.sobolevAlpha, &sobolevAlpha)
        try read(.sobolevBeta, &sobolevBeta)
        try read(.pathwiseHorizon, &pathwiseHorizon)
        try read(.maxGradientNorm, &maxGradientNorm)
    }
}

extension OffPolicyConfig: TrainerSettings {
    public static var enumeratedValues: [String: [String]] { ["activation": Activation.allCases.map(\.rawValue)] }
}
