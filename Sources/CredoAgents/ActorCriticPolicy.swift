import CredoEnvironments
import CredoTensor

/// A trained `ActorCritic` as an `EvaluationPolicy`: observations normalised with the training
/// statistics (frozen), actions sampled from its own generator unless deterministic.
struct ActorCriticPolicy: EvaluationPolicy {
    /// The agent; only its policy network and normaliser are used.
    var agent: ActorCritic
    /// The stream sampled actions are drawn from.
    var generator: RandomGenerator

    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action {
        agent.act(rawObservations: observation, deterministic: deterministic, using: &generator)[0]
    }
}

extension ActorCritic {
    public func actingPolicy(generator: RandomGenerator) -> (any EvaluationPolicy)? {
        ActorCriticPolicy(agent: self, generator: generator)
    }

    public var recentReturns: [Double] { window.returns }
}
