import CredoCheckpoint
import CredoEnvironments
import CredoNN
import CredoTensor

/// An actor-critic training loop over a vector environment, with the policy-gradient estimator
/// its `TrainingConfig` names. Each `update()` collects one rollout (a batch of trajectory SCGs,
/// `RolloutCollector`), forms return targets and advantages (`ReturnTargets.swift`), builds the
/// estimator's surrogate loss (`trajectorySurrogate`, `relaxSurrogate`, …) and takes one
/// optimizer step per network.
///
///     var trainer = try ActorCritic(config: .with { $0.estimator = .a2c })
///     while trainer.window.meanReturn ?? 0 < 475 { _ = try trainer.update() }
///
/// All state goes through `checkpoint()` / `restore(from:)`; a restored trainer continues
/// bit-identically (see `ActorCritic+Checkpoint.swift`).
public struct ActorCritic: Trainer {
    public let config: TrainingConfig
    /// Where the environment comes from (for evaluation copies too).
    public let registry: EnvironmentRegistry
    public internal(set) var counters = TrainingCounters()
    public internal(set) var policy: PolicyNetwork
    /// V(s): baseline or critic (absent for plain REINFORCE).
    public internal(set) var critic: ValueCritic?
    /// RELAX's c_φ (relax only).
    public internal(set) var controlVariate: RELAXControlVariate?
    var policyOptimizer: any Optimizer
    var criticOptimizer: (any Optimizer)?
    var controlVariateOptimizer: (any Optimizer)?
    /// LAX's c_φ (lax only).
    public internal(set) var laxControlVariate: LAXControlVariate?
    /// The Sobolev-trained gradient-critic Q_φ(s, a) (sobolev only).
    public internal(set) var gradientCritic: SobolevCritic?
    var gradientCriticOptimizer: (any Optimizer)?
    public internal(set) var collector: RolloutCollector
    /// The agent's stream: action draws and Gumbel noise.
    var rng: RandomGenerator
    /// The last 100 finished episodes.
    public internal(set) var window = EpisodeWindow(capacity: 100)
    var gradientVariance: GradientVarianceTracker

    public init(config: TrainingConfig, registry: EnvironmentRegistry = .standard) throws {
        if let problem = config.problem { throw ActorCriticError.invalidConfiguration(problem.description) }
        HeapTuning.apply()
        self.config = config
        self.registry = registry
        var root = RandomGenerator(seed: config.seed)
        var initRng = root.split()
        rng = root.split()
        var envStream = root.split()
        let envSeed = envStream.next()
        collector = try RolloutCollector(environment: config.environment, count: config.environmentCount,
                                         seed: envSeed, normalizeObservations: config.normalizeObservations,
                                         normalizeRewards: config.normalizeRewards, registry: registry)
        collector.rewardGamma = config.gamma
        let space = collector.environments.actionSpace
        if let discrete = config.estimator.needsDiscreteActions, discrete != (space.discreteCount != nil) {
            throw ActorCriticError.incompatibleEstimator(config.estimator, actionSpace: space)
        }
        if config.estimator.needsDifferentiableModel, config.environment != "cartpole-continuous" {
            throw ActorCriticError.noDifferentiableModel(config.estimator, environment: config.environment)
        }
        let o = collector.observationSize
        policy = PolicyNetwork(observationSize: o, actionSpace: space, config: config, using: &initRng)
        policyOptimizer = makeOptimizer(config.optimizer, learningRate: config.learningRate)
        if config.estimator != .reinforce {
            critic = ValueCritic(observationSize: o, hiddenSizes: config.hiddenSizes, activation: config.activation,
                                 using: &initRng)
            criticOptimizer = makeOptimizer(config.optimizer, learningRate: config.criticLearningRate)
        }
        if config.estimator == .relax, let k = space.discreteCount {
            controlVariate = RELAXControlVariate(observationSize: o, actionCount: k, hiddenSizes: config.hiddenSizes,
                                                 activation: config.activation, temperature: config.relaxTemperature,
                                                 using: &initRng)
            controlVariateOptimizer = makeOptimizer(config.optimizer, learningRate: config.controlVariateLearningRate)
        }
        if config.estimator == .lax {
            laxControlVariate = LAXControlVariate(observationSize: o, actionSize: space.flatSize,
                                                  hiddenSizes: config.hiddenSizes, activation: config.activation,
                                                  using: &initRng)
            controlVariateOptimizer = makeOptimizer(config.optimizer, learningRate: config.controlVariateLearningRate)
        }
        if config.estimator == .sobolev {
            gradientCritic = SobolevCritic(observationSize: o, actionSize: space.flatSize, hiddenSizes: config.hiddenSizes,
                                           activation: config.activation, alpha: config.sobolevAlpha,
                                           beta: config.sobolevBeta, using: &initRng)
            gradientCriticOptimizer = makeOptimizer(config.optimizer, learningRate: config.criticLearningRate)
        }
        gradientVariance = GradientVarianceTracker(decay: config.gradientVarianceDecay)
    }

