import CredoAgents
import CredoCheckpoint
import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoRun
import CredoSCG
import CredoTensor
import Foundation

/// A custom training loop written directly on the SCG layer, as a library user would: a softmax
/// policy over a bandit's arms, each update one stochastic node with `environmentCount × rolloutSteps` samples
/// (leave-one-out score function), a cost of minus the reward per pull, and Adam on the
/// gradient of the surrogate loss. Conforming to `Trainer` gives it the run directory, metrics,
/// progress, checkpoints and exact resume of `TrainingSession`.
struct BanditScoreFunctionTrainer: Trainer {
    /// The policy's parameters: one preference (logit) per arm.
    struct ArmPreferences: Module {
        var logits: Tensor
        mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) { visit("logits", &logits) }
    }

    private(set) var counters = TrainingCounters()
    let samples: Int
    private var policy: ArmPreferences
    var logits: Tensor { policy.logits }
    private var optimizer: Adam
    private var generator: RandomGenerator
    private var environment: any Environment

    init(configuration: RunConfiguration, registry: EnvironmentRegistry = .standard) throws {
        environment = try registry.make(configuration.env)
        guard let arms = environment.actionSpace.discreteCount else {
            throw MismatchError(what: "action space", saved: "\(environment.actionSpace)", expected: "Discrete(n)")
        }
        _ = environment.reset(seed: configuration.seed)
        samples = configuration.agent.environmentCount * configuration.agent.rolloutSteps
        policy = ArmPreferences(logits: Tensor(repeating: 0, shape: [arms]).requiringGradient())
        optimizer = Adam(learningRate: configuration.agent.learningRate)
        generator = RandomGenerator(seed: configuration.seed &+ 1)
    }

    mutating func update() throws -> UpdateReport {
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
    var armProbabilities: [Float] { logits.softmax(axis: -1).scalars }

    func checkpoint() throws -> Checkpoint {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/policy/logits", logits)
        for (name, tensor) in optimizer.state.sorted(by: { $0.key < $1.key }) { try checkpoint.set("optimizer/adam/\(name)", tensor) }
        try checkpoint.set("rng/agent", generator: generator)
        try checkpoint.set("rng/env/0", generator: environment.rng)
        return checkpoint
    }

    mutating func restore(from checkpoint: Checkpoint) throws {
        try policy.loadParameters(["logits": try checkpoint.tensor("params/policy/logits", shape: logits.shape)])
        try optimizer.loadState(try checkpoint.tensors(prefix: "optimizer/adam"))
        generator = try checkpoint.generator("rng/agent")
        environment.rng = try checkpoint.generator("rng/env/0")
        counters = TrainingCounters(environmentSteps: Int(try checkpoint.scalar("counters/environment_steps", as: Int64.self)),
                                    episodes: Int(try checkpoint.scalar("counters/episodes", as: Int64.self)),
                                    updates: Int(try checkpoint.scalar("counters/updates", as: Int64.self)))
    }
}
