import CredoCheckpoint
import CredoDistributed
import CredoEnvironments
import CredoNN
import CredoSCG
import CredoTensor

/// An actor-critic training loop over a vector environment. Each `update()` collects one
/// rollout, drawing every action with the sampling half of the action node's estimator; turns
/// it into a trajectory SCG (`TrajectoryGraph`: one observed action node per step, the [T·B]
/// rows its batch), whose cost-to-go per node is a return target of the value function
/// (`ChainTargets.swift`); differentiates the graph's surrogate for the policy; and takes one
/// optimizer step per network. The estimator is whatever the catalogue entry builds (any
/// `GradientEstimator`); the trainer only keeps the learned functions the entry asks for (V,
/// a variance-trained control variate, a Q critic) and trains each the one way its kind is
/// trained (`ActorCritic+Critics.swift`).
///
///     var trainer = try ActorCritic(config: .with { $0.estimator = .a2c })
///     while trainer.window.meanReturn ?? 0 < 475 { _ = try trainer.update() }
///
/// All state goes through `checkpoint()` / `restore(from:)`; a restored trainer continues
/// bit-identically (see `ActorCritic+Checkpoint.swift`).
public struct ActorCritic: Trainer {
    public let config: TrainingConfig
    /// The action node's estimator: its name, needs and constructor.
    public let estimator: EstimatorEntry
    /// Where the environment comes from (for evaluation copies too).
    public let registry: EnvironmentRegistry
    public internal(set) var counters = TrainingCounters()
    public internal(set) var policy: PolicyNetwork
    /// V(s): baseline and bootstrap (absent for plain REINFORCE).
    public internal(set) var critic: ValueCritic?
    /// c_φ, trained on the estimator's variance (RELAX, LAX).
    public internal(set) var controlVariate: LearnedControlVariate?
    /// Q_φ(s, a), regressed on return targets or Sobolev-trained on a model's returns.
    public internal(set) var actionValue: ActionValueCritic?
    var policyOptimizer: any Optimizer
    var criticOptimizer: (any Optimizer)?
    var controlVariateOptimizer: (any Optimizer)?
    var actionValueOptimizer: (any Optimizer)?
    public internal(set) var collector: RolloutCollector
    /// The agent's stream: action draws and the estimators' noise.
    var rng: RandomGenerator
    /// The last 100 finished episodes.
    public internal(set) var window = EpisodeWindow(capacity: 100)
    var gradientVariance: GradientVarianceTracker
    /// The ranks of a data-parallel run (`ActorCritic+Distributed.swift`); one rank by default.
    public let communicator: any Communicator
    /// Under several ranks, check every this many updates that every network's parameters are
    /// the same bits on every rank (0: never).
    public var parameterCheckInterval = 100
    /// Keep the last rollout in `lastRollout` (for tests and tools that inspect the data).
    public var recordsRollouts = false
    /// This rank's last rollout, when `recordsRollouts`.
    public internal(set) var lastRollout: RolloutBuffer?
    /// The copies this rank runs: all of them, or its share when they are split over the ranks.
    public let environmentShare: EnvironmentShare
    /// With split copies: this rank's rows in the current optimizer step (the weight of its mean
    /// gradient and of its advantage moments; 0 for a rank that owns none of a minibatch).
    var splitRowWeight: Float = 1
    /// With split copies and standardised advantages: the union's (mean, std) for the current
    /// optimizer step (nil: fewer than two rows, no standardisation).
    var splitAdvantageMoments: (mean: Double, std: Double)?
    /// A known-wrong variant for tests: with split copies, standardise advantages over this
    /// rank's rows alone instead of over the union (the one-rank run's statistic).
    public var standardizesAdvantagesPerRank = false

    /// A trainer whose action node uses `config.estimator` from `catalog`.
    public init(config: TrainingConfig, catalog: EstimatorCatalog = .standard,
                registry: EnvironmentRegistry = .standard,
                communicator: any Communicator = SingleProcessCommunicator()) throws {
        guard let entry = catalog[config.estimator] else {
            throw ActorCriticError.unknownEstimator(config.estimator, valid: catalog.names)
        }
        try self.init(config: config, estimator: entry, registry: registry, communicator: communicator)
    }

