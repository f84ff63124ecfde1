import CredoAgents
import CredoCheckpoint
import CredoDistributed
import CredoEnvironments

/// Makes a trainer for a validated configuration: the single point where the command-line
/// tools meet the agent layer.
public typealias TrainerFactory = @Sendable (RunConfiguration) throws -> any Trainer

/// Makes one rank's trainer of a data-parallel run (every rank calls it at the same point).
public typealias DistributedTrainerFactory = @Sendable (RunConfiguration, any Communicator) throws -> any Trainer

/// Rebuilds the acting part of a trained agent from a checkpoint, for `rl-eval`.
public typealias PolicyFactory = @Sendable (RunConfiguration, Checkpoint) throws -> any EvaluationPolicy

/// The environments and estimators a program offers, and how to build their trainers and
/// evaluation policies.
///
/// `rl-train` and `rl-eval` each hold one catalog; tests build catalogs around small test
/// trainers. `makeTrainer` receives a configuration already checked against `environments` and
/// `estimators`, and returns a fresh trainer seeded from `configuration.seed`; a resumed run then
/// calls `restore(from:)` on it.
public struct TrainerCatalog: Sendable {
    /// The estimators offered, in the order messages list them.
    public var estimators: [EstimatorName]
    /// The environments trainers can be built for.
    public var registry: EnvironmentRegistry
    /// Builds a fresh trainer.
    public var makeTrainer: TrainerFactory
    /// Builds an evaluation policy holding a checkpoint's parameters.
    public var makePolicy: PolicyFactory
    /// Builds one rank's trainer under `mpirun`; nil when the catalog's trainers train in one
    /// process only (a run of several ranks is then refused).
    public var makeDistributedTrainer: DistributedTrainerFactory?
    /// The presets that ship with these trainers, by environment (the JSON text of
    /// `envs/<env>.json`): what a run uses when no preset file is given or found.
    public var builtInPresets: [String: String]

    public init(estimators: [EstimatorName], registry: EnvironmentRegistry = .standard,
                makeTrainer: @escaping TrainerFactory, makePolicy: @escaping PolicyFactory,
                makeDistributedTrainer: DistributedTrainerFactory? = nil, builtInPresets: [String: String] = [:]) {
        self.builtInPresets = builtInPresets
        self.estimators = estimators
        self.registry = registry
        self.makeTrainer = makeTrainer
        self.makePolicy = makePolicy
        self.makeDistributedTrainer = makeDistributedTrainer
    }

    /// A fresh trainer for this rank: `makeTrainer` with one rank, `makeDistributedTrainer`
    /// with several.
    public func makeTrainer(_ configuration: RunConfiguration, communicator: any Communicator) throws -> any Trainer {
        guard communicator.size > 1 else { return try makeTrainer(configuration) }
        guard let makeDistributedTrainer else { throw RunError.notDistributed(ranks: communicator.size) }
        return try makeDistributedTrainer(configuration, communicator)
    }

    /// The registered environment names, sorted.
    public var environments: [String] { registry.names }

    /// Checks `configuration` against this catalog's names and the numeric ranges.
    public func validate(_ configuration: RunConfiguration) throws(RunError) {
        try configuration.validate(environments: environments, estimators: estimators)
    }
}

/// The acting part of a trained agent: an action for each observation.
public protocol EvaluationPolicy {
    /// The action for `observation`: the most likely one (the mode, or the mean of a continuous
    /// policy) when `deterministic`, otherwise a sample drawn from the policy's own generator.
    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action
}
