import CredoRun

/// The configuration `rl-train --env cartpole --estimator <estimator> --seed <seed>` trains
/// with: the built-in defaults under `<presets>/cartpole.json`.
func cartPoleConfiguration(estimator: String, seed: Int = 0, presets: String) throws -> RunConfiguration {
    try TrainingLauncher(catalog: .standard, presetDirectory: presets).configuration(for: TrainingRequest(
        overrides: ConfigurationOverrides(["environment": .text("cartpole"), "estimator": .text(estimator), "seed": .integer(seed)])))
}