    /// A trainer whose action node uses `estimator` (a user's own, say); `config.estimator`
    /// must be its name. Under a communicator of several ranks, every rank constructs its
    /// trainer at the same point (rank 0's parameters are broadcast).
    public init(config: TrainingConfig, estimator entry: EstimatorEntry, registry: EnvironmentRegistry = .standard,
                communicator: any Communicator = SingleProcessCommunicator()) throws {
        if let problem = config.problem { throw ActorCriticError.invalidConfiguration(problem.description) }
        guard config.estimator == entry.name else {
            throw ActorCriticError.invalidConfiguration("estimator is \(config.estimator), but the entry given is \(entry.name)")
        }
        self.config = config
        self.estimator = entry
        self.registry = registry
        self.communicator = communicator
        var root = RandomGenerator(seed: config.seed)
        var initRng = root.split()
        let agentStream = root.split()
        var envStream = root.split()
        let share = try EnvironmentShare(
            config: config, rank: communicator.rank, ranks: communicator.size,
            wholeEpisodes: entry.needsWholeEpisodes || config.episodicRollouts,
            bridged: EnvironmentRegistry.gymID(config.environment) != nil && !registry.names.contains(config.environment))
        environmentShare = share
        // Rank 0 keeps the single-process streams; every other rank has its own, from the seed,
        // unless the copies are split: then every rank keeps the single-process streams and runs
        // its share of the copies.
        let environmentSeed = envStream.next()
        let streams = share.isSplit ? (agent: agentStream, environmentSeed: environmentSeed)
            : Self.rankStreams(root: root, rank: communicator.rank, agent: agentStream, environmentSeed: environmentSeed)
        rng = streams.agent
        collector = try RolloutCollector(environment: config.environment, count: share.count,
                                         seed: streams.environmentSeed, firstStream: share.first,
                                         normalizeObservations: config.normalizeObservations,
                                         normalizeRewards: config.normalizeRewards, registry: registry,
                                         keywordArguments: config.environmentKwargs, communicator: communicator)
        if share.isSplit { collector.share = (share.first, share.total) }
        collector.rewardGamma = config.gamma
        let space = collector.environments.actionSpace
        switch (entry.actions, space.discreteCount) {
        case (.discrete, nil), (.continuous, .some):
            throw ActorCriticError.incompatibleEstimator(entry.name, needs: entry.actions, actionSpace: space)
        default: break
        }
        if entry.needsDifferentiableModel, DifferentiableModels.model(for: config.environment) == nil {
            throw ActorCriticError.noDifferentiableModel(entry.name, environment: config.environment,
                                                         available: DifferentiableModels.environments)
        }
        let o = collector.observationSize
        policy = PolicyNetwork(observationSize: o, actionSpace: space, config: config, using: &initRng)
        policyOptimizer = makeOptimizer(config.optimizer, learningRate: config.learningRate)
        let critics = entry.critics
        if critics.valueFunction {
            critic = ValueCritic(observationSize: o, hiddenSizes: config.hiddenSizes, activation: config.activation,
                                 using: &initRng)
            criticOptimizer = makeOptimizer(config.optimizer, learningRate: config.criticLearningRate)
        }
        if let input = critics.controlVariate {
            controlVariate = LearnedControlVariate(inputSize: o, sampleSize: space.discreteCount ?? space.flatSize,
                                                   hiddenSizes: config.hiddenSizes, activation: config.activation,
                                                   temperature: input == .relaxedAction ? config.relaxTemperature : nil,
                                                   using: &initRng)
            controlVariateOptimizer = makeOptimizer(config.optimizer, learningRate: config.controlVariateLearningRate)
        }
        if let source = critics.actionValue, source != .model {
            actionValue = ActionValueCritic(observationSize: o, actionSize: space.discreteCount ?? space.flatSize,
                                            hiddenSizes: config.hiddenSizes, activation: config.activation, using: &initRng)
            actionValueOptimizer = makeOptimizer(config.optimizer, learningRate: config.criticLearningRate)
        }
        gradientVariance = GradientVarianceTracker(decay: config.gradientVarianceDecay)
        try broadcastAllParameters()
    }

