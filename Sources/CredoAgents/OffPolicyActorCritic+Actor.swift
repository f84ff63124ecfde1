import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor
import Foundation

/// SAC's entropy temperature α = e^{log α}, a one-parameter module ("log_alpha") trained on
///
///     L(log α) = −mean_j log α · (log π(a_j|s_j) + H̄)
///
/// (Haarnoja et al., 2018b, eq. 18, as Stable-Baselines3 writes it): α grows while the
/// policy's entropy −E[log π] is below the target H̄ and shrinks while above.
public struct EntropyTemperature: Module {
    public var logAlpha: Tensor

    public init(initial: Float) {
        logAlpha = Tensor([Foundation.log(initial)]).requiringGradient()
    }

    /// α = e^{log α}.
    public var alpha: Float { Foundation.exp(logAlpha.scalar) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) { visit("log_alpha", &logAlpha) }
}

/// A draw of SAC's action node for a minibatch: the record of the sampling half (ε), the
/// distribution it was drawn from (on the tape) and log π of the draws, [1, N].
struct SquashedDraw {
    var record: SampleRecord
    var distribution: DiagonalSquashedNormal
    var logProbabilities: Tensor
}

/// The actor's step: the surrogate of a one-node stochastic computation graph per minibatch.
/// The node is the reparameterised action a = g_θ(s, ε) of each replayed state; its downstream
/// cost −Q(s, a) is estimated by the learned critic (`ReparameterizedCritic`, whose control
/// variate Q(x_θ) − ⊥Q(x_θ) carries ∇_θ Q(s, g_θ(s, ε))); SAC adds the cost node α log π_θ(a|s),
/// differentiated along its reparameterised a. Divided by the batch size,
///
///     ∇_θ SL / N = −mean_j ∇_θ Q(s_j, μ_θ(s_j))                          (ddpg, td3: ε = 0)
///     ∇_θ SL / N = mean_j ∇_θ [α log π_θ(a_θ|s_j) − min_i Q_i(s_j, a_θ)]   (sac, a_θ = tanh(m + σ ε))
///
/// — the deterministic policy gradient (Silver et al., 2014) and SAC's reparameterised actor
/// gradient, as the SCG layer forms them. td3, ddpg and sobolev-q follow Q_1; sac the twins' minimum.
extension OffPolicyActorCritic {
    /// SAC's action node for the states of a minibatch, drawn by its estimator's sampling half
    /// with the agent's stream.
    mutating func squashedDraw(_ observations: Tensor) -> SquashedDraw {
        let (mean, logStd) = actor.meanAndLogStd(observations)
        let distribution = DiagonalSquashedNormal(SquashedNormal(mean: mean, logStd: logStd))
        let record = ReparameterizedCritic(critic: EstimatorInputs.unavailable("a Q critic")).draw(distribution, using: &rng)
        let logProbabilities = distribution.logProbability(ofNoise: record.noise["epsilon"]!)
        return SquashedDraw(record: record, distribution: distribution, logProbabilities: logProbabilities)
    }

    /// The actor's surrogate loss on a minibatch, divided by its size, and the reported loss
    /// value mean(α log π − Q). `draw` is SAC's (nil for the deterministic actors).
    func actorSurrogate(_ batch: ReplayBatch, draw: SquashedDraw?, alpha: Float) -> (surrogate: Tensor, loss: Double) {
        let s = batch.observations, n = batch.count, d = actor.actionSize
        let critics = self.critics.detached, twins = entry.actor == .squashedGaussian
        let seen = QCapture()
        // The downstream cost of the action node, on the cost side: −Q(s, x), [1, N].
        let estimator = ReparameterizedCritic { x in
            let a = x.reshaped([n, d])
            let q = twins ? critics.minimum(s, a) : critics.members[0](s, a)
            seen.values = q.detached
            return -q.reshaped([1, n])
        }
        var graph = StochasticComputationGraph(batchShape: [n])
        var entropyCost = 0.0
        switch entry.actor {
        case .deterministic:
            guard case .normal(let normal) = actor.distribution(s) else { preconditionFailure("a deterministic actor's node is Normal") }
            // The deterministic form: ε = 0, so x = μ_θ(s).
            let record = SampleRecord(values: normal.mean.detached.reshaped([1, n, d]), noise: ["epsilon": Tensor.zeros([1, n, d])])
            graph.observe("action", record, from: DiagonalNormal(normal), estimator: estimator)
        case .squashedGaussian:
            guard let draw else { preconditionFailure("SAC's actor step needs its draw") }
            let node = graph.observe("action", draw.record, from: draw.distribution, estimator: estimator)
            graph.addCost(draw.logProbabilities * alpha, dependsOn: [node], name: "entropy")
            entropyCost = Double((draw.logProbabilities * alpha).mean().scalar)
        }
        let surrogate = graph.surrogateLoss() / Float(n)
        let q = Double(seen.values?.mean().scalar ?? 0)
        return (surrogate, entropyCost - q)
    }

    /// One optimizer step of the actor along the surrogate's gradient.
    mutating func stepActor(_ batch: ReplayBatch, draw: SquashedDraw?, alpha: Float) throws -> [String: Double] {
        let (surrogate, loss) = actorSurrogate(batch, draw: draw, alpha: alpha)
        var network = actor
        let (g, norm) = clip(gradients(of: surrogate, wrt: network.parameterTensors))
        actorOptimizer.update(&network, along: g)
        actor = network
        return ["policy_loss": loss, "grad_norm": Double(norm)]
    }

    /// One step of log α on the draws' log-probabilities (constants), toward the target entropy.
    mutating func stepTemperature(logProbabilities: Tensor) throws -> [String: Double] {
        guard var t = temperature, var optimizer = temperatureOptimizer else { return [:] }
        let target = config.resolvedTargetEntropy(actionSize: actor.actionSize)
        let alpha = t.alpha
        let loss = -(t.logAlpha * (logProbabilities.detached + target)).mean()
        optimizer.update(&t, along: gradients(of: loss, wrt: t.parameterTensors))
        temperature = t
        temperatureOptimizer = optimizer
        return ["alpha": Double(alpha), "temperature_loss": Double(loss.scalar),
                "entropy": -Double(logProbabilities.mean().scalar)]
    }
}

/// Where the actor's critic closure leaves the Q values it computed (for the reported loss).
final class QCapture {
    var values: Tensor?
}
