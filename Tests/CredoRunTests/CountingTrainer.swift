import CredoAgents
import CredoCheckpoint
import CredoEnvironments
import CredoRun
import CredoTensor

/// A small deterministic trainer for driving `TrainingSession` without the agent layer: a test
/// double with real state of every kind a checkpoint holds.
///
/// Each update takes `rolloutSteps` steps in each of `environmentCount` simulated episodes (a reward drawn
/// from the environment's generator, an episode ending with probability 1/20 or at 50 steps),
/// then moves its "parameters" (one per hidden unit) towards zero with noisy momentum SGD drawn
/// from the agent generator. Parameters, momentum, both kinds of generator, the episodes in
/// progress and the counters all go into the checkpoint, so resuming it is exact only when
/// every piece is saved and restored.
struct CountingTrainer: Trainer {
    var counters = TrainingCounters()
    let configuration: RunConfiguration
    /// Report a NaN policy loss at this update (1-based), to test the non-finite stop.
    var nanAtUpdate: Int?
    /// Make `checkpoint()` hold a NaN parameter from this update on.
    var nanParametersFromUpdate: Int?
    private(set) var weights: [Float]
    private var momentum: [Float]
    private var agentGenerator: RandomGenerator
    private var environmentGenerators: [RandomGenerator]
    private var episodeReturns: [Double]
    private var episodeLengths: [Int64]

    init(configuration: RunConfiguration, nanAtUpdate: Int? = nil, nanParametersFromUpdate: Int? = nil) {
        self.configuration = configuration
        self.nanAtUpdate = nanAtUpdate
        self.nanParametersFromUpdate = nanParametersFromUpdate
        var root = RandomGenerator(seed: configuration.seed)
        agentGenerator = root.split()
        environmentGenerators = root.split(into: configuration.agent.environmentCount)
        let count = configuration.agent.hiddenSizes.reduce(0, +)
        weights = (0..<count).map { Float($0 % 7) - 3 }
        momentum = Array(repeating: 0, count: count)
        episodeReturns = Array(repeating: 0, count: configuration.agent.environmentCount)
        episodeLengths = Array(repeating: 0, count: configuration.agent.environmentCount)
    }

    mutating func update() throws -> UpdateReport {
        var finished: [FinishedEpisode] = []
        for _ in 0..<configuration.agent.rolloutSteps {
            for env in 0..<configuration.agent.environmentCount {
                counters.environmentSteps += 1
                episodeReturns[env] += environmentGenerators[env].uniformDouble()
                episodeLengths[env] += 1
                if environmentGenerators[env].uniformDouble() < 0.05 || episodeLengths[env] >= 50 {
                    finished.append(FinishedEpisode(totalReward: episodeReturns[env], length: Int(episodeLengths[env]),
                                                  environmentStep: counters.environmentSteps))
                    episodeReturns[env] = 0
                    episodeLengths[env] = 0
                }
            }
        }
        counters.episodes += finished.count
        counters.updates += 1
        var squaredNorm = 0.0
        for index in weights.indices {
            let gradient = weights[index] + 0.1 * (agentGenerator.uniformFloat() - 0.5)
            momentum[index] = 0.9 * momentum[index] + gradient
            weights[index] -= configuration.agent.learningRate * momentum[index]
            squaredNorm += Double(gradient * gradient)
        }
        var metrics = ["policy_loss": weights.map { Double($0 * $0) }.reduce(0, +), "grad_norm": squaredNorm.squareRoot(),
                       "pg_log_variance": -Double(counters.updates) / 10, "counting_bonus": Double(counters.updates)]
        if counters.updates == nanAtUpdate { metrics["policy_loss"] = .nan }
        return UpdateReport(episodes: finished, metrics: metrics)
    }

    func checkpoint() throws -> Checkpoint {
        var checkpoint = Checkpoint()
        var weights = self.weights
        if let nanParametersFromUpdate, counters.updates >= nanParametersFromUpdate { weights[0] = .nan }
        try checkpoint.set("params/policy/weights", weights, shape: [weights.count])
        try checkpoint.set("optimizer/momentum/policy/weights", momentum, shape: [momentum.count])
        try checkpoint.set("rng/agent", generator: agentGenerator)
        for (index, generator) in environmentGenerators.enumerated() { try checkpoint.set("rng/env/\(index)", generator: generator) }
        try checkpoint.set("rollout/episode_return", episodeReturns, shape: [episodeReturns.count])
        try checkpoint.set("rollout/episode_length", episodeLengths, shape: [episodeLengths.count])
        try counters.write(into: &checkpoint)
        return checkpoint
    }

    mutating func restore(from checkpoint: Checkpoint) throws {
        if let env = checkpoint.attributes["environment"], env != configuration.env {
            throw MismatchError(what: "environment", saved: env, expected: configuration.env)
        }
        let shape = checkpoint["params/policy/weights"]?.shape ?? []
        guard shape == [weights.count] else {
            throw MismatchError(what: "params/policy/weights shape", saved: "\(shape)", expected: "\([weights.count])")
        }
        weights = try checkpoint.values("params/policy/weights", shape: [weights.count])
        momentum = try checkpoint.values("optimizer/momentum/policy/weights", shape: [weights.count])
        agentGenerator = try checkpoint.generator("rng/agent")
        environmentGenerators = try environmentGenerators.indices.map { try checkpoint.generator("rng/env/\($0)") }
        episodeReturns = try checkpoint.values("rollout/episode_return", shape: [configuration.agent.environmentCount])
        episodeLengths = try checkpoint.values("rollout/episode_length", shape: [configuration.agent.environmentCount])
        counters = try TrainingCounters(checkpoint: checkpoint)
    }

    /// CartPole's hand-written controller, so `rl-eval`'s path (checkpoint → trainer → policy →
    /// episodes) is exercised end to end.
    func actingPolicy(generator: RandomGenerator) -> (any EvaluationPolicy)? {
        PoleBalancingPolicy(gain: 1, generator: RandomGenerator(seed: configuration.seed))
    }
}

/// A checkpoint that does not fit the trainer.
struct MismatchError: Error, CustomStringConvertible {
    var what: String, saved: String, expected: String
    var description: String { "checkpoint \(what) is \(saved), this trainer expects \(expected)" }
}

/// CartPole's classic hand-written controller.
struct PoleBalancingPolicy: EvaluationPolicy {
    var gain: Float
    var generator: RandomGenerator

    mutating func action(for observation: [Float], deterministic: Bool) throws -> Action {
        let push = gain * (observation[2] + 0.5 * observation[3])
        if !deterministic, generator.uniformFloat() < 0.05 { return .discrete(Int(generator.next() % 2)) }
        return .discrete(push > 0 ? 1 : 0)
    }
}

/// A catalog of the counting trainer under two estimator names.
func countingCatalog(nanAtUpdate: Int? = nil, nanParametersFromUpdate: Int? = nil) -> TrainerCatalog {
    TrainerCatalog(
        estimators: [.a2c, .reinforce],
        makeTrainer: { CountingTrainer(configuration: $0, nanAtUpdate: nanAtUpdate, nanParametersFromUpdate: nanParametersFromUpdate) })
}

/// A trainer whose `update()` forgets to count itself: the session must stop, not spin.
struct StalledTrainer: Trainer {
    var counters = TrainingCounters()
    mutating func update() throws -> UpdateReport { UpdateReport() }
    func checkpoint() throws -> Checkpoint { Checkpoint() }
    mutating func restore(from checkpoint: Checkpoint) throws {}
}
