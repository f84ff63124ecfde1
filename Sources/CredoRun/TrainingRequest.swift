/// What a user asked `rl-train` for, before defaults, presets and checkpoints are consulted.
public struct TrainingRequest: Sendable {
    /// The options given on the command line, by configuration key (`env` and `estimator`
    /// included); keys not given are absent, so presets and checkpoints fill them.
    public var overrides: ConfigurationOverrides
    /// `--preset`: a preset file to use instead of `envs/<env>.json`.
    public var presetPath: String?
    /// `--no-preset`: ignore `envs/<env>.json`.
    public var ignorePreset: Bool
    /// `--run-dir`; by default `runs/<env>-<estimator>-<seed>`, or the resumed checkpoint's run.
    public var runDirectory: String?
    /// `--resume`: a checkpoint file or a run directory.
    public var resume: String?
    /// `--force`: start a fresh run in a directory holding an earlier run's files.
    public var force: Bool
    /// `--quiet`: no progress, only errors and the summary.
    public var quiet: Bool

    public init(overrides: ConfigurationOverrides = ConfigurationOverrides(), presetPath: String? = nil,
                ignorePreset: Bool = false, runDirectory: String? = nil, resume: String? = nil,
                force: Bool = false, quiet: Bool = false) {
        self.overrides = overrides
        self.presetPath = presetPath
        self.ignorePreset = ignorePreset
        self.runDirectory = runDirectory
        self.resume = resume
        self.force = force
        self.quiet = quiet
    }
}