    /// Collects one rollout and applies one update of every network.
    public mutating func update() throws -> UpdateReport {
        let stepsBefore = counters.environmentSteps
        // Acting needs no gradients: the policy off the tape records nothing while it steps.
        let (buffer, finished) = collector.collect(config.rolloutMode, policy: policy.detached,
                                                   recordGumbelNoise: config.estimator == .relax, using: &rng)
        // A non-finite observation or reward would poison every network: stop here, before any
        // update, so the caller keeps its last good checkpoint.
        if let bad = buffer.rawObservations.firstIndex(where: { !$0.isFinite }) {
            throw ActorCriticError.nonFiniteEnvironmentOutput("observation", value: Double(buffer.rawObservations[bad]),
                                                              step: stepsBefore + bad / buffer.observationSize + 1)
        }
        if let bad = buffer.rewards.firstIndex(where: { !$0.isFinite }) {
            throw ActorCriticError.nonFiniteEnvironmentOutput("reward", value: buffer.rewards[bad],
                                                              step: stepsBefore + bad + 1)
        }
        counters.environmentSteps += buffer.validCount
        var report = UpdateReport()
        for e in finished {
            counters.episodes += 1
            window.append(totalReward: e.totalReward, length: e.length)
            report.episodes.append(FinishedEpisode(totalReward: e.totalReward, length: e.length,
                                                 environmentStep: stepsBefore + e.stepsCollected))
        }
        report.metrics = learn(from: buffer)
        counters.updates += 1
        if let r = window.meanReturn { report.metrics["rolling_return"] = r }
        if let l = window.meanLength { report.metrics["rolling_length"] = l }
        return report
    }

    /// The return targets Ĝ_t of a segment, as the configuration (and estimator) asks.
    func targets(_ segment: TrajectorySegment) -> [Double] {
        if config.estimator.needsWholeEpisodes { return monteCarloReturns(segment, gamma: config.gamma) }
        switch config.target {
        case .monteCarlo: return monteCarloReturns(segment, gamma: config.gamma)
        case .kStep: return kStepReturns(segment, gamma: config.gamma, k: config.kSteps)
        case .lambda: return lambdaReturns(segment, gamma: config.gamma, lambda: config.lambda)
        case .td0: return temporalDifferenceTargets(segment, gamma: config.gamma)
        }
    }

