/// The off-policy estimators' names (`--estimator`), beside the on-policy ones of `EstimatorName`.
extension EstimatorName {
    public static let ddpg: EstimatorName = "ddpg"
    public static let td3: EstimatorName = "td3"
    public static let sac: EstimatorName = "sac"
    public static let sobolevQ: EstimatorName = "sobolev-q"
}

/// What the actor of an off-policy estimator is.
public enum OffPolicyActorKind: String, Sendable {
    /// a = μ_θ(s) ∈ (−1, 1)^d (tanh output); explores with Normal(μ_θ(s), σ²) draws.
    case deterministic
    /// a = tanh(μ_θ(s) + σ_θ(s) ε): SAC's squashed Gaussian.
    case squashedGaussian
}

/// One off-policy estimator: the SCG estimator/critic pair it is, as data the trainer reads.
/// Every actor loss is the surrogate of a reparameterised action node whose downstream cost a
/// learned Q estimates (`ReparameterizedCritic` with critic −Q(s, ·)); the entries differ in the
/// actor's distribution, the number of Q networks, the TD target and how Q is fitted.
public struct OffPolicyEntry: Sendable {
    public var name: EstimatorName
    /// One line for `--help` and docs.
    public var summary: String
    /// Always continuous (a bounded `Box`).
    public var actions: ActionRequirement
    public var actor: OffPolicyActorKind
    /// Q networks: 2 takes the minimum of the twins in the target (clipped double Q).
    public var criticCount: Int
    /// Target-policy smoothing (TD3): noise on the target actor's action in the TD target.
    public var smoothsTargetPolicy: Bool
    /// Whether `policyDelay` applies (else the actor steps every gradient step).
    public var delaysPolicy: Bool
    /// SAC's entropy term and automatic temperature.
    public var tunesEntropy: Bool
    /// Q also fitted to the model's pathwise action-gradients (Sobolev regression).
    public var needsDifferentiableModel: Bool

    public init(name: EstimatorName, summary: String, actions: ActionRequirement = .continuous, actor: OffPolicyActorKind,
                criticCount: Int, smoothsTargetPolicy: Bool, delaysPolicy: Bool, tunesEntropy: Bool,
                needsDifferentiableModel: Bool) {
        self.name = name
        self.summary = summary
        self.actions = actions
        self.actor = actor
        self.criticCount = criticCount
        self.smoothsTargetPolicy = smoothsTargetPolicy
        self.delaysPolicy = delaysPolicy
        self.tunesEntropy = tunesEntropy
        self.needsDifferentiableModel = needsDifferentiableModel
    }
}

/// The off-policy estimators by name, for `rl-train --help` and the run layer's catalogue.
public struct OffPolicyCatalog: Sendable {
    public var entries: [OffPolicyEntry]

    public init(_ entries: [OffPolicyEntry]) { self.entries = entries }

    public subscript(name: EstimatorName) -> OffPolicyEntry? { entries.first { $0.name == name } }

    public var names: [EstimatorName] { entries.map(\.name) }

    public static let standard = OffPolicyCatalog([
        OffPolicyEntry(name: .ddpg, summary: "DDPG: deterministic actor through a learned Q, Gaussian exploration (Lillicrap et al., 2016)",
                       actor: .deterministic, criticCount: 1, smoothsTargetPolicy: false, delaysPolicy: false,
                       tunesEntropy: false, needsDifferentiableModel: false),
        OffPolicyEntry(name: .td3, summary: "TD3: twin Q with the minimum in the target, target smoothing, delayed actor (Fujimoto et al., 2018)",
                       actor: .deterministic, criticCount: 2, smoothsTargetPolicy: true, delaysPolicy: true,
                       tunesEntropy: false, needsDifferentiableModel: false),
        OffPolicyEntry(name: .sac, summary: "SAC: tanh-squashed Gaussian actor, twin Q, automatic entropy temperature (Haarnoja et al., 2018)",
                       actor: .squashedGaussian, criticCount: 2, smoothsTargetPolicy: false, delaysPolicy: false,
                       tunesEntropy: true, needsDifferentiableModel: false),
        OffPolicyEntry(name: .sobolevQ, summary: "TD3 whose Q is Sobolev-fitted to the model's pathwise action-gradients (Weber et al., 2019)",
                       actor: .deterministic, criticCount: 2, smoothsTargetPolicy: true, delaysPolicy: true,
                       tunesEntropy: false, needsDifferentiableModel: true),
    ])
}
