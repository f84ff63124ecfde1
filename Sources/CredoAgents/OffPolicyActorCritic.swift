import CredoCheckpoint
import CredoEnvironments
import CredoNN
import CredoSCG
import CredoTensor

/// The off-policy actor-critics — ddpg, td3, sac, sobolev-q — as one `Trainer` over a replay
/// buffer. Each `update()` collects `trainFrequency` steps per copy through the shared
/// `RolloutCollector` (the action node's distribution drawn by its estimator's sampling half:
/// Normal(μ_θ(s), σ²) exploration for the deterministic actors, SAC's squashed Gaussian; uniform
/// random actions before `learningStarts`), stores them in the `ReplayBuffer`, then takes
/// `gradientSteps` gradient steps on minibatches drawn from it with the agent's stream:
///
/// - critics (`+Critics`): Q_i regressed on TD targets y = r + γ (1 − terminated) V'(s') from
///   Polyak-averaged target networks (min over twins; TD3's target-policy smoothing; SAC's
///   − α log π(a'|s')); sobolev-q adds β ‖∂Q/∂a − ĝ‖² with ĝ a differentiable model's pathwise
///   return gradient (`+Model`);
/// - actor (`+Actor`): the surrogate of a one-node SCG per minibatch — a reparameterised action
///   node whose downstream cost −Q(s, ·) a learned critic estimates (`ReparameterizedCritic`;
///   its deterministic form, ε = 0, for ddpg/td3), plus SAC's cost α log π(a|s);
/// - SAC's temperature α toward the target entropy (`+Actor`).
///
///     var trainer = try OffPolicyActorCritic(config: .with { $0.estimator = .td3; $0.environment = "pendulum" })
///     while trainer.counters.environmentSteps < 20_000 { _ = try trainer.update() }
///
/// All state goes through `checkpoint()` / `restore(from:)`, replay buffer included; a restored
/// trainer continues bit-identically (`+Checkpoint`). One process only: several ranks are not
/// supported yet.
public struct OffPolicyActorCritic: Trainer {
    public let config: OffPolicyConfig
    /// The estimator/critic pair: which actor, how many Q, which target.
    public let entry: OffPolicyEntry
    public let registry: EnvironmentRegistry
    public internal(set) var counters = TrainingCounters()
    public internal(set) var actor: OffPolicyActor
    /// μ_θ' for the TD target of the deterministic actors (nil for SAC).
    public internal(set) var actorTarget: OffPolicyActor?
    public internal(set) var critics: CriticEnsemble
    public internal(set) var criticTargets: CriticEnsemble
    /// SAC's log α (nil otherwise).
    public internal(set) var temperature: EntropyTemperature?
    var actorOptimizer: any Optimizer
    var criticOptimizer: any Optimizer
    var temperatureOptimizer: (any Optimizer)?
    public internal(set) var replay: ReplayBuffer
    public internal(set) var collector: RolloutCollector
    /// The agent's stream: action draws, minibatches, target noise.
    var rng: RandomGenerator
    /// The last 100 finished episodes.
    public internal(set) var window = EpisodeWindow(capacity: 100)
    /// Gradient steps taken so far (the policy delay counts them).
    public internal(set) var gradientStepCount = 0

    public init(config: OffPolicyConfig, catalog: OffPolicyCatalog = .standard,
                registry: EnvironmentRegistry = .standard) throws {
        if let problem = config.problem { throw ActorCriticError.invalidConfiguration(problem.description) }
        guard let entry = catalog[config.estimator] else {
            throw ActorCriticError.unknownEstimator(config.estimator, valid: catalog.names)
        }
        HeapTuning.apply()
        BLASThreads.useOneThreadUnlessConfigured()
        self.config = config
        self.entry = entry
        self.registry = registry
        var root = RandomGenerator(seed: config.seed)
        var initRng = root.split()
        rng = root.split()
        var envStream = root.split()
        collector = try RolloutCollector(environment: config.environment, count: config.environmentCount,
                                         seed: envStream.next(), normalizeObservations: false, registry: registry,
                                         keywordArguments: config.environmentKwargs)
        let space = collector.environments.actionSpace
        guard case .box(let low, let high, _) = space else {
            throw ActorCriticError.incompatibleEstimator(entry.name, needs: .continuous, actionSpace: space)
        }
        guard zip(low, high).allSatisfy({ $0.isFinite && $1.isFinite && $0 < $1 }) else {
            throw ActorCriticError.invalidConfiguration("estimator \(entry.name) acts in [−1, 1] scaled to the action box, "
                + "which must be bounded; \(config.environment) has \(space)")
        }
        if entry.needsDifferentiableModel, DifferentiableModels.model(for: config.environment) == nil {
            throw ActorCriticError.noDifferentiableModel(entry.name, environment: config.environment,
                                                         available: DifferentiableModels.environments)
        }
        let (o, d) = (collector.observationSize, low.count)
        replay = try ReplayBuffer(capacity: config.bufferSize, observationSize: o, actionSize: d)
        actor = OffPolicyActor(observationSize: o, low: low, high: high, hiddenSizes: config.hiddenSizes,
                               activation: config.activation, kind: entry.actor, explorationNoise: config.explorationNoise,
                               using: &initRng)
        actorTarget = entry.actor == .deterministic ? actor.targetCopy : nil
        critics = CriticEnsemble(count: entry.criticCount, observationSize: o, actionSize: d, hiddenSizes: config.hiddenSizes,
                                 activation: config.activation, using: &initRng)
        criticTargets = critics.targetCopy
        actorOptimizer = Adam(learningRate: config.learningRate)
        criticOptimizer = Adam(learningRate: config.criticLearningRate)
        if entry.tunesEntropy {
            temperature = EntropyTemperature(initial: config.initialTemperature)
            temperatureOptimizer = Adam(learningRate: config.learningRate)
        }
    }

