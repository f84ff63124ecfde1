import CredoDistributions
import CredoNN
import CredoSCG
import CredoTensor
import Foundation

/// The estimators of the discrete-VAE benchmark, selectable by name.
public enum VAEEstimator: String, CaseIterable, Sendable {
    /// REINFORCE with a moving-average baseline (decay 0.9) per layer.
    case reinforce
    /// REINFORCE with the leave-one-out baseline, 2 samples per layer.
    case loo
    case rebar, relax
    /// Gumbel-softmax straight-through, temperature 1. **Biased.**
    case gumbelST = "gumbel-st"
    case arm, disarm
    /// f-HNCA (linear models), without and with a moving-average baseline (decay 0.99) per layer.
    case fhnca = "f-hnca"
    case fhncaBaseline = "f-hnca-baseline"

    public var isBiased: Bool { self == .gumbelST }

    /// Whether the estimator applies to the architecture (ARM/DisARM/f-HNCA need Bernoulli units;
    /// f-HNCA's counterfactuals here also need linear maps).
    public func applies(to architecture: DiscreteVAE.Architecture) -> Bool {
        switch self {
        case .arm, .disarm: return architecture != .categorical
        case .fhnca, .fhncaBaseline: return architecture == .linear || architecture == .linear2
        default: return true
        }
    }
}

/// Trains a `DiscreteVAE` with one estimator for every latent layer and Adam for all parameters.
/// REBAR's temperature and scale, and RELAX's too with its learned r_ρ (a 100-tanh-unit network
/// added to REBAR's relaxed cost: RELAX's "relaxed REBAR" for VAEs), are trained by their own Adam on
/// the single-sample variance Σ ĝ² of the encoder's gradient (RELAX, Algorithm 1).
public struct DiscreteVAETrainer {
    public var model: DiscreteVAE
    public let estimator: VAEEstimator
    public var optimizer: Adam
    /// REBAR/RELAX control-variate parameters per layer and their optimizer.
    public var controlVariate: ControlVariateParameters
    public var controlVariateOptimizer: Adam
    let averages: [MovingAverage]
    /// β of the terms other than the reconstruction (the KL, or log q − log p) in the SCG the
    /// gradient is estimated from: 1 is −ELBO; less than 1 during a KL warm-up (β annealed from 0
    /// to 1, Bowman et al., 2016), which keeps an estimator that follows the exact KL's pull from
    /// collapsing to the prior before the decoder uses z (docs/experiments/vae.md). The reported
    /// −ELBO is always the unweighted one.
    public var klWeight: Float = 1

    public init(model: DiscreteVAE, estimator: VAEEstimator, learningRate: Float = 1e-3, using rng: inout RandomGenerator) {
        precondition(estimator.applies(to: model.architecture), "\(estimator.rawValue) does not apply to the \(model.architecture) model")
        self.model = model
        self.estimator = estimator
        optimizer = Adam(learningRate: learningRate)
        controlVariate = ControlVariateParameters(layers: model.stochasticLayers, latentSize: model.units * model.classes,
                                                  learned: estimator == .relax, using: &rng)
        controlVariateOptimizer = Adam(learningRate: learningRate)
        let decay: Float = estimator == .fhncaBaseline ? 0.99 : 0.9
        averages = (0..<model.stochasticLayers).map { _ in MovingAverage(decay: decay) }
    }

    /// The samples of every layer, filled in as the graph is built, for closures that run when the
    /// surrogate is built (REBAR/RELAX relaxed costs, f-HNCA counterfactuals).
    final class LayerSamples { var z1: Tensor?, z2: Tensor? }

    /// The SCG of −ELBO for a batch x [B, inputSize]: one stochastic node per latent layer, one cost
    /// node per term. Returns the graph and the −ELBO per sample ([plates…] + batch).
    public func graph(_ x: Tensor, using rng: inout RandomGenerator) -> (StochasticComputationGraph, Tensor) {
        let samples = LayerSamples()
        var scg = StochasticComputationGraph(batchShape: [x.shape[0]])
        let z1 = scg.sample("z1", from: model.firstLayer(x), estimator: layerEstimator(0, x: x, samples: samples), using: &rng)
        samples.z1 = z1.value
        var nodes = [z1]
        if model.stochasticLayers == 2 {
            let d2 = Independent(Bernoulli(logits: model.secondEncoderLogits(z1.value)))
            let z2 = scg.sample("z2", from: d2, estimator: layerEstimator(1, x: x, samples: samples), parents: [z1], using: &rng)
            samples.z2 = z2.value
            nodes.append(z2)
        }
        let terms = model.negativeELBOTerms(x, z1: nodes[0].value, z2: nodes.count > 1 ? nodes[1].value : nil)
        for t in terms {
            let weighted = klWeight == 1 || t.name == "reconstruction" ? t.value : t.value * klWeight
            scg.addCost(weighted, dependsOn: t.layers.map { nodes[$0] }, name: t.name)
        }
        return (scg, terms.map(\.value).reduce(Tensor(0), +))
    }

