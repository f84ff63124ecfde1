import CredoRun

/// The configuration `rl-train --env <env> --estimator <estimator> --seed <seed>` trains
/// with: the built-in defaults under `<presets>/<env>.json` (or the preset built into rl-train).
func runConfiguration(env: String = "cartpole", estimator: String, seed: Int = 0, presets: String) throws -> RunConfiguration {
    try TrainingLauncher(catalog: .standard, presetDirectory: presets).configuration(for: TrainingRequest(
        overrides: ConfigurationOverrides(["environment": .text(env), "estimator": .text(estimator), "seed": .integer(seed)])))
}