    /// Collects `trainFrequency` steps per copy into the replay buffer, then, once more than
    /// `learningStarts` steps were taken, applies `gradientSteps` gradient steps. The metrics
    /// are averaged over the steps that reported each (the actor's only over its delayed steps).
    public mutating func update() throws -> UpdateReport {
        let stepsBefore = counters.environmentSteps
        // The sampling half of the action node's estimator draws every action.
        let sampler = ReparameterizedCritic(critic: EstimatorInputs.unavailable("a Q critic"))
        let mode = RolloutMode.steps(config.trainFrequency)
        let (buffer, finished) = stepsBefore < config.learningStarts
            ? collector.collect(mode, policy: UniformActionPolicy(actor: actor), estimator: sampler, using: &rng)
            : collector.collect(mode, policy: actor.detached, estimator: sampler, using: &rng)
        // A non-finite observation or reward would poison the buffer: stop before storing it.
        if let failure = buffer.nonFiniteOutput(stepsBefore: stepsBefore) { throw failure }
        var report = UpdateReport()
        report.episodes = counters.record(steps: buffer.validCount, finished: finished, window: &window)
        let scale = actor
        replay.append(buffer, action: { scale.clippedRow($0) })
        if counters.environmentSteps > config.learningStarts {
            var totals: [String: Double] = [:], counts: [String: Double] = [:]
            for _ in 0..<config.gradientSteps {
                for (key, value) in try gradientStep() { totals[key, default: 0] += value; counts[key, default: 0] += 1 }
            }
            report.metrics = totals.merging(counts) { $0 / $1 }
        }
        counters.updates += 1
        report.metrics["replay_size"] = Double(replay.count)
        if let r = window.meanReturn { report.metrics["rolling_return"] = r }
        if let l = window.meanLength { report.metrics["rolling_length"] = l }
        return report
    }

    /// One gradient step on a minibatch from the replay buffer: SAC's temperature, the critics,
    /// and (every `policyDelay` steps for td3 and sobolev-q) the actor and the target networks.
    public mutating func gradientStep() throws -> [String: Double] {
        gradientStepCount += 1
        let batch = replay.sample(config.batchSize, using: &rng)
        var metrics: [String: Double] = [:]
        // SAC draws the actor's actions first (as Stable-Baselines3 does): the temperature's loss
        // and the actor's surrogate use the same draws.
        let draw = entry.actor == .squashedGaussian ? squashedDraw(batch.observations) : nil
        let alpha = temperature?.alpha ?? 0
        if let draw { metrics.merge(try stepTemperature(logProbabilities: draw.logProbabilities.detached)) { $1 } }
        metrics.merge(try stepCritics(batch, alpha: alpha)) { $1 }
        let actorSteps = !entry.delaysPolicy || gradientStepCount % config.policyDelay == 0
        if actorSteps {
            metrics.merge(try stepActor(batch, draw: draw, alpha: alpha)) { $1 }
            if var target = actorTarget { polyakUpdate(&target, toward: actor, tau: config.tau); actorTarget = target }
        }
        // SAC updates its critic targets every step; TD3 with its actor.
        if actorSteps || entry.actor == .squashedGaussian {
            polyakUpdate(&criticTargets, toward: critics, tau: config.tau)
        }
        return metrics
    }

    /// Clips a network's gradient to `maxGradientNorm` (when positive); returns it and its norm.
    func clip(_ g: [Tensor]) -> (gradients: [Tensor], norm: Float) {
        config.maxGradientNorm > 0 ? clipByGlobalNorm(g, maxNorm: config.maxGradientNorm) : (g, globalNorm(g))
    }

    /// The actor's actions for raw observations [N, o] in the environment's units: the
    /// deterministic action when `deterministic` (evaluation), else a draw of the action node.
    public func act(rawObservations: [Float], deterministic: Bool, using rng: inout RandomGenerator) -> [Action] {
        let o = collector.observationSize
        let input = Tensor(shape: [rawObservations.count / o, o], scalars: rawObservations)
        let a = actor.detached
        let rows = deterministic ? a.action(input) : a.distribution(input).sample(using: &rng)
        let d = a.actionSize
        return (0..<rows.shape[0]).map { a.environmentAction(rows.scalars[$0 * d..<($0 + 1) * d]) }
    }
}