    /// How rollouts are cut: whole episodes for the estimators that need them (or when the
    /// configuration asks), else `rolloutSteps` per copy.
    public var rolloutMode: RolloutMode {
        estimator.needsWholeEpisodes || config.episodicRollouts ? .episodes : .steps(config.rolloutSteps)
    }

    /// Collects one rollout and applies one update of every network. Under several ranks every
    /// rank calls it together: the counters, the episodes of the report and the rolling window
    /// then cover every rank (episodes in rank order), the metrics are this rank's (its losses;
    /// `grad_norm` is of the averaged gradient).
    public mutating func update() throws -> UpdateReport {
        let stepsBefore = counters.environmentSteps
        let regretBefore = collector.cumulativeRegret
        // Acting needs no gradients: the policy off the tape records nothing while it steps.
        let sampler = estimator.make(EstimatorInputs(observations: Tensor(0), config: config))
        let (buffer, finished) = try collector.collectAcrossRanks(rolloutMode, policy: policy.detached, estimator: sampler,
                                                                  using: &rng)
        if recordsRollouts { lastRollout = buffer }
        // A non-finite observation or reward would poison every network: stop here, before any
        // update, so the caller keeps its last good checkpoint (every rank, when one rank's is).
        let environmentFailure = buffer.nonFiniteOutput(stepsBefore: stepsBefore)
        try agreeOnFailure(environmentFailure)
        var report = UpdateReport()
        if isDistributed {
            let gathered = try GatheredEpisodes.gather(steps: buffer.validCount, episodes: finished, over: communicator)
            var offsets = [stepsBefore]
            for steps in gathered.stepsPerRank { offsets.append(offsets.last! + steps) }
            if environmentShare.isSplit {
                for (e, step) in splitEpisodes(gathered, stepsBefore: stepsBefore) {
                    counters.episodes += 1
                    window.append(totalReward: e.totalReward, length: e.length)
                    report.episodes.append(FinishedEpisode(totalReward: e.totalReward, length: e.length, environmentStep: step))
                }
            } else {
                for (rank, e) in gathered.episodes {
                    counters.episodes += 1
                    window.append(totalReward: e.totalReward, length: e.length)
                    report.episodes.append(FinishedEpisode(totalReward: e.totalReward, length: e.length,
                                                         environmentStep: offsets[rank] + e.stepsCollected))
                }
            }
            counters.environmentSteps = offsets.last!
        } else {
            report.episodes = counters.record(steps: buffer.validCount, finished: finished, window: &window)
        }
        report.metrics = try learn(from: buffer)
        if let before = regretBefore, let after = collector.cumulativeRegret {
            // This rank's copies' expected regret over the rollout (bandits; summed by a report).
            report.metrics["regret"] = after - before
        }
        counters.updates += 1
        if isDistributed {
            // A rank whose loss is NaN or infinite stops every rank with the same message.
            let bad = report.metrics.keys.sorted().first { !report.metrics[$0]!.isFinite }
            try agreeOnFailure(bad.map { RankFailure(description: "\($0) is \(report.metrics[$0]!) at update \(counters.updates)") })
            try checkParametersEqualAcrossRanks()
        }
        if let r = window.meanReturn { report.metrics["rolling_return"] = r }
        if let l = window.meanLength { report.metrics["rolling_length"] = l }
        return report
    }

    /// One update of every network on `buffer` (a rollout collected elsewhere, say), leaving the
    /// environments, counters and window alone; under several ranks, every rank calls it
    /// together with its own rows. Returns the update's diagnostics.
    public mutating func learn(fromRollout buffer: RolloutBuffer) throws -> [String: Double] {
        try learn(from: buffer)
    }

    /// The return targets Ĝ_t of a segment, as the configuration (and estimator) asks.
    func targets(_ segment: TrajectorySegment) -> [Double] {
        if estimator.needsWholeEpisodes { return monteCarloReturns(segment, gamma: config.gamma) }
        switch config.target {
        case .monteCarlo: return monteCarloReturns(segment, gamma: config.gamma)
        case .kStep: return kStepReturns(segment, gamma: config.gamma, k: config.kSteps)
        case .lambda: return lambdaReturns(segment, gamma: config.gamma, lambda: config.lambda)
        case .td0: return temporalDifferenceTargets(segment, gamma: config.gamma)
        }
    }

