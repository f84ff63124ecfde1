import CredoAgents
import CredoCheckpoint
import CredoEnvironments
import CredoTensor

extension TrainerCatalog {
    /// The catalog `rl-train` and `rl-eval` use: the agent layer's `ActorCritic` with every
    /// estimator of `EstimatorName`, on the built-in environments.
    ///
    /// This is the single place where the command-line tools meet the agent layer: a trainer is
    /// `ActorCritic(config: configuration.agent)`, and an evaluation policy is such a trainer
    /// restored from the checkpoint (`restore(from:)` names an environment or architecture
    /// mismatch), acting through `ActorCritic.act(rawObservations:deterministic:using:)`.
    public static let standard = TrainerCatalog(
        estimators: EstimatorName.allCases,
        registry: .standard,
        makeTrainer: { configuration in try ActorCritic(config: configuration.agent, registry: .standard) },
        makePolicy: { configuration, checkpoint in
            var agent = try ActorCritic(config: configuration.agent, registry: .standard)
            try agent.restore(from: checkpoint)
            return ActorCriticPolicy(agent: agent, generator: RandomGenerator(seed: configuration.seed &+ 1))
        },
        makeDistributedTrainer: { configuration, communicator in
            var trainer = try ActorCritic(config: configuration.agent, registry: .standard, communicator: communicator)
            trainer.parameterCheckInterval = configuration.parameterCheckInterval ?? RunConfiguration.defaultParameterCheckInterval
            return trainer
        },
        builtInPresets: BuiltInPresets.files
    )
}
