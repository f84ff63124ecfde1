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

    /// The most environment steps (and episodes) a run may ask for: 10^10 - 1.
    public static let maximumSteps = 9_999_999_999
    /// The most checkpoints a run may keep.
    public static let maximumKeptCheckpoints = 10_000

    /// The range checks of the run's own keys: a budget, the checkpoint policy, the parameter
    /// check (a trainer's section is checked by its `TrainerKind`).
    public func validateRunKeys() throws(RunError) {
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
    }
}