    /// The update of every network on a rollout: return targets from the critic as it was at
    /// collection, then `epochs` passes over the rollout, each in shuffled minibatches of
    /// `minibatchSize` rows (one step on the whole rollout, its chain intact, by default).
    /// Returns the update's diagnostics (averaged over the steps taken).
    mutating func learn(from buffer: RolloutBuffer) throws -> [String: Double] {
        let observations = buffer.observationTensor, n = buffer.count
        // Critic values V(s_t) (on the tape, for the value loss) and V(s_{t+1}); return targets.
        let valueTensor = critic.map { $0(observations) }
        let values = valueTensor.map { $0.scalars.map(Double.init) } ?? Array(repeating: 0, count: n)
        let nextValues = critic.map { $0.detached(buffer.nextObservationTensor).scalars.map(Double.init) }
            ?? Array(repeating: 0, count: n)
        let targets = targets(buffer.segment(values: values, nextValues: nextValues))
        // With split copies the passes and minibatches are the one-rank run's, over its rows.
        let split = environmentShare.isSplit
        let globalRows = split ? n * environmentShare.ranks : n
        let minibatch = config.minibatchSize == 0 ? globalRows : min(config.minibatchSize, globalRows)
        let gathered = split && config.normalizeAdvantages && !standardizesAdvantagesPerRank
            ? try gatheredAdvantages(zip(targets, values).map { $0 - $1 }, mask: buffer.mask) : nil
        if config.epochs == 1 && minibatch == globalRows {
            splitRowWeight = Float(buffer.validCount)
            splitAdvantageMoments = gathered.flatMap { Self.advantageMoments($0, rows: 0..<globalRows) }
            return try step(buffer, targets: targets, values: values, valueTensor: valueTensor, probe: true)
        }
        var totals: [String: Double] = [:], steps = 0.0, counted = 0.0
        var stoppedAfterPass: Int?
        var order = Array(0..<globalRows)
        if isDistributed && !split {
            // Each rank shuffles its own rows with its own stream; every rank must take the same
            // number of steps, so their rollouts must hold the same number of rows.
            let counts = try communicator.allgather([Int64(n)]).map { Int($0[0]) }
            guard counts.allSatisfy({ $0 == n }) else {
                throw ActorCriticError.invalidConfiguration(
                    "minibatches under several ranks need rollouts of equal size on every rank, got rows \(counts) by rank "
                    + "(whole-episode rollouts differ in length: set episodicRollouts false)")
            }
        }
        passes: for pass in 0..<config.epochs {
            // Fisher–Yates from the agent's stream: the same shuffles on resume.
            for i in stride(from: globalRows - 1, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }
            for start in stride(from: 0, to: globalRows, by: minibatch) {
                let part = order[start..<min(start + minibatch, globalRows)]
                var rows = split ? environmentShare.localRows(part) : Array(part)
                // A rank that owns none of a minibatch still joins its collectives, with weight 0.
                let owns = !rows.isEmpty
                if !owns { rows = [0] }
                let minibatchRows = buffer.rows(rows)
                splitRowWeight = owns ? Float(minibatchRows.validCount) : 0
                splitAdvantageMoments = gathered.flatMap { Self.advantageMoments($0, rows: part) }
                let metrics = try step(minibatchRows, targets: rows.map { targets[$0] }, values: rows.map { values[$0] },
                                       valueTensor: nil, probe: false)
                if owns {
                    for (key, value) in metrics { totals[key, default: 0] += value }
                    counted += 1
                }
                steps += 1
                // The early stop is decided on the ranks' mean KL, so that every rank stops together.
                if config.targetKL > 0, var kl = metrics["approx_kl"] {
                    if split { kl = try rowWeightedMeanAcrossRanks(owns ? kl : 0) }
                    else if isDistributed { var mean = [kl]; try communicator.allreduceMean(&mean); kl = mean[0] }
                    guard kl > 1.5 * config.targetKL else { continue }
                    stoppedAfterPass = pass
                    break passes
                }
            }
        }
        var metrics = totals.mapValues { $0 / max(counted, 1) }
        metrics["minibatch_steps"] = steps
        if let stoppedAfterPass { metrics["early_stop_pass"] = Double(stoppedAfterPass) }
        return metrics
    }

