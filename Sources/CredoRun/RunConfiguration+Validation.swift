/// Range checks of a configuration, with messages naming the command-line option.
extension RunConfiguration {
    /// The command-line option of a configuration key: `policyLearningRate` becomes
    /// `--policy-learning-rate`.
    public static func optionName(forKey key: String) -> String {
        var option = "--"
        for character in key {
            if character.isUppercase {
                option += "-" + character.lowercased()
            } else {
                option.append(character)
            }
        }
        return option
    }

    /// Throws the first problem found: an unknown environment or estimator (listing the valid
    /// names), no budget, or a number out of range (a learning rate that is not a positive finite
    /// number, γ or λ outside [0, 1], a count below one, ...).
    public func validate(environments: [String], estimators: [String]) throws(RunError) {
        guard environments.contains(env) else { throw .unknownEnvironment(name: env, valid: environments) }
        guard estimators.contains(estimator) else { throw .unknownEstimator(name: estimator, valid: estimators) }
        try validateNumbers()
    }

    /// The range checks of `validate(environments:estimators:)` without the name lookups.
    public func validateNumbers() throws(RunError) {
        guard totalSteps != nil || episodes != nil else {
            throw .invalidValue(key: "totalSteps", value: "(none)", requirement: "give --total-steps or --episodes (or both)")
        }
        if let totalSteps { try Self.require(totalSteps, atLeast: 1, key: .totalSteps) }
        if let episodes { try Self.require(episodes, atLeast: 1, key: .episodes) }
        try Self.require(numEnvs, atLeast: 1, key: .numEnvs)
        try Self.require(kSteps, atLeast: 1, key: .kSteps)
        try Self.require(checkpointEvery, atLeast: 1, key: .checkpointEvery)
        try Self.require(keepCheckpoints, atLeast: 1, key: .keepCheckpoints)
        for (key, rate) in [(CodingKeys.policyLearningRate, policyLearningRate),
                            (.criticLearningRate, criticLearningRate),
                            (.controlVariateLearningRate, controlVariateLearningRate)] {
            guard rate.isFinite, rate > 0 else {
                throw .invalidValue(key: key.rawValue, value: "\(rate)", requirement: "a learning rate must be a positive finite number")
            }
        }
        for (key, value) in [(CodingKeys.gamma, gamma), (.lambda, lambda)] {
            guard value >= 0, value <= 1 else {
                throw .invalidValue(key: key.rawValue, value: "\(value)", requirement: "must lie in [0, 1]")
            }
        }
        guard entropyCoefficient.isFinite, entropyCoefficient >= 0 else {
            throw .invalidValue(key: CodingKeys.entropyCoefficient.rawValue, value: "\(entropyCoefficient)",
                                requirement: "must be a finite number, zero or more")
        }
        guard maxGradNorm.isFinite, maxGradNorm >= 0 else {
            throw .invalidValue(key: CodingKeys.maxGradNorm.rawValue, value: "\(maxGradNorm)",
                                requirement: "must be a finite number, zero or more (0 disables clipping)")
        }
        guard !hiddenSizes.isEmpty, hiddenSizes.allSatisfy({ $0 >= 1 }) else {
            throw .invalidValue(key: CodingKeys.hiddenSizes.rawValue, value: "\(hiddenSizes)",
                                requirement: "give one or more layer widths, each at least 1")
        }
    }

    private static func require(_ value: Int, atLeast minimum: Int, key: CodingKeys) throws(RunError) {
        guard value >= minimum else {
            throw .invalidValue(key: key.rawValue, value: "\(value)", requirement: "must be at least \(minimum)")
        }
    }
}
