import CredoAgents
import CredoCheckpoint
import CredoDistributed
import CredoEnvironments

extension TrainerKind {
    /// The on-policy family: `ActorCritic` with every estimator of the agent layer's
    /// `EstimatorCatalog.standard`, configured by `TrainingConfig`, on one rank or several.
    public static let actorCritic = TrainerKind(name: "actor-critic", settings: TrainingConfig.self,
                                                estimators: EstimatorCatalog.standard.names, trainsDistributed: true) {
        settings, configuration, communicator in
        var trainer = try ActorCritic(config: settings, registry: .standard, communicator: communicator)
        trainer.parameterCheckInterval = configuration.parameterCheckInterval ?? RunConfiguration.defaultParameterCheckInterval
        return trainer
    }
}

extension TrainerCatalog {
    /// The catalog `rl-train` and `rl-eval` use: every trainer family of the agent layer, on the
    /// built-in environments, with the presets compiled from `envs/`.
    public static let standard = TrainerCatalog(kinds: [.actorCritic, .offPolicy], registry: .standard,
                                                builtInPresets: BuiltInPresets.files)
}

extension TrainerKind {
    /// The off-policy family: `OffPolicyActorCritic` (ddpg, td3, sac, sobolev-q), configured by
    /// `OffPolicyConfig`, on one rank (a run of several is refused at start).
    public static let offPolicy = TrainerKind(name: "off-policy", settings: OffPolicyConfig.self,
                                              estimators: OffPolicyCatalog.standard.names) { settings, _, _ in
        try OffPolicyActorCritic(config: settings, registry: .standard)
    }
}