    /// One gradient step of each network on `buffer`'s rows (a rollout, or a minibatch of one).
    mutating func step(_ buffer: RolloutBuffer, targets: [Double], values: [Double], valueTensor: Tensor?,
                       probe: Bool) throws -> [String: Double] {
        let observations = buffer.observationTensor, mask = buffer.maskTensor
        let n = buffer.count
        var metrics: [String: Double] = [:]
        var advantages = zip(targets, values).map { $0 - $1 }
        if config.normalizeAdvantages {
            if environmentShare.isSplit && !standardizesAdvantagesPerRank {
                if let (m, s) = splitAdvantageMoments { advantages = advantages.map { ($0 - m) / (s + 1e-8) } }
            } else {
                advantages = standardized(advantages, mask: buffer.mask)
            }
        }

        // The trajectory SCG, on the cost side: Q̂_t = −Ĝ_t with the baseline b_t = −V(s_t), or
        // the standardised advantage −Â_t with no baseline.
        let useBaseline = critic != nil && !config.normalizeAdvantages
        let costToGo = Tensor((useBaseline ? targets : advantages).map { -Float($0) })
        let baseline = useBaseline ? Tensor(values.map { -Float($0) }).reshaped([1, n]) : nil
        let distribution = policy.distribution(observations)
        let record = buffer.actionRecord(classCount: collector.environments.actionSpace.discreteCount)
        let inputs = estimatorInputs(observations: observations, baseline: baseline, buffer: buffer)
        func graph(_ e: some GradientEstimator) -> TrajectoryGraph {
            TrajectoryGraph(steps: buffer.steps, copies: buffer.environments, continues: buffer.continues, mask: mask,
                            actions: record, from: distribution.stochastic, estimator: e, costToGo: costToGo)
        }
        let trajectory = graph(estimator.make(inputs))
        // The surrogate's mean over the rows a mask keeps (all of them, or one copy's for the probe).
        let surrogate: (Tensor) -> Tensor = { m in trajectory.surrogateLoss(mask: m) / max(m.sum().scalar, 1) }
        let parameters = policy.parameterTensors
        if probe, config.varianceProbeInterval > 0, counters.updates % config.varianceProbeInterval == 0,
           let logVariance = acrossCopiesLogVariance(surrogate, buffer: buffer, parameters: parameters) {
            metrics["pg_log_variance_across_copies"] = logVariance
            if controlVariate != nil {
                // The same data and policy with the baseline alone (A2C's estimator): how much
                // variance c_φ removes.
                let plain = graph(ScoreFunction(baseline: inputs.scoreFunctionBaseline))
                metrics["pg_log_variance_across_copies_without_control_variate"] = acrossCopiesLogVariance(
                    { m in plain.surrogateLoss(mask: m) / max(m.sum().scalar, 1) }, buffer: buffer, parameters: parameters)
            }
        }
        // Every network's gradient of this step is computed first, then exchanged between the
        // ranks in one allreduce (`GradientExchange`), then each optimizer steps in turn.
        var exchanged: [(network: ExchangedNetwork, gradients: [Tensor])] = []
        var policyGradients: [Tensor]
        if let cv = controlVariate {
            let step = relaxVarianceGradients(of: surrogate(mask), parameters: parameters,
                                              controlVariateParameters: cv.parameterTensors)
            metrics.merge(controlVariateMetrics(step)) { $1 }
            exchanged.append((.controlVariate, step.controlVariateGradients))
            policyGradients = step.estimate
        } else {
            policyGradients = gradients(of: surrogate(mask), wrt: parameters)
        }
        if let logVariance = gradientVariance.add(policyGradients) { metrics["pg_log_variance"] = logVariance }
        let rows = Float(max(buffer.validCount, 1))
        let entropy = (distribution.entropy() * mask).sum() / rows
        if config.entropyCoefficient > 0 {
            let bonus = gradients(of: entropy * -config.entropyCoefficient, wrt: parameters)
            policyGradients = zip(policyGradients, bonus).map { $0 + $1 }
        }
        exchanged.append((.policy, policyGradients))
        metrics["entropy"] = Double(entropy.scalar)
        let logProbs = distribution.logProbabilityScalars(buffer.actionTensor)
        metrics["policy_loss"] = reportedPolicyLoss(logProbs: logProbs, advantages: advantages, mask: buffer.mask)
        if config.epochs > 1 || config.targetKL > 0 {
            metrics["approx_kl"] = approximateKL(logProbs: logProbs, behaviour: buffer.logProbs, mask: buffer.mask)
        }
        // V and a regression Q do not depend on the policy's parameters: their gradients join the exchange.
        if critic != nil, let (g, m) = valueFunctionGradients(valueTensor ?? critic!(observations), targets: targets,
                                                              rolloutValues: values, buffer: buffer) {
            exchanged.append((.critic, g))
            metrics.merge(m) { $1 }
        }
        if let (g, m) = actionValueRegressionGradients(buffer, targets: targets) {
            exchanged.append((.actionValue, g))
            metrics.merge(m) { $1 }
        }
        // Averaged over the ranks before clipping, so that every rank takes the same step.
        let averaged = try averagedAcrossRanks(exchanged.map(\.gradients))
        for (entry, g) in zip(exchanged, averaged) {
            let norm = applyAveraged(g, to: entry.network)
            if entry.network == .policy { metrics["grad_norm"] = Double(norm) }
        }
        // The Sobolev step rolls the model out under the updated policy: it follows, with its own exchange.
        metrics.merge(try trainActionValue(buffer)) { $1 }
        return metrics
    }

