import CredoSCG
import CredoTensor

/// The name of an estimator in an `EstimatorCatalog` (`--estimator a2c`): a string, so that a
/// user's own estimator has a name like the built-in ones.
public struct EstimatorName: RawRepresentable, Hashable, Codable, Sendable, CaseIterable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }
    public var description: String { rawValue }

    /// The names of the standard catalogue, in its order.
    public static var allCases: [EstimatorName] { EstimatorCatalog.standard.entries.map(\.name) }

    public static let reinforce: EstimatorName = "reinforce"
    public static let reinforceBaseline: EstimatorName = "reinforce-baseline"
    public static let a2c: EstimatorName = "a2c"
    public static let relax: EstimatorName = "relax"
    public static let lax: EstimatorName = "lax"
    public static let pathwise: EstimatorName = "pathwise"
    public static let sobolev: EstimatorName = "sobolev"
    public static let mac: EstimatorName = "mac"
    public static let reparamQ: EstimatorName = "reparam-q"
    public static let ppo: EstimatorName = "ppo"
}

/// Which actions an estimator can be put on.
public enum ActionRequirement: String, Sendable {
    case discrete, continuous, either
}

/// The learned functions an `ActorCritic` keeps for an estimator, by what they are in Weber et
/// al.'s terms, and how each is trained.
public struct CriticRequirements: Sendable, Equatable {
    /// V(s): a baseline for the action node, and the bootstrap of every return target.
    public var valueFunction = true
    /// c_φ(s, x) trained on the estimator's variance (RELAX: x = σ_λ(z), with λ learned; LAX: x
    /// the reparameterised action).
    public var controlVariate: ControlVariateInput?
    /// Q(s, a), the action node's downstream cost for any action.
    public var actionValue: ActionValueSource?

    public init(valueFunction: Bool = true, controlVariate: ControlVariateInput? = nil,
                actionValue: ActionValueSource? = nil) {
        self.valueFunction = valueFunction
        self.controlVariate = controlVariate
        self.actionValue = actionValue
    }
}

/// What a learned control variate sees of the action node.
public enum ControlVariateInput: String, Sendable {
    /// The Concrete relaxation of a discrete action, with a learned temperature (RELAX).
    case relaxedAction
    /// The reparameterised continuous action (LAX).
    case action
}

/// Where Q(s, a) comes from.
public enum ActionValueSource: String, Sendable {
    /// A network regressed on the return targets (Mean Actor-Critic, a model-free critic).
    case regression
    /// A network trained by Sobolev regression on a differentiable model's returns and their
    /// action-gradients (Weber et al., 2019, section 4.4).
    case sobolev
    /// The differentiable model itself, unrolled (pathwise gradients).
    case model
}

/// What an estimator of the action node is built from, at every update: the rows' inputs and
/// the learned functions the catalogue entry asked for, all on the cost side (costs are
/// negated rewards). While a rollout samples, only `observations` is meaningful: the learned
/// functions then trap, because no sampling half needs them.
public struct EstimatorInputs {
    /// The policy's inputs, [N, observationSize].
    public var observations: Tensor
    /// b(s_t) = −V(s_t) per row, [1, N], when the run has a value function and does not
    /// standardise advantages (then the cost-to-go is already centred).
    public var baseline: Tensor?
    /// c_φ on the action node's relaxed samples or reparameterised actions, [1, N] + event →
    /// [1, N], the baseline included (RELAX, LAX).
    public var controlVariate: (Tensor) -> Tensor
    /// RELAX's λ (on the tape, learned with φ).
    public var temperature: Tensor
    /// Q(s_t, ·) on actions [m, N] + event (one-hot rows for discrete actions) → [m, N].
    public var actionValue: (Tensor) -> Tensor
    /// The run's hyperparameters (PPO's clip range, ...).
    public var config: TrainingConfig

    public init(observations: Tensor, baseline: Tensor? = nil, config: TrainingConfig = TrainingConfig(),
                controlVariate: @escaping (Tensor) -> Tensor = EstimatorInputs.unavailable("a control variate"),
                temperature: Tensor = Tensor(1),
                actionValue: @escaping (Tensor) -> Tensor = EstimatorInputs.unavailable("an action-value critic")) {
        self.observations = observations
        self.baseline = baseline
        self.controlVariate = controlVariate
        self.temperature = temperature
        self.actionValue = actionValue
        self.config = config
    }

    /// A learned function that is not there (while sampling, or not asked for).
    public static func unavailable(_ what: String) -> (Tensor) -> Tensor {
        { _ in preconditionFailure("\(what) is not available here: a sampling half used it, or the catalogue entry did not ask for it") }
    }

    /// The score function's baseline from `baseline`: learned when there is one.
    public var scoreFunctionBaseline: Baseline { baseline.map { .learned($0) } ?? .none }
}