    /// One gradient step of each network on a rollout; returns the update's diagnostics.
    mutating func learn(from buffer: RolloutBuffer) -> [String: Double] {
        let observations = buffer.observationTensor, mask = buffer.maskTensor
        let rows = Double(max(buffer.validCount, 1))
        var metrics: [String: Double] = [:]

        // Critic values V(s_t) (on the tape, for the value loss) and V(s_{t+1}).
        let valueTensor = critic.map { $0(observations) }
        let values = valueTensor.map { $0.scalars.map(Double.init) } ?? Array(repeating: 0, count: buffer.count)
        let nextValues = critic.map { $0.detached(buffer.nextObservationTensor).scalars.map(Double.init) }
            ?? Array(repeating: 0, count: buffer.count)
        let segment = buffer.segment(values: values, nextValues: nextValues)
        let targets = targets(segment)
        var advantages = zip(targets, values).map { $0 - $1 }
        if config.normalizeAdvantages { advantages = standardized(advantages, mask: buffer.mask) }

        // Policy: the estimator's surrogate, its gradient, the entropy bonus.
        let distribution = policy.distribution(observations)
        let logProbs = distribution.logProb(buffer.actionTensor)
        let parameters = policy.parameterTensors
        var policyGradients: [Tensor]
        // The score-function estimators' surrogate over the rows a mask keeps (the whole batch,
        // or one copy's rows for the variance probe).
        let useBaseline = critic != nil && !config.normalizeAdvantages
        // Score function with the critic as baseline (reinforce, reinforce-baseline, a2c).
        let scoreFunction: (Tensor) -> Tensor = { m in
            trajectorySurrogate(logProbs: logProbs, returns: floatTensor(useBaseline ? targets : advantages),
                                baselines: useBaseline ? floatTensor(values) : nil, mask: m)
        }
        let surrogate: ((Tensor) -> Tensor)?
        switch (config.estimator, distribution) {
        case (.relax, .categorical(let c)):
            let cv = controlVariate!, k = c.classCount
            let u = Tensor(shape: [buffer.count, k], scalars: buffer.gumbelNoise)
            let v = Tensor(shape: [buffer.count, k], scalars: buffer.conditionalGumbelNoise)
            let actions = buffer.actions.map { Int($0) }
            surrogate = { m in
                relaxSurrogate(logits: c.logits, actions: actions, gumbelNoise: u, conditionalNoise: v,
                               observations: observations, advantages: floatTensor(advantages), mask: m, controlVariate: cv)
            }
        case (.lax, .normal(let d)):
            let cv = laxControlVariate!
            surrogate = { m in
                laxSurrogate(mean: d.mean, logStd: d.logStd, actions: buffer.actionTensor, observations: observations,
                             advantages: floatTensor(advantages), mask: m, controlVariate: cv)
            }
        case (.reinforce, _), (.reinforceBaseline, _), (.a2c, _):
            surrogate = scoreFunction
        default:
            surrogate = nil
        }
        if let surrogate, config.varianceProbeInterval > 0, counters.updates % config.varianceProbeInterval == 0,
           let logVariance = acrossCopiesLogVariance(surrogate, buffer: buffer, parameters: parameters) {
            metrics["pg_log_variance_across_copies"] = logVariance
            if config.estimator == .relax || config.estimator == .lax {
                // The same data and policy without the learned control variate (A2C's estimator):
                // how much variance c_φ removes.
                metrics["pg_log_variance_across_copies_without_control_variate"] =
                    acrossCopiesLogVariance(scoreFunction, buffer: buffer, parameters: parameters)
            }
        }
        if let surrogate, config.estimator == .relax || config.estimator == .lax {
            let estimate = gradients(of: surrogate(mask), wrt: parameters, createGraph: true)
            // Σ_i ĝ_i², differentiated through ĝ with respect to φ (double backprop).
            let varianceLoss = estimate.map { $0.squared().sum() }.reduce(Tensor(0), +)
            metrics["control_variate_loss"] = Double(varianceLoss.scalar)
            if var cv = controlVariate {
                metrics["relax_temperature"] = Double(cv.logTemperature.exp().scalar)
                controlVariateOptimizer!.update(&cv, along: clip(gradients(of: varianceLoss, wrt: cv.parameterTensors)).gradients)
                controlVariate = cv
            }
            if var cv = laxControlVariate {
                controlVariateOptimizer!.update(&cv, along: clip(gradients(of: varianceLoss, wrt: cv.parameterTensors)).gradients)
                laxControlVariate = cv
            }
            policyGradients = estimate.map(\.detached)
        } else if let surrogate {
            policyGradients = gradients(of: surrogate(mask), wrt: parameters)
        } else if config.estimator == .pathwise {
            let loss = pathwiseLoss(buffer)
            metrics["model_return"] = Double(-loss.scalar)
            policyGradients = gradients(of: loss, wrt: parameters)
        } else {
            metrics.merge(trainGradientCritic(buffer)) { $1 }
            policyGradients = gradients(of: gradientCriticPolicyLoss(buffer), wrt: parameters)
        }
        if let logVariance = gradientVariance.add(policyGradients) { metrics["pg_log_variance"] = logVariance }
        let entropy = (distribution.entropy() * mask).sum() / Float(rows)
        if config.entropyCoefficient > 0 {
            let bonus = gradients(of: entropy * -config.entropyCoefficient, wrt: parameters)
            policyGradients = zip(policyGradients, bonus).map { $0 + $1 }
        }
        let (clipped, norm) = clip(policyGradients)
        policyOptimizer.update(&policy, along: clipped)
        metrics["grad_norm"] = Double(norm)
        metrics["entropy"] = Double(entropy.scalar)
        metrics["policy_loss"] = reportedPolicyLoss(logProbs: logProbs.scalars, advantages: advantages, mask: buffer.mask)

        // Critic: ½ mean (V(s_t) − Ĝ_t)² over the rows that count.
        if var critic, let valueTensor {
            let loss = ((valueTensor - floatTensor(targets)).squared() * mask).sum() * Float(0.5 / rows)
            let (g, _) = clip(gradients(of: loss, wrt: critic.parameterTensors))
            criticOptimizer!.update(&critic, along: g)
            self.critic = critic
            metrics["value_loss"] = Double(loss.scalar)
            let kept = buffer.mask.indices.filter { buffer.mask[$0] > 0 }
            metrics["explained_variance"] = explainedVariance(predictions: kept.map { values[$0] },
                                                              targets: kept.map { targets[$0] })
        }
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
    case incompatibleEstimator(EstimatorName, actionSpace: Space)
    case noDifferentiableModel(EstimatorName, environment: String)
    case checkpointMismatch(String)
    case invalidConfiguration(String)
    /// The environment returned NaN or ±∞ (what, the value, roughly which step of the run).
    case nonFiniteEnvironmentOutput(String, value: Double, step: Int)

    public var description: String {
        switch self {
        case .incompatibleEstimator(let e, let space):
            return "estimator \(e.rawValue) cannot act in action space \(space)"
        case .noDifferentiableModel(let e, let env):
            return "estimator \(e.rawValue) needs differentiable dynamics, which only cartpole-continuous has, not \(env)"
        case .checkpointMismatch(let what): return "checkpoint does not match this trainer: \(what)"
        case .invalidConfiguration(let what): return "invalid configuration: \(what)"
        case .nonFiniteEnvironmentOutput(let what, let value, let step):
            return "the environment returned a non-finite \(what) (\(value)) near environment step \(step); training stopped"
        }
    }
}
