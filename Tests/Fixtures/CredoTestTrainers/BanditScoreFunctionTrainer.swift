import CredoAgents
import CredoCheckpoint
import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoRun
import CredoSCG
import CredoTensor
import Foundation

/// The configuration section of `BanditScoreFunctionTrainer`: its own keys, not ActorCritic's.
public struct BanditSettings: TrainerSettings {
    public var environment = "bandit-bernoulli"
    public var estimator: EstimatorName = "bandit-loo"
    public var seed: UInt64 = 0
    /// Pulls per update (the leave-one-out plate).
    public var samples = 32
    public var learningRate: Float = 0.1

    public init() {}

    public var problem: ConfigurationProblem? {
        if samples < 2 || samples > 1 << 16 {
            return ConfigurationProblem(key: "samples", value: "\(samples)", requirement: "must lie in [2, 65536] (leave-one-out needs two)")
        }
        if !(learningRate.isFinite && learningRate > 0 && learningRate <= 1) {
            return ConfigurationProblem(key: "learningRate", value: "\(learningRate)", requirement: "must lie in (0, 1]")
        }
        return nil
    }

    public static var enumeratedValues: [String: [String]] { [:] }

    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        environment = try c.decodeIfPresent(String.self, forKey: .environment) ?? environment
        estimator = try c.decodeIfPresent(EstimatorName.self, forKey: .estimator) ?? estimator
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
        samples = try c.decodeIfPresent(Int.self, forKey: .samples) ?? samples
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? learningRate
    }
}

extension TrainerKind {
    /// The bandit trainer as a second trainer family beside ActorCritic's: estimator
    /// `bandit-loo`, section `BanditSettings`.
    public static func bandit(registry: EnvironmentRegistry = .standard) -> TrainerKind {
        TrainerKind(name: "bandit", settings: BanditSettings.self, estimators: ["bandit-loo"]) { settings, _, _ in
            try BanditScoreFunctionTrainer(settings: settings, registry: registry)
        }
    }
}

/// A custom training loop written directly on the SCG layer, as a library user would: a softmax
/// policy over a bandit's arms, each update one stochastic node with `samples` samples
/// (leave-one-out score function), a cost of minus the reward per pull, and Adam on the
/// gradient of the surrogate loss. Conforming to `Trainer` gives it the run directory, metrics,
/// progress, checkpoints and exact resume of `TrainingSession`.
public struct BanditScoreFunctionTrainer: Trainer {
    /// The policy's parameters: one preference (logit) per arm.
    struct ArmPreferences: Module {
        var logits: Tensor
        mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) { visit("logits", &logits) }
    }

    public private(set) var counters = TrainingCounters()
    let samples: Int
    private var policy: ArmPreferences
    public var logits: Tensor { policy.logits }
    private var optimizer: Adam
    private var generator: RandomGenerator
    private var environment: any Environment

    public init(settings: BanditSettings, registry: EnvironmentRegistry = .standard) throws {
        environment = try registry.make(settings.environment)
        guard let arms = environment.actionSpace.discreteCount else {
            throw BanditTrainerError(description: "the bandit trainer needs a Discrete(n) action space, not \(environment.actionSpace)")
        }
        _ = environment.reset(seed: settings.seed)
        samples = settings.samples
        policy = ArmPreferences(logits: Tensor(repeating: 0, shape: [arms]).requiringGradient())
        optimizer = Adam(learningRate: settings.learningRate)
        generator = RandomGenerator(seed: settings.seed &+ 1)
    }

    public mutating func update() throws -> UpdateReport {
        let parameters = policy.logits
        var graph = StochasticComputationGraph()
        let arm = graph.sample("arm", from: Categorical(logits: parameters), estimator: LeaveOneOut(samples: samples), using: &generator)
        let chosen = arm.value.argmax()                       // one arm per sample, from the one-hot values
        var rewards: [Float] = [], episodes: [FinishedEpisode] = []
        for index in chosen {
            let reward = environment.step(.discrete(index)).reward
            _ = environment.reset(seed: nil)
            counters.environmentSteps += 1
            rewards.append(Float(reward))
            episodes.append(FinishedEpisode(totalReward: reward, length: 1, environmentStep: counters.environmentSteps))
        }
        graph.addCost(-Tensor(rewards), dependsOn: [arm])
        let gradient = gradients(of: graph.surrogateLoss(), wrt: [parameters])[0]
        optimizer.update(&policy, along: [gradient])
        counters.episodes += episodes.count
        counters.updates += 1
        let probabilities = logits.softmax(axis: -1).scalars
        let entropy = -probabilities.map { $0 > 0 ? Double($0) * log(Double($0)) : 0 }.reduce(0, +)
        let gradientNorm = gradient.scalars.map { Double($0 * $0) }.reduce(0, +).squareRoot()
        return UpdateReport(episodes: episodes, metrics: [
            "policy_loss": -Double(rewards.reduce(0, +)) / Double(samples), "entropy": entropy, "grad_norm": gradientNorm,
        ])
    }

    /// The probability the policy gives each arm.
    public var armProbabilities: [Float] { logits.softmax(axis: -1).scalars }

    public func checkpoint() throws -> Checkpoint {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/policy/logits", logits)
        for (name, tensor) in optimizer.state.sorted(by: { $0.key < $1.key }) { try checkpoint.set("optimizer/adam/\(name)", tensor) }
        try checkpoint.set("rng/agent", generator: generator)
        try checkpoint.set("rng/env/0", generator: environment.rng)
        return checkpoint
    }

    public mutating func restore(from checkpoint: Checkpoint) throws {
        try policy.loadParameters(["logits": try checkpoint.tensor("params/policy/logits", shape: logits.shape)])
        try optimizer.loadState(try checkpoint.tensors(prefix: "optimizer/adam"))
        generator = try checkpoint.generator("rng/agent")
        environment.rng = try checkpoint.generator("rng/env/0")
        counters = TrainingCounters(environmentSteps: Int(try checkpoint.scalar("counters/environment_steps", as: Int64.self)),
                                    episodes: Int(try checkpoint.scalar("counters/episodes", as: Int64.self)),
                                    updates: Int(try checkpoint.scalar("counters/updates", as: Int64.self)))
    }
}

/// Why the bandit trainer cannot be built.
public struct BanditTrainerError: Error, CustomStringConvertible {
    public var description: String
}
