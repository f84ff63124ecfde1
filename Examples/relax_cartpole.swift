// RELAX on CartPole, in one file (CleanRL style), with the public Credo API only.
//
// Grathwohl et al., "Backpropagation through the Void" (ICLR 2018): the policy gradient
//
//     ĝ = Σ_t [Â_t − ĉ_φ(z̃_t, s_t)] ∇log π(a_t|s_t) + ∇ĉ_φ(z_t, s_t) − ∇ĉ_φ(z̃_t, s_t)
//
// with z = logits + Gumbel noise, a = argmax z, z̃ ~ p(z | a), Â the λ-return advantage of a
// value critic V(s), and the control variate ĉ_φ trained to minimise Σ ĝ² by double backprop.
// The rollout is a trajectory SCG whose action nodes carry CredoSCG's RELAX estimator: its
// sampling half draws each action (and records the noise u, v), its learning half builds the
// surrogate; costs are negated rewards.
//
//     swift run -c release example-relax-cartpole [seed]
import CredoAgents
import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor
import Foundation

@main
struct RelaxCartPole {
    static func main() throws {
        TrainingProcess.configure()   // heap tuning, one OpenBLAS thread (a program's choice, not the library's)
        // Hyperparameters.
        let seed = CommandLine.arguments.dropFirst().first.flatMap { UInt64($0) } ?? 1
        let (envCount, steps, gamma, lambda) = (8, 16, 0.99, 0.95)
        let (policyLR, criticLR, cvLR, maxNorm): (Float, Float, Float, Float) = (1e-3, 1e-3, 3e-3, 0.5)
        let goal = 475.0, maxUpdates = 5000

        // Environments, networks, optimizers.
        var rng = RandomGenerator(seed: seed)
        var envs = try RolloutCollector(environment: "cartpole", count: envCount, seed: seed, normalizeObservations: false)
        var policy = CategoricalPolicy(observationSize: 4, actionCount: 2, using: &rng)
        var critic = ValueCritic(observationSize: 4, using: &rng)
        var cv = LearnedControlVariate(inputSize: 4, sampleSize: 2, temperature: 1, using: &rng)
        var policyOptimizer = Adam(learningRate: policyLR)
        var criticOptimizer = Adam(learningRate: criticLR)
        var cvOptimizer = Adam(learningRate: cvLR)
        var window = EpisodeWindow(capacity: 100)
        let start = Date()

        for update in 1...maxUpdates {
            // 1. Rollout: RELAX's sampling half draws a = argmax(ℓ + G(u)) and records u and v.
            let sampler = RELAX(controlVariate: { _ in fatalError("not used while sampling") })
            let (buffer, finished) = envs.collect(.steps(steps), policy: policy, estimator: sampler, using: &rng)
            for e in finished { window.append(totalReward: e.totalReward, length: e.length) }

            // 2. λ-returns and advantages from the critic; truncations bootstrap, terminations do not.
            let observations = buffer.observationTensor
            let values = critic(observations)
            let nextValues = critic(buffer.nextObservationTensor)
            let segment = buffer.segment(values: values.scalars.map(Double.init),
                                         nextValues: nextValues.scalars.map(Double.init))
            let targets = lambdaReturns(segment, gamma: gamma, lambda: lambda)
            let advantages = zip(targets, segment.values).map { -Float($0 - $1) }   // costs: −Â

            // 3. The trajectory SCG with RELAX on its action nodes, c(x) = −ĉ_φ(s, x); the
            //    estimate ĝ (kept on the tape), and the variance loss Σ ĝ² for φ.
            let n = buffer.count
            let relax = RELAX(temperature: cv.temperature) { x in -cv(observations, x.reshaped([n, 2])).reshaped([1, n]) }
            let graph = TrajectoryGraph(steps: buffer.steps, copies: buffer.environments, continues: buffer.continues,
                                        mask: buffer.maskTensor, actions: buffer.actionRecord(classCount: 2),
                                        from: Categorical(logits: policy.logits(observations)), estimator: relax,
                                        costToGo: Tensor(advantages))
            let loss = graph.surrogateLoss() / Float(n)
            let step = relaxVarianceGradients(of: loss, parameters: policy.parameterTensors,
                                              controlVariateParameters: cv.parameterTensors)

            // 4. Critic regression on the λ-returns.
            let valueLoss = (values - Tensor(targets.map(Float.init))).squared().mean() * 0.5
            let criticGradients = gradients(of: valueLoss, wrt: critic.parameterTensors)

            // 5. One clipped step for each network.
            policyOptimizer.update(&policy, along: clipByGlobalNorm(step.estimate, maxNorm: maxNorm).gradients)
            cvOptimizer.update(&cv, along: clipByGlobalNorm(step.controlVariateGradients, maxNorm: maxNorm).gradients)
            criticOptimizer.update(&critic, along: clipByGlobalNorm(criticGradients, maxNorm: maxNorm).gradients)

            let rolling = window.meanReturn ?? 0
            if update % 100 == 0 {
                print(String(format: "update %5d  rolling-100 return %6.1f  variance loss %.3e  %.1fs",
                             update, rolling, step.varianceLoss, Date().timeIntervalSince(start)))
            }
            if window.returns.count == 100 && rolling >= goal {
                print("solved: rolling-100 mean \(rolling) after \(update) updates")
                return
            }
        }
    }
}
