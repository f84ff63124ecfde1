import CredoAgents
import CredoEnvironments

/// Range checks of a configuration, with messages naming the command-line option.
extension RunConfiguration {
    /// Configuration keys whose command-line option is not the key in kebab case.
    static let optionAliases = ["environment": "env", "environmentCount": "num-envs", "environmentKwargs": "env-kwargs"]

    /// The long option of a configuration key without its dashes: `learningRate` becomes
    /// `learning-rate`, `environment` `env` and `environmentCount` `num-envs`. `rl-train` names
    /// its options with it, so keys and options are mapped here only.
    public static func longOptionName(forKey key: String) -> String {
        if let alias = optionAliases[key] { return alias }
        var option = ""
        for character in key {
            if character.isUppercase {
                option += "-" + character.lowercased()
            } else {
                option.append(character)
            }
        }
        return option
    }

    /// The command-line option of a configuration key: `--learning-rate`.
    public static func optionName(forKey key: String) -> String { "--" + longOptionName(forKey: key) }

    /// Throws the first problem found: an unknown environment or estimator (listing the valid
    /// names), no budget, or a number out of range (a learning rate that is not a positive finite
    /// number, γ or λ outside [0, 1], a count below one, ...).
    public func validate(environments: [String], estimators: [EstimatorName]) throws(RunError) {
        guard environments.contains(env) || EnvironmentRegistry.gymID(env) != nil else { throw .unknownEnvironment(name: env, valid: environments) }
        guard estimators.contains(estimator) else {
            throw .unknownEstimator(name: estimator.rawValue, valid: estimators.map(\.rawValue))
        }
        try validateNumbers()
    }

    /// The most environment steps (and episodes) a run may ask for: 10^10 - 1.
    public static let maximumSteps = 9_999_999_999
    /// The most checkpoints a run may keep.
    public static let maximumKeptCheckpoints = 10_000

    /// The range checks of `validate(environments:estimators:)` without the name lookups: the
    /// budget and checkpoint policy here, the agent's fields by `TrainingConfig.problem`.
    public func validateNumbers() throws(RunError) {
        guard totalSteps != nil || episodes != nil else {
            throw .invalidValue(key: "totalSteps", value: "(none)", requirement: "give --total-steps or --episodes (or both)")
        }
        for (key, value, bound, why) in [
            ("totalSteps", totalSteps, Self.maximumSteps, "checkpoint names hold the step in 10 digits"),
            ("episodes", episodes, Self.maximumSteps, "an episode takes at least one step"),
            ("checkpointEvery", checkpointEvery, Self.maximumSteps, "checkpoint names hold the step in 10 digits"),
            ("keepCheckpoints", keepCheckpoints, Self.maximumKeptCheckpoints, "each kept checkpoint is a file on disk"),
        ] {
            guard let value else { continue }
            if value < 1 { throw .invalidValue(key: key, value: "\(value)", requirement: "must be at least 1") }
            if value > bound { throw .invalidValue(key: key, value: "\(value)", requirement: "must be at most \(bound): \(why)") }
        }
        if let interval = parameterCheckInterval, interval < 0 || interval > Self.maximumSteps {
            throw .invalidValue(key: "parameterCheckInterval", value: "\(interval)",
                                requirement: "must be 0 (never) or a number of updates up to \(Self.maximumSteps)")
        }
        if let problem = agent.problem {
            throw .invalidValue(key: problem.key, value: problem.value, requirement: problem.requirement)
        }
    }
}
