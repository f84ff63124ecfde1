/// Bounds of the off-policy options beyond `TrainingConfigLimits` (which bounds the shared ones).
public enum OffPolicyConfigLimits {
    /// Transitions per minibatch.
    public static let batchSize = 1 << 20
    /// Environment steps per copy per update, and gradient steps per update.
    public static let stepsPerUpdate = 100_000
    /// Gradient steps between actor updates.
    public static let policyDelay = 1_000
}

extension OffPolicyConfig {
    /// The first out-of-range field, its key and rule named; nil when usable. The checks that
    /// need the environment (action space) are the trainer's; those that need the run's length
    /// are `problem(totalSteps:)`.
    public var problem: ConfigurationProblem? {
        func problem(_ key: String, _ value: Any, _ requirement: String) -> ConfigurationProblem {
            ConfigurationProblem(key: key, value: "\(value)", requirement: requirement)
        }
        typealias Limits = TrainingConfigLimits
        if OffPolicyCatalog.standard[estimator] == nil {
            return problem("estimator", estimator, "the off-policy estimators are "
                + OffPolicyCatalog.standard.names.map(\.rawValue).joined(separator: ", "))
        }
        for (key, count, bound) in [("environmentCount", environmentCount, Limits.environmentCount),
                                    ("trainFrequency", trainFrequency, OffPolicyConfigLimits.stepsPerUpdate),
                                    ("gradientSteps", gradientSteps, OffPolicyConfigLimits.stepsPerUpdate),
                                    ("batchSize", batchSize, OffPolicyConfigLimits.batchSize),
                                    ("policyDelay", policyDelay, OffPolicyConfigLimits.policyDelay),
                                    ("pathwiseHorizon", pathwiseHorizon, Limits.rolloutSteps)] {
            if count < 1 { return problem(key, count, "must be at least 1") }
            if count > bound { return problem(key, count, "must be at most \(bound)") }
        }
        if environmentCount * trainFrequency > Limits.rolloutTransitions {
            return problem("trainFrequency", trainFrequency, "with \(environmentCount) environments an update would collect "
                + "\(environmentCount * trainFrequency) transitions; at most \(Limits.rolloutTransitions)")
        }
        if bufferSize < 1 { return problem("bufferSize", bufferSize, "must be at least 1") }
        if bufferSize > ReplayBufferLimits.capacity {
            return problem("bufferSize", bufferSize, "must be at most \(ReplayBufferLimits.capacity) transitions")
        }
        if batchSize > bufferSize {
            return problem("batchSize", batchSize, "must be at most bufferSize (\(bufferSize)): a minibatch is drawn from the buffer")
        }
        if learningStarts < 0 { return problem("learningStarts", learningStarts, "cannot be negative") }
        if !(0...1).contains(gamma) { return problem("gamma", gamma, "must lie in [0, 1]") }
        if hiddenSizes.isEmpty || hiddenSizes.contains(where: { $0 < 1 }) {
            return problem("hiddenSizes", hiddenSizes, "at least one layer, every width at least 1")
        }
        if let wide = hiddenSizes.first(where: { $0 > Limits.layerWidth }) {
            return problem("hiddenSizes", hiddenSizes, "a layer width of \(wide) is more than \(Limits.layerWidth)")
        }
        if hiddenSizes.count > Limits.layerCount { return problem("hiddenSizes", hiddenSizes.count, "at most \(Limits.layerCount) hidden layers") }
        for (key, rate) in [("learningRate", learningRate), ("criticLearningRate", criticLearningRate)]
        where !(rate.isFinite && rate > 0 && rate <= Limits.learningRate) {
            return problem(key, rate, "a learning rate must be a positive finite number at most \(Limits.learningRate)")
        }
        if !(tau.isFinite && tau > 0 && tau <= 1) { return problem("tau", tau, "must lie in (0, 1]") }
        for (key, value) in [("targetPolicyNoise", targetPolicyNoise), ("targetNoiseClip", targetNoiseClip),
                             ("explorationNoise", explorationNoise), ("sobolevAlpha", sobolevAlpha),
                             ("sobolevBeta", sobolevBeta), ("maxGradientNorm", maxGradientNorm)]
        where !(value.isFinite && value >= 0 && value <= Limits.coefficient) {
            return problem(key, value, "must be a finite number in [0, \(Limits.coefficient)]")
        }
        if OffPolicyCatalog.standard[estimator]?.actor == .deterministic, explorationNoise == 0 {
            return problem("explorationNoise", explorationNoise, "must be positive: a deterministic actor explores only through it")
        }
        if !(initialTemperature.isFinite && initialTemperature > 0 && initialTemperature <= Limits.coefficient) {
            return problem("initialTemperature", initialTemperature, "must be a positive finite number at most \(Limits.coefficient)")
        }
        if let h = targetEntropy, !(h.isFinite && abs(h) <= Limits.coefficient) {
            return problem("targetEntropy", h, "must be a finite number of magnitude at most \(Limits.coefficient)")
        }
        return nil
    }

    /// `problem`, then the rules that need the run's length: `learningStarts` must leave steps to
    /// learn from (at most `totalSteps`).
    public func problem(totalSteps: Int?) -> ConfigurationProblem? {
        if let p = problem { return p }
        if let totalSteps, learningStarts > totalSteps {
            return ConfigurationProblem(key: "learningStarts", value: "\(learningStarts)",
                                        requirement: "must be at most the run's total steps (\(totalSteps)): "
                                            + "no gradient step would be taken")
        }
        return nil
    }
}
