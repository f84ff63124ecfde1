import CredoAgents
import CredoCheckpoint
import CredoDistributed
import CredoEnvironments

/// The trainers a program offers (`TrainerKind`s, each with its estimator names and its
/// configuration section), the environments they train on, and the presets that ship with them.
///
/// `rl-train` and `rl-eval` each hold one catalog (`TrainerCatalog.standard`); tests build
/// catalogs around small test trainers. A configuration's estimator picks its kind; the kind
/// decodes and validates the section once and builds the trainer, seeded from
/// `configuration.seed`; a resumed run then calls `restore(from:)` on it.
public struct TrainerCatalog: Sendable {
    /// The trainer families, in the order messages list their estimators.
    public var kinds: [TrainerKind]
    /// The environments trainers can be built for.
    public var registry: EnvironmentRegistry
    /// The presets that ship with these trainers, by environment (the JSON text of
    /// `envs/<env>.json`): what a run uses when no preset file is given or found.
    public var builtInPresets: [String: String]

    public init(kinds: [TrainerKind], registry: EnvironmentRegistry = .standard, builtInPresets: [String: String] = [:]) {
        self.kinds = kinds
        self.registry = registry
        self.builtInPresets = builtInPresets
    }

    /// A catalog of one trainer family configured by ActorCritic's `TrainingConfig` (a test's or
    /// a user's trainer under those keys); `makeDistributedTrainer` builds one rank's under `mpirun`.
    public init(estimators: [EstimatorName], registry: EnvironmentRegistry = .standard,
                makeTrainer: @escaping @Sendable (RunConfiguration) throws -> any Trainer,
                makeDistributedTrainer: (@Sendable (RunConfiguration, any Communicator) throws -> any Trainer)? = nil,
                builtInPresets: [String: String] = [:]) {
        let kind = TrainerKind(name: "custom", settings: TrainingConfig.self, estimators: estimators,
                               trainsDistributed: makeDistributedTrainer != nil) { _, configuration, communicator in
            communicator.size > 1 ? try makeDistributedTrainer!(configuration, communicator) : try makeTrainer(configuration)
        }
        self.init(kinds: [kind], registry: registry, builtInPresets: builtInPresets)
    }

    /// Every estimator offered, in the order messages list them.
    public var estimators: [EstimatorName] { kinds.flatMap(\.estimators) }

    /// The family that trains `estimator`.
    public func kind(for estimator: EstimatorName) throws(RunError) -> TrainerKind {
        guard let kind = kinds.first(where: { $0.estimators.contains(estimator) }) else {
            throw .unknownEstimator(name: estimator.rawValue, valid: estimators.map(\.rawValue))
        }
        return kind
    }

    /// Every key some trainer's section or the run has (what a preset or `--set` may name).
    public var keys: [String] {
        var seen = Set<String>(), keys: [String] = []
        for key in kinds.flatMap(\.schema.keys) + RunConfiguration.runKeys where seen.insert(key).inserted { keys.append(key) }
        return keys
    }

    /// The fresh configuration of a run of `estimator`: its family's defaults.
    public func defaults(for estimator: EstimatorName) throws(RunError) -> RunConfiguration {
        let kind = try kind(for: estimator)
        var configuration = RunConfiguration()
        configuration.replaceSection(with: kind.schema.defaults, schema: kind.schema)
        return configuration
    }

    /// A fresh trainer for this rank.
    public func makeTrainer(_ configuration: RunConfiguration, communicator: any Communicator = SingleProcessCommunicator()) throws -> any Trainer {
        try kind(for: configuration.estimator).makeTrainer(configuration, communicator: communicator)
    }

    /// The registered environment names, sorted.
    public var environments: [String] { registry.names }

    /// `configuration` read as its family's section (defaults for keys it lacks), checked: the
    /// environment and estimator names, the budget, and every value of the section.
    public func resolve(_ configuration: RunConfiguration) throws(RunError) -> RunConfiguration {
        let kind = try kind(for: configuration.estimator)
        let resolved = configuration.adopting(kind.schema)
        guard registry.accepts(resolved.env) else { throw .unknownEnvironment(name: resolved.env, valid: environments) }
        try resolved.validateRunKeys()
        try kind.validate(resolved)
        return resolved
    }

    /// Checks `configuration` (`resolve`, keeping the result).
    public func validate(_ configuration: RunConfiguration) throws(RunError) {
        _ = try resolve(configuration)
    }
}
