import CredoAgents
import Foundation

/// Everything that defines a training run: the trainer's configuration section (environment,
/// estimator, seed and every hyperparameter of the trainer the estimator belongs to: a
/// `TrainerSettings` such as ActorCritic's `TrainingConfig`) plus what only a run has: its budget
/// and its checkpoint policy. It is what `rl-train` assembles from the defaults, the environment's
/// preset and the command line, what `config.json` holds, and what the `config` attribute of every
/// checkpoint holds (both written from here only), so a checkpoint alone can rebuild its trainer.
///
/// As JSON it is one flat object: the section's keys (`environment`, `estimator`,
/// `learningRate`, ...) beside `totalSteps`, `episodes`, `checkpointEvery`, `keepCheckpoints` and
/// `parameterCheckInterval`. The same keys name values in presets (`envs/<env>.json`) and, in
/// kebab case, on the command line (`optionName(forKey:)`). `totalSteps` and `episodes` are
/// budgets: a run stops at whichever is reached first; at least one is set.
///
/// The section is held as JSON values by key with the schema of its type (`SettingsSchema`), so
/// the run layer carries any trainer's section without knowing its fields; the trainer decodes
/// it once, typed (`settings(as:)`).
public struct RunConfiguration: Codable, Equatable, Sendable {
    /// The trainer's section: its keys' values.
    public internal(set) var settings: [String: ConfigurationOverrides.Value]
    /// The keys and value kinds of the section (from its type; inferred from the values for a
    /// configuration read from JSON until a catalog adopts it).
    public internal(set) var schema: SettingsSchema?
    /// Stop after this many environment steps (summed over the parallel environments).
    public var totalSteps: Int?
    /// Stop after this many finished episodes.
    public var episodes: Int?
    /// Stop early once the mean return of the last 100 episodes (a full window) reaches this:
    /// SB3's `StopTrainingOnRewardThreshold`, the "solved" rule of a goal. Unset: train to the budget.
    public var stopAtReturn: Double?
    /// Write a checkpoint every this many environment steps (and always at the end).
    public var checkpointEvery: Int
    /// Keep the newest this many checkpoints in the run directory.
    public var keepCheckpoints: Int
    /// Under `mpirun`, check every this many updates that the ranks' parameters are equal (0:
    /// never); unset means `defaultParameterCheckInterval`. It changes nothing that is trained.
    public var parameterCheckInterval: Int?

    /// The parameter check's interval when `parameterCheckInterval` is unset.
    public static let defaultParameterCheckInterval = 100

    /// A run of the trainer whose section `settings` is (by default ActorCritic's defaults).
    public init<Settings: TrainerSettings>(settings: Settings, totalSteps: Int? = 100_000, episodes: Int? = nil,
                                           checkpointEvery: Int = 10_000, keepCheckpoints: Int = 3) {
        self.settings = SettingsSchema.values(of: settings)
        self.schema = SettingsSchema(of: Settings.self)
        self.totalSteps = totalSteps
        self.episodes = episodes
        self.checkpointEvery = checkpointEvery
        self.keepCheckpoints = keepCheckpoints
    }

    /// The built-in defaults of an `ActorCritic` run, the lowest layer under presets and options.
    public init(agent: TrainingConfig = TrainingConfig(), totalSteps: Int? = 100_000, episodes: Int? = nil,
                checkpointEvery: Int = 10_000, keepCheckpoints: Int = 3) {
        self.init(settings: agent, totalSteps: totalSteps, episodes: episodes, checkpointEvery: checkpointEvery,
                  keepCheckpoints: keepCheckpoints)
    }

    /// The section decoded as `Settings` (a missing key keeps its default).
    public func settings<Settings: TrainerSettings>(as type: Settings.Type) throws -> Settings {
        try JSONDecoder().decode(Settings.self, from: JSONEncoder().encode(settings))
    }

    /// The section as ActorCritic's `TrainingConfig` (its defaults where the section is another
    /// trainer's); setting it replaces the whole section.
    public var agent: TrainingConfig {
        get { (try? settings(as: TrainingConfig.self)) ?? TrainingConfig() }
        set { replaceSettings(with: newValue) }
    }

    /// Replaces the whole section by `settings`, and the schema by its type's.
    public mutating func replaceSettings<Settings: TrainerSettings>(with settings: Settings) {
        self.settings = SettingsSchema.values(of: settings)
        schema = SettingsSchema(of: Settings.self)
    }

    /// Replaces the whole section by `values`, read with `schema`.
    public mutating func replaceSection(with values: [String: ConfigurationOverrides.Value], schema: SettingsSchema) {
        settings = values
        self.schema = schema
    }

