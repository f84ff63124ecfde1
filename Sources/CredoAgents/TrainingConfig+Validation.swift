/// An out-of-range `TrainingConfig` field: its JSON key, its value and what is allowed, so the
/// command line can name the option (`invalid --gamma 1.5: must lie in [0, 1]`).
public struct ConfigurationProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The field's name, which is also its JSON key.
    public var key: String
    /// The value as text.
    public var value: String
    /// What the field allows.
    public var requirement: String

    public init(key: String, value: String, requirement: String) {
        self.key = key
        self.value = value
        self.requirement = requirement
    }

    /// `gamma is 1.5: must lie in [0, 1]`.
    public var description: String { "\(key) is \(value): \(requirement)" }
}

/// The largest sizes a configuration may ask for, checked before anything is allocated. Each is
/// far above what the built-in environments need and low enough that the allocation it implies
/// fits in memory and in `Int` arithmetic.
public enum TrainingConfigLimits {
    /// Parallel environment copies: each holds an environment, its episode log and its rows of
    /// the rollout buffer.
    public static let environmentCount = 4_096
    /// Steps per copy per update (also the bound on the K of K-step returns and on the
    /// pathwise horizon).
    public static let rolloutSteps = 100_000
    /// Transitions in one rollout buffer (`environmentCount` × `rolloutSteps`): 2^22 rows of
    /// observations, actions and targets.
    public static let rolloutTransitions = 1 << 22
    /// The width of a hidden layer: a 16384-wide layer after another holds 16384² weights, 1 GiB
    /// of Float32 before gradients and optimizer moments.
    public static let layerWidth = 16_384
    /// Hidden layers in a network.
    public static let layerCount = 64
    /// A learning rate: larger steps only diverge.
    public static let learningRate: Float = 1
    /// The entropy coefficient, the gradient-norm clip, the Sobolev weights and the RELAX
    /// temperature: finite and at most this.
    public static let coefficient: Float = 1e6
    /// The initial log standard deviation of a Gaussian policy, in magnitude (e^20 ≈ 5e8).
    public static let logStd: Float = 20
    /// Updates between gradient-variance probes.
    public static let varianceProbeInterval = 1_000_000
}

extension TrainingConfig {
    /// The first out-of-range field; nil when the configuration is usable.
    public var problem: ConfigurationProblem? {
        func problem(_ key: String, _ value: Any, _ requirement: String) -> ConfigurationProblem {
            ConfigurationProblem(key: key, value: "\(value)", requirement: requirement)
        }
        typealias Limits = TrainingConfigLimits
        for (key, count, bound, why) in [
            ("environmentCount", environmentCount, Limits.environmentCount, "each copy holds its own environment and rollout rows"),
            ("rolloutSteps", rolloutSteps, Limits.rolloutSteps, "the rollout buffer holds every step of an update"),
            ("kSteps", kSteps, Limits.rolloutSteps, "K-step returns look at most a rollout ahead"),
            ("pathwiseHorizon", pathwiseHorizon, Limits.rolloutSteps, "the pathwise gradient is taken through every step of the horizon"),
        ] {
            if count < 1 { return problem(key, count, "must be at least 1") }
            if count > bound { return problem(key, count, "must be at most \(bound): \(why)") }
        }
        if environmentCount * rolloutSteps > Limits.rolloutTransitions {
            return problem("rolloutSteps", rolloutSteps, "with \(environmentCount) environments an update would hold "
                + "\(environmentCount * rolloutSteps) transitions; at most \(Limits.rolloutTransitions) fit the rollout buffer")
        }
        for (key, value) in [("gamma", gamma), ("lambda", lambda)] where !(0...1).contains(value) {
            return problem(key, value, "must lie in [0, 1]")
        }
        if hiddenSizes.contains(where: { $0 < 1 }) { return problem("hiddenSizes", hiddenSizes, "every layer width must be at least 1") }
        if let wide = hiddenSizes.first(where: { $0 > Limits.layerWidth }) {
            return problem("hiddenSizes", hiddenSizes, "a layer width of \(wide) is more than \(Limits.layerWidth) "
                + "(two layers that wide hold \(Limits.layerWidth)² weights, 1 GiB of Float32)")
        }
        if hiddenSizes.count > Limits.layerCount {
            return problem("hiddenSizes", hiddenSizes.count, "at most \(Limits.layerCount) hidden layers")
        }
        for (key, rate) in [("learningRate", learningRate), ("criticLearningRate", criticLearningRate),
                            ("controlVariateLearningRate", controlVariateLearningRate)] where !(rate.isFinite && rate > 0) {
            return problem(key, rate, "a learning rate must be a positive finite number")
        }
        for (key, rate) in [("learningRate", learningRate), ("criticLearningRate", criticLearningRate),
                            ("controlVariateLearningRate", controlVariateLearningRate)] where rate > Limits.learningRate {
            return problem(key, rate, "a learning rate must be at most \(Limits.learningRate); larger steps diverge")
        }
        for (key, value) in [("entropyCoefficient", entropyCoefficient), ("maxGradientNorm", maxGradientNorm),
                             ("sobolevAlpha", sobolevAlpha), ("sobolevBeta", sobolevBeta)]
        where !(value.isFinite && value >= 0) {
            return problem(key, value, "must be a finite number, zero or more")
        }
        for (key, value) in [("entropyCoefficient", entropyCoefficient), ("maxGradientNorm", maxGradientNorm),
                             ("sobolevAlpha", sobolevAlpha), ("sobolevBeta", sobolevBeta), ("relaxTemperature", relaxTemperature)]
        where value > Limits.coefficient {
            return problem(key, value, "must be at most \(Limits.coefficient)")
        }
        if !(relaxTemperature.isFinite && relaxTemperature > 0) { return problem("relaxTemperature", relaxTemperature, "must be positive") }
        if !(initialLogStd.isFinite && abs(initialLogStd) <= Limits.logStd) {
            return problem("initialLogStd", initialLogStd, "must lie in [-\(Limits.logStd), \(Limits.logStd)]")
        }
        if !(gradientVarianceDecay > 0 && gradientVarianceDecay < 1) {
            return problem("gradientVarianceDecay", gradientVarianceDecay, "must lie in (0, 1)")
        }
        if epochs < 1 || epochs > 1000 {
            return problem("epochs", epochs, "must lie in [1, 1000] (each pass costs a full pass over the rollout)")
        }
        if minibatchSize < 0 || minibatchSize > Limits.rolloutTransitions {
            return problem("minibatchSize", minibatchSize, "must lie in [0, 4194304], the most rows a rollout holds (0: the whole rollout)")
        }
        if !(clipRange.isFinite && clipRange > 0 && clipRange < 1) { return problem("clipRange", clipRange, "must lie in (0, 1)") }
        if !(valueClipRange.isFinite && valueClipRange >= 0) {
            return problem("valueClipRange", valueClipRange, "must be a finite number, zero (no clipping) or more")
        }
        if !(targetKL.isFinite && targetKL >= 0) { return problem("targetKL", targetKL, "must be a finite number, zero (off) or more") }
        if varianceProbeInterval < 0 { return problem("varianceProbeInterval", varianceProbeInterval, "cannot be negative") }
        if varianceProbeInterval > Limits.varianceProbeInterval {
            return problem("varianceProbeInterval", varianceProbeInterval, "must be at most \(Limits.varianceProbeInterval)")
        }
        return nil
    }
}
