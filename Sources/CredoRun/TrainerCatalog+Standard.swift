import CredoAgents
import CredoCheckpoint
import CredoEnvironments

/// The gradient estimators `rl-train` offers, in the order `--help` lists them.
public enum EstimatorName: String, CaseIterable, Sendable {
    /// Score function with the Monte Carlo return (Williams 1992).
    case reinforce
    /// Score function with a learned state-value baseline.
    case reinforceBaseline = "reinforce-baseline"
    /// Advantage actor-critic: K-step / λ-return targets from a learned critic.
    case a2c
    /// RELAX: a learned control variate on the relaxed action (Grathwohl et al. 2018).
    case relax
    /// LAX: RELAX's control variate without the discrete-relaxation correction.
    case lax
    /// Reparameterised (pathwise) gradient through a differentiable environment.
    case pathwise
    /// Pathwise gradient through a Sobolev-trained gradient-critic (Weber et al. 2019).
    case sobolev
}

/// The agent layer is not linked into the command-line tools yet.
public struct TrainerUnavailableError: Error, CustomStringConvertible {
    public var estimator: String
    public var description: String {
        "no trainer is linked into this build for estimator \"\(estimator)\": the agent layer's ActorCritic "
            + "is plugged in at TrainerCatalog.standard (Sources/CredoRun/TrainerCatalog+Standard.swift)"
    }
}

extension TrainerCatalog {
    /// The catalog `rl-train` and `rl-eval` use: every estimator of `EstimatorName` on the
    /// built-in environments.
    ///
    /// This is the single place where the command-line tools meet the agent layer: map the
    /// `RunConfiguration` to the agent's configuration and return its trainer (and, for
    /// `rl-eval`, its policy with the checkpoint's parameters loaded).
    public static let standard = TrainerCatalog(
        estimators: EstimatorName.allCases.map(\.rawValue),
        registry: .standard,
        makeTrainer: { configuration in throw TrainerUnavailableError(estimator: configuration.estimator) },
        makePolicy: { configuration, _ in throw TrainerUnavailableError(estimator: configuration.estimator) }
    )
}