    func clip(_ g: [Tensor]) -> (gradients: [Tensor], norm: Float) {
        config.maxGradientNorm > 0 ? clipByGlobalNorm(g, maxNorm: config.maxGradientNorm) : (g, globalNorm(g))
    }

    /// The policy's actions for raw observations [N, o] (normalised as in training); the mode
    /// when `deterministic` (evaluation).
    public func act(rawObservations: [Float], deterministic: Bool, using rng: inout RandomGenerator) -> [Action] {
        let o = collector.observationSize
        let input = Tensor(shape: [rawObservations.count / o, o], scalars: collector.normalized(rawObservations[...]))
        return policy.act(input, deterministic: deterministic, using: &rng).actions
    }
}

/// Why an `ActorCritic` cannot be built or restored.
public enum ActorCriticError: Error, CustomStringConvertible, Equatable {
    case unknownEstimator(EstimatorName, valid: [EstimatorName])
    case incompatibleEstimator(EstimatorName, needs: ActionRequirement, actionSpace: Space)
    case noDifferentiableModel(EstimatorName, environment: String, available: [String])
    case checkpointMismatch(String)
    case invalidConfiguration(String)
    /// The environment returned NaN or ±∞ (what, the value, roughly which step of the run).
    case nonFiniteEnvironmentOutput(String, value: Double, step: Int)
    /// A checkpoint of an N-rank run restored into a run of another number of ranks.
    case worldSizeMismatch(checkpoint: Int, run: Int)

    public var description: String {
        switch self {
        case .unknownEstimator(let e, let valid):
            return "unknown estimator \(e.rawValue); valid estimators: \(valid.map(\.rawValue).joined(separator: ", "))"
        case .incompatibleEstimator(let e, let needs, let space):
            return "estimator \(e.rawValue) needs \(needs.rawValue) actions and cannot act in action space \(space)"
        case .noDifferentiableModel(let e, let env, let available):
            return "estimator \(e.rawValue) needs differentiable dynamics, which \(env) does not have; environments with a model: \(available.joined(separator: ", "))"
        case .checkpointMismatch(let what): return "checkpoint does not match this trainer: \(what)"
        case .invalidConfiguration(let what): return "invalid configuration: \(what)"
        case .nonFiniteEnvironmentOutput(let what, let value, let step):
            return "the environment returned a non-finite \(what) (\(value)) near environment step \(step); training stopped"
        case .worldSizeMismatch(let checkpoint, let run):
            func ranks(_ n: Int) -> String { n == 1 ? "1 rank" : "\(n) ranks" }
            return "the checkpoint was written by a run of \(ranks(checkpoint)), this run has \(ranks(run)); "
                + "resume it with the same number of ranks (mpirun -np \(checkpoint) ...\(checkpoint == 1 ? ", or without mpirun" : ""))"
        }
    }
}
