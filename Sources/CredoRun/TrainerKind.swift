import CredoAgents
import CredoCheckpoint
import CredoDistributed
import CredoEnvironments

/// One family of trainers the run layer drives, as a catalogue entry: the estimator names it
/// trains (a user types one: `--estimator relax`), its configuration section (a `TrainerSettings`
/// type, decoded and validated once here), and how to build a trainer for a configuration, on
/// one rank or several. Everything else — what it saves in a checkpoint and how that is checked,
/// its rolling window, its acting policy — the trainer says through `Trainer`.
///
///     TrainerKind(name: "actor-critic", settings: TrainingConfig.self, estimators: EstimatorCatalog.standard.names) {
///         settings, run, communicator in try ActorCritic(config: settings, communicator: communicator)
///     }
public struct TrainerKind: Sendable {
    /// Builds a trainer (or, under a communicator of several ranks, one rank's) from a
    /// configuration already validated by `validate`.
    public typealias Factory = @Sendable (RunConfiguration, any Communicator) throws -> any Trainer

    /// The family's name in messages ("actor-critic").
    public var name: String
    /// The estimators it trains, in the order `--help` lists them.
    public var estimators: [EstimatorName]
    /// Its configuration section's keys and value kinds.
    public var schema: SettingsSchema
    /// Whether it trains under several ranks (`mpirun`); a run of several ranks is refused otherwise.
    public var trainsDistributed: Bool
    /// Decodes the section typed and checks its ranges; throws naming the key.
    let check: @Sendable (RunConfiguration) throws(RunError) -> Void
    let factory: Factory

    /// A family whose section is `Settings`; `make` receives the section decoded once.
    public init<Settings: TrainerSettings>(name: String, settings: Settings.Type, estimators: [EstimatorName],
                                           trainsDistributed: Bool = false,
                                           make: @escaping @Sendable (Settings, RunConfiguration, any Communicator) throws -> any Trainer) {
        self.name = name
        self.estimators = estimators
        self.schema = SettingsSchema(of: Settings.self)
        self.trainsDistributed = trainsDistributed
        check = { configuration throws(RunError) in
            let settings = try Self.decode(Settings.self, configuration)
            if let problem = settings.problem(totalSteps: configuration.totalSteps) {
                throw .invalidValue(key: problem.key, value: problem.value, requirement: problem.requirement)
            }
        }
        factory = { configuration, communicator in
            try make(try Self.decode(Settings.self, configuration), configuration, communicator)
        }
    }

    /// The section of `configuration` as `Settings`; a value that does not decode names its key.
    static func decode<Settings: TrainerSettings>(_ type: Settings.Type, _ configuration: RunConfiguration) throws(RunError) -> Settings {
        do {
            return try configuration.settings(as: Settings.self)
        } catch let DecodingError.dataCorrupted(context) {
            throw .invalidValue(key: context.codingPath.last?.stringValue ?? "?", value: "(see below)", requirement: context.debugDescription)
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidValue(key: context.codingPath.last?.stringValue ?? "?", value: "(see below)", requirement: context.debugDescription)
        } catch {
            throw .invalidCheckpointConfiguration(path: "configuration", reason: "\(error)")
        }
    }

    /// Checks the section: every key its own, every value decodable and in range.
    public func validate(_ configuration: RunConfiguration) throws(RunError) {
        let known = Set(schema.keys)
        if let stray = configuration.settings.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalidValue(key: stray, value: "\(configuration.settings[stray]!)",
                                requirement: "is not an option of the \(name) trainer (\(estimators.map(\.rawValue).joined(separator: ", "))); "
                                    + "its options: \(schema.keys.joined(separator: ", "))")
        }
        try check(configuration)
    }

    /// A fresh trainer for `configuration` on this rank.
    public func makeTrainer(_ configuration: RunConfiguration, communicator: any Communicator) throws -> any Trainer {
        guard communicator.size == 1 || trainsDistributed else { throw RunError.notDistributed(ranks: communicator.size, trainer: name) }
        return try factory(configuration, communicator)
    }
}