/// One estimator of the catalogue: its name, what it needs, and how to build it.
public struct EstimatorEntry {
    public var name: EstimatorName
    /// One line for `--help` and docs.
    public var summary: String
    public var actions: ActionRequirement
    /// Whether it differentiates through a model of the environment's dynamics.
    public var needsDifferentiableModel: Bool
    /// Whether it needs whole episodes (no critic to bootstrap a cut episode).
    public var needsWholeEpisodes: Bool
    public var critics: CriticRequirements
    /// The estimator for one update (or, with sampling inputs, one rollout).
    public var make: (EstimatorInputs) -> any GradientEstimator

    public init(name: EstimatorName, summary: String, actions: ActionRequirement = .either,
                needsDifferentiableModel: Bool = false, needsWholeEpisodes: Bool = false,
                critics: CriticRequirements = CriticRequirements(),
                make: @escaping (EstimatorInputs) -> any GradientEstimator) {
        self.name = name
        self.summary = summary
        self.actions = actions
        self.needsDifferentiableModel = needsDifferentiableModel
        self.needsWholeEpisodes = needsWholeEpisodes
        self.critics = critics
        self.make = make
    }

    /// A user's estimator that needs nothing learned but V (given to it as `inputs.baseline`).
    public init(name: EstimatorName, summary: String = "a user-defined estimator", actions: ActionRequirement = .either,
                _ estimator: @escaping (EstimatorInputs) -> some GradientEstimator) {
        self.init(name: name, summary: summary, actions: actions, make: { estimator($0) })
    }
}

/// The table from estimator name to constructor: every estimator an agent can put on its action
/// node lives in CredoSCG, and this is the only place that names them for agents.
public struct EstimatorCatalog {
    public var entries: [EstimatorEntry]

    public init(_ entries: [EstimatorEntry]) { self.entries = entries }

    public subscript(name: EstimatorName) -> EstimatorEntry? { entries.first { $0.name == name } }

    public var names: [EstimatorName] { entries.map(\.name) }

    /// The standard estimators of `rl-train --estimator`.
    public static var standard: EstimatorCatalog {
        EstimatorCatalog([
            EstimatorEntry(name: .reinforce, summary: "score function with Monte Carlo returns on whole episodes (Williams, 1992)",
                           needsWholeEpisodes: true, critics: CriticRequirements(valueFunction: false)) { _ in ScoreFunction() },
            EstimatorEntry(name: .reinforceBaseline, summary: "REINFORCE with a learned baseline V(s), whole episodes",
                           needsWholeEpisodes: true) { ScoreFunction(baseline: $0.scoreFunctionBaseline) },
            EstimatorEntry(name: .a2c, summary: "score function, K-step or λ critic targets, V(s) baseline (Mnih et al., 2016)") {
                ScoreFunction(baseline: $0.scoreFunctionBaseline)
            },
            EstimatorEntry(name: .relax, summary: "RELAX: learned control variate on the relaxed action (Grathwohl et al., 2018)",
                           actions: .discrete, critics: CriticRequirements(controlVariate: .relaxedAction)) {
                RELAX(temperature: $0.temperature, stacksControlVariateInputs: true, controlVariate: $0.controlVariate)
            },
            EstimatorEntry(name: .lax, summary: "LAX: learned control variate on the reparameterised action",
                           actions: .continuous, critics: CriticRequirements(controlVariate: .action)) {
                LAX(stacksControlVariateInputs: true, controlVariate: $0.controlVariate)
            },
            EstimatorEntry(name: .pathwise, summary: "reparameterised actions through the differentiable model's return",
                           actions: .continuous, needsDifferentiableModel: true,
                           critics: CriticRequirements(actionValue: .model)) { ReparameterizedCritic(critic: $0.actionValue) },
            EstimatorEntry(name: .sobolev, summary: "reparameterised actions through a Sobolev-trained gradient-critic (Weber et al., 2019)",
                           actions: .continuous, needsDifferentiableModel: true,
                           critics: CriticRequirements(actionValue: .sobolev)) { ReparameterizedCritic(critic: $0.actionValue) },
            EstimatorEntry(name: .ppo, summary: "PPO: the clipped importance-weighted surrogate, epochs of minibatches (Schulman et al., 2017)") {
                PPO(clipRange: $0.config.clipRange)
            },
            EstimatorEntry(name: .mac, summary: "Mean Actor-Critic: every action weighted by a learned Q (Allen et al., 2017)",
                           actions: .discrete, critics: CriticRequirements(actionValue: .regression)) {
                MeanActorCritic(critic: $0.actionValue)
            },
            EstimatorEntry(name: .reparamQ, summary: "reparameterised actions through a learned Q critic, no model",
                           actions: .continuous, critics: CriticRequirements(actionValue: .regression)) {
                ReparameterizedCritic(critic: $0.actionValue)
            },
        ])
    }
}
