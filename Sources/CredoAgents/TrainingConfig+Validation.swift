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

extension TrainingConfig {
    /// The first out-of-range field; nil when the configuration is usable.
    public var problem: ConfigurationProblem? {
        func problem(_ key: String, _ value: Any, _ requirement: String) -> ConfigurationProblem {
            ConfigurationProblem(key: key, value: "\(value)", requirement: requirement)
        }
        for (key, count) in [("environmentCount", environmentCount), ("rolloutSteps", rolloutSteps), ("kSteps", kSteps),
                             ("pathwiseHorizon", pathwiseHorizon)] where count < 1 {
            return problem(key, count, "must be at least 1")
        }
        for (key, value) in [("gamma", gamma), ("lambda", lambda)] where !(0...1).contains(value) {
            return problem(key, value, "must lie in [0, 1]")
        }
        if hiddenSizes.contains(where: { $0 < 1 }) { return problem("hiddenSizes", hiddenSizes, "every layer width must be at least 1") }
        for (key, rate) in [("learningRate", learningRate), ("criticLearningRate", criticLearningRate),
                            ("controlVariateLearningRate", controlVariateLearningRate)] where !(rate.isFinite && rate > 0) {
            return problem(key, rate, "a learning rate must be a positive finite number")
        }
        for (key, value) in [("entropyCoefficient", entropyCoefficient), ("maxGradientNorm", maxGradientNorm)]
        where !(value.isFinite && value >= 0) {
            return problem(key, value, "must be a finite number, zero or more")
        }
        if !(relaxTemperature.isFinite && relaxTemperature > 0) { return problem("relaxTemperature", relaxTemperature, "must be positive") }
        if !(gradientVarianceDecay > 0 && gradientVarianceDecay < 1) {
            return problem("gradientVarianceDecay", gradientVarianceDecay, "must lie in (0, 1)")
        }
        if epochs < 1 { return problem("epochs", epochs, "must be at least 1") }
        if minibatchSize < 0 { return problem("minibatchSize", minibatchSize, "cannot be negative (0: the whole rollout)") }
        if !(clipRange.isFinite && clipRange > 0 && clipRange < 1) { return problem("clipRange", clipRange, "must lie in (0, 1)") }
        if !(valueClipRange.isFinite && valueClipRange >= 0) {
            return problem("valueClipRange", valueClipRange, "must be a finite number, zero (no clipping) or more")
        }
        if !(targetKL.isFinite && targetKL >= 0) { return problem("targetKL", targetKL, "must be a finite number, zero (off) or more") }
        if varianceProbeInterval < 0 { return problem("varianceProbeInterval", varianceProbeInterval, "cannot be negative") }
        return nil
    }
}
