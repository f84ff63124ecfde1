import CredoCheckpoint
import CredoEnvironments
import CredoTensor
import Foundation

extension OffPolicyActor {
    /// The environment's action for one raw observation: the deterministic action when
    /// `deterministic`, else a draw of the action node with `rng`.
    public func action(for observation: [Float], deterministic: Bool, using rng: inout RandomGenerator) -> Action {
        let input = Tensor(shape: [1, observation.count], scalars: observation)
        let a = detached
        let row = deterministic ? a.action(input) : a.distribution(input).sample(using: &rng)
        return environmentAction(row.scalars[...])
    }
}

extension OffPolicyActorCritic {
    public func actingPolicy(generator: RandomGenerator) -> (any EvaluationPolicy)? {
        OffPolicyActingPolicy(trainer: self, generator: generator)
    }

    public var recentReturns: [Double] { window.returns }
}

/// A trained off-policy actor as an `EvaluationPolicy` (`rl-eval`): the mean action (squashed
/// for SAC) when deterministic, else a draw from its own generator.
struct OffPolicyActingPolicy: EvaluationPolicy {
    var trainer: OffPolicyActorCritic
    var generator: RandomGenerator

    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action {
        trainer.act(rawObservations: observation, deterministic: deterministic, using: &generator)[0]
    }
}