    /// This configuration's values over the defaults of the section `schema` describes: keys the
    /// saved section lacks (an older checkpoint) take their defaults.
    public func adopting(_ schema: SettingsSchema) -> RunConfiguration {
        var adopted = self
        adopted.settings = schema.defaults.merging(settings) { _, saved in saved }
        adopted.schema = schema
        return adopted
    }

    /// The registered environment name, e.g. `cartpole`.
    public var env: String { if case .text(let name)? = settings["environment"] { name } else { "" } }
    /// The gradient estimator.
    public var estimator: EstimatorName {
        if case .text(let name)? = settings["estimator"] { EstimatorName(rawValue: name) } else { "" }
    }
    /// Seeds every random generator of the run (agent and environments).
    public var seed: UInt64 {
        switch settings["seed"] {
        case .integer(let seed)?: UInt64(max(seed, 0))
        case .unsigned(let seed)?: seed
        default: 0
        }
    }

    /// The keys only a run has (the rest are the trainer's section).
    public static let runKeys = ["totalSteps", "episodes", "stopAtReturn", "checkpointEvery", "keepCheckpoints", "parameterCheckInterval"]

    /// `TrainingConfig`'s keys, in declaration order.
    public static let agentKeys: [String] = SettingsSchema(of: TrainingConfig.self).keys

    /// Every key of an `ActorCritic` run, in the order error messages list them.
    public static let keys = agentKeys + runKeys

    /// This configuration's keys: its section's (in declaration order) and the run's.
    public var keys: [String] { (schema?.keys ?? settings.keys.sorted()) + Self.runKeys }

    /// The keys a resumed run may change: the budget and the checkpoint policy. Every other
    /// key changes what is trained and must equal the checkpoint's value.
    public static let resumableKeys: Set<String> = Set(runKeys)

    /// Equal sections, budgets and checkpoint policies (the schema is how the section is read,
    /// not part of it).
    public static func == (a: RunConfiguration, b: RunConfiguration) -> Bool {
        a.settings == b.settings && a.totalSteps == b.totalSteps && a.episodes == b.episodes && a.stopAtReturn == b.stopAtReturn
            && a.checkpointEvery == b.checkpointEvery && a.keepCheckpoints == b.keepCheckpoints
            && a.parameterCheckInterval == b.parameterCheckInterval
    }

    private struct RunKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes one flat object: the run's keys (a missing `checkpointEvery`/`keepCheckpoints`
    /// keeps its default, a missing budget is unset), every other key the section's.
    public init(from decoder: any Decoder) throws {
        let defaults = RunConfiguration()
        let container = try decoder.container(keyedBy: RunKey.self)
        var settings: [String: ConfigurationOverrides.Value] = [:]
        for key in container.allKeys where !Self.runKeys.contains(key.stringValue) {
            settings[key.stringValue] = try container.decode(ConfigurationOverrides.Value.self, forKey: key)
        }
        self.settings = settings
        schema = nil
        totalSteps = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "totalSteps"))
        episodes = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "episodes"))
        stopAtReturn = try container.decodeIfPresent(Double.self, forKey: RunKey(stringValue: "stopAtReturn"))
        checkpointEvery = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "checkpointEvery"))
            ?? defaults.checkpointEvery
        keepCheckpoints = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "keepCheckpoints"))
            ?? defaults.keepCheckpoints
        parameterCheckInterval = try container.decodeIfPresent(Int.self, forKey: RunKey(stringValue: "parameterCheckInterval"))
    }

    /// Encodes one flat object: the section's keys and the run's (an unset budget is absent).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: RunKey.self)
        for (key, value) in settings { try container.encode(value, forKey: RunKey(stringValue: key)) }
        try container.encodeIfPresent(totalSteps, forKey: RunKey(stringValue: "totalSteps"))
        try container.encodeIfPresent(episodes, forKey: RunKey(stringValue: "episodes"))
        try container.encodeIfPresent(stopAtReturn, forKey: RunKey(stringValue: "stopAtReturn"))
        try container.encode(checkpointEvery, forKey: RunKey(stringValue: "checkpointEvery"))
        try container.encode(keepCheckpoints, forKey: RunKey(stringValue: "keepCheckpoints"))
        try container.encodeIfPresent(parameterCheckInterval, forKey: RunKey(stringValue: "parameterCheckInterval"))
    }

    /// Whether the goal `stopAtReturn` is reached by `window`: a full window whose mean return is
    /// at least the goal.
    public func isGoalReached(_ window: EpisodeWindow) -> Bool {
        guard let stopAtReturn, window.isFull, let mean = window.meanReturn else { return false }
        return mean >= stopAtReturn
    }

    /// Whether the budget is spent at these counts.
    public func isBudgetSpent(environmentSteps: Int, episodes finished: Int) -> Bool {
        if let totalSteps, environmentSteps >= totalSteps { return true }
        if let episodes, finished >= episodes { return true }
        return false
    }
}
