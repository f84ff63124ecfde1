import CredoCheckpoint
import CredoEnvironments
import CredoTensor
import Foundation

/// The acting part of an off-policy checkpoint, for evaluation (`rl-eval`): the actor alone,
/// without building the replay buffer or the critics.
extension OffPolicyActor {
    /// The actor of `checkpoint` (written by `OffPolicyActorCritic.checkpoint()`), shaped by the
    /// configuration it holds and the environment's spaces; throws naming a mismatch.
    public static func load(from checkpoint: Checkpoint, registry: EnvironmentRegistry = .standard) throws -> OffPolicyActor {
        guard checkpoint.attributes["trainer"] == OffPolicyActorCritic.trainerAttribute else {
            throw ActorCriticError.checkpointMismatch("it was not written by an off-policy trainer")
        }
        let config = try JSONDecoder().decode(OffPolicyConfig.self, from: Data(try checkpoint.attribute("config").utf8))
        guard let entry = OffPolicyCatalog.standard[config.estimator] else {
            throw ActorCriticError.unknownEstimator(config.estimator, valid: OffPolicyCatalog.standard.names)
        }
        let environment = try registry.make(config.environment)
        guard case .box(let low, let high, _) = environment.actionSpace else {
            throw ActorCriticError.incompatibleEstimator(entry.name, needs: .continuous, actionSpace: environment.actionSpace)
        }
        var rng = RandomGenerator(seed: 0)
        var actor = OffPolicyActor(observationSize: environment.observationSpace.flatSize, low: low, high: high,
                                   hiddenSizes: config.hiddenSizes, activation: config.activation, kind: entry.actor,
                                   explorationNoise: config.explorationNoise, using: &rng)
        try checkpoint.load(network: &actor, as: "actor")
        return actor
    }

    /// The environment's action for one raw observation: the deterministic action when
    /// `deterministic`, else a draw of the action node with `rng`.
    public func action(for observation: [Float], deterministic: Bool, using rng: inout RandomGenerator) -> Action {
        let input = Tensor(shape: [1, observation.count], scalars: observation)
        let a = detached
        let row = deterministic ? a.action(input) : a.distribution(input).sample(using: &rng)
        return environmentAction(row.scalars[...])
    }
}