    func layerEstimator(_ layer: Int, x: Tensor, samples: LayerSamples) -> any GradientEstimator {
        switch estimator {
        case .reinforce: return ScoreFunction(baseline: .movingAverage(averages[layer]))
        case .loo: return LeaveOneOut(samples: 2)
        case .arm: return ARM()
        case .disarm: return DisARM()
        case .gumbelST: return Unitwise(GumbelSoftmax(temperature: Tensor(1), straightThrough: true))
        case .rebar, .relax:
            let frozen = model.detached, cv = controlVariate, learned = estimator == .relax
            let relaxedCost: (Tensor) -> Tensor = { r in
                let z1 = layer == 0 ? r : samples.z1!, z2 = layer == 1 ? r : samples.z2
                let terms = frozen.negativeELBOTerms(x, z1: z1, z2: z2).filter { $0.layers.contains { $0 >= layer } }
                let f = terms.map(\.value).reduce(Tensor(0), +)
                return learned ? f + cv.residual(layer, r) : f
            }
            return Unitwise(REBAR(logTemperature: cv.logTemperature[layer], scale: cv.scale[layer], relaxedCost: relaxedCost))
        case .fhnca, .fhncaBaseline:
            let baseline: Baseline = estimator == .fhncaBaseline ? .movingAverage(averages[layer]) : .none
            let m = model
            return FunctionHNCA(baseline: baseline) { _ in
                m.hindsightCounterfactuals(layer: layer, x: x, z1: samples.z1!, z2: samples.z2)
            }
        }
    }

    var usesControlVariateTraining: Bool { estimator == .rebar || estimator == .relax }

    /// One estimate of ∇ E[−ELBO] for every model parameter (`parameterTensors` order), its −ELBO
    /// (batch mean of the sample average), and, for REBAR/RELAX, the control variate's gradient.
    public func estimate(_ x: Tensor, using rng: inout RandomGenerator) -> (gradients: [Tensor], negativeELBO: Float, controlVariate: [Tensor]) {
        let (scg, cost) = graph(x, using: &rng)
        let surrogate = scg.surrogateLoss() / Float(x.shape[0])
        let parameters = model.parameterTensors
        let value = cost.detached.mean().scalar
        guard usesControlVariateTraining else {
            return (gradients(of: surrogate, wrt: parameters), value, [])
        }
        let step = relaxVarianceGradients(of: surrogate, parameters: parameters,
                                          controlVariateParameters: controlVariate.parameterTensors,
                                          varianceParameterCount: model.encoderParameters.count)
        return (step.estimate, value, step.controlVariateGradients)
    }

    /// One Adam step on a batch; returns the batch's −ELBO (before the step).
    @discardableResult
    public mutating func step(_ x: Tensor, using rng: inout RandomGenerator) -> Float {
        let (g, value, dPhi) = estimate(x, using: &rng)
        optimizer.update(&model, along: g)
        if !dPhi.isEmpty { controlVariateOptimizer.update(&controlVariate, along: dPhi) }
        return value
    }

    /// The single-sample −ELBO of a batch, averaged over it (no gradients).
    public func negativeELBO(_ x: Tensor, using rng: inout RandomGenerator) -> Float {
        let d = model.firstLayer(x.detached)
        let z1 = d.samples(count: 1, using: &rng)
        var z2: Tensor? = nil
        if model.stochasticLayers == 2 {
            z2 = Independent(Bernoulli(logits: model.secondEncoderLogits(z1))).samples(count: 1, using: &rng)
        }
        return model.negativeELBO(x, z1: z1, z2: z2).detached.mean().scalar
    }
}

/// REBAR's and RELAX's control-variate parameters per latent layer: log λ (initially log 0.5),
/// η (initially 1) and, for RELAX, r_ρ: relaxed layer → 100 tanh → 1.
public struct ControlVariateParameters: Module {
    public var logTemperature: [Tensor]
    public var scale: [Tensor]
    public var residualNetworks: [MLP]

    public init(layers: Int, latentSize: Int, learned: Bool, using rng: inout RandomGenerator) {
        logTemperature = (0..<layers).map { _ in Tensor(Foundation.log(0.5)).requiringGradient() }
        scale = (0..<layers).map { _ in Tensor(1).requiringGradient() }
        residualNetworks = learned
            ? (0..<layers).map { _ in MLP(sizes: [latentSize, 100, 1], activation: .tanh, outputInitializer: .zeros, using: &rng) }
            : []
    }

    /// r_ρ(z) for relaxed values [.., units] (or [.., units, classes]) → [..].
    func residual(_ layer: Int, _ r: Tensor) -> Tensor {
        let net = residualNetworks[layer], inputSize = net.sizes[0]
        let lead = Array(r.shape.dropLast(r.shape.last! == inputSize ? 1 : 2))
        return net(r.reshaped([lead.reduce(1, *), inputSize])).reshaped(lead)
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in logTemperature.indices {
            visit("layer\(i)/logTemperature", &logTemperature[i])
            visit("layer\(i)/scale", &scale[i])
        }
        for i in residualNetworks.indices { residualNetworks[i].visitParameters(prefix: "layer\(i)/r", visit) }
    }
}

extension DiscreteVAETrainer {
    /// The per-parameter variance of `count` independent estimates of the encoder's gradient on one
    /// batch at the current parameters (moving-average baselines are restored afterwards, so
    /// measuring does not change training).
    public func encoderGradientVariance(_ x: Tensor, count: Int, using rng: inout RandomGenerator) -> GradientVariance {
        let saved = averages.map { ($0.value, $0.count) }
        defer { for (a, s) in zip(averages, saved) { a.value = s.0; a.count = s.1 } }
        let encoderCount = model.encoderParameters.count
        return GradientVariance(count: count, using: &rng) { rng in Array(estimate(x, using: &rng).gradients.prefix(encoderCount)) }
    }
}
