import CredoEnvironments
import CredoExperiments
import CredoNN
import CredoSCG
import CredoTensor
import Foundation

/// Why an estimator trains a discrete VAE or lets it collapse to the prior, measured (the
/// categorical model's `loo` in docs/experiments/vae.md):
///
/// 1. **At the initial parameters**, on one fixed batch, `--draws` independent estimates of the
///    encoder's gradient per estimator: their mean ḡ and standard error, the exact gradient of
///    the analytic KL term g_KL (no sampling), and what is left, ḡ − g_KL, the reconstruction's
///    part. Two unbiased estimators have the same mean, so for every pair the z-scores
///    (ḡ_a − ḡ_b)/√(SE_a² + SE_b²) have mean square ≈ 1 and almost none beyond 4; a bias shows
///    as more.
/// 2. **Training**, the same steps as `vae` (Adam, batch 50), reporting every `--every` steps the
///    batch's analytic KL(q ‖ prior), its reconstruction cost, and for that step's estimate the
///    norms ‖g_KL‖ and ‖ĝ − g_KL‖ of the encoder's gradient: which term the encoder follows.
struct VAEGradientProbe {
    let model: DiscreteVAE.Architecture
    let estimators: [VAEEstimator]
    let draws: Int, steps: Int, every: Int, batch: Int, lr: Float, seed: Int
    let dataFolder: String

    init(_ args: ArraySlice<String>) throws {
        let a = try Arguments(args, allowed: ["model", "estimator", "draws", "steps", "every", "batch", "lr", "seed", "data"])
        guard let m = DiscreteVAE.Architecture(rawValue: a.string("model") ?? "categorical") else {
            throw ExperimentError("--model must be one of \(DiscreteVAE.Architecture.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        model = m
        estimators = try (a.string("estimator") ?? "loo,reinforce").split(separator: ",").map { name in
            guard let e = VAEEstimator(rawValue: String(name)), e.applies(to: m) else {
                throw ExperimentError("--estimator '\(name)' is not one that applies to \(m): "
                    + VAEEstimator.allCases.filter { $0.applies(to: m) }.map(\.rawValue).joined(separator: ", "))
            }
            return e
        }
        draws = try a.int("draws", default: 200)
        steps = try a.int("steps", default: 300)
        every = try a.int("every", default: 25)
        batch = try a.int("batch", default: 50)
        lr = try a.float("lr", default: 1e-3)
        seed = try a.int("seed", default: 0)
        guard draws >= 2, steps >= 0, every >= 1, batch >= 1 else {
            throw ExperimentError("--draws must be at least 2, --every and --batch at least 1, --steps not negative")
        }
        dataFolder = a.string("data") ?? BinarizedDigits.defaultFolder
    }

    /// A trainer as `vae` makes it: seed, model, output bias at the mean image's logits.
    func makeTrainer(_ estimator: VAEEstimator, _ digits: BinarizedDigits, _ rng: inout RandomGenerator) -> DiscreteVAETrainer {
        let net = DiscreteVAE(model, inputSize: digits.pixels, using: &rng)
        var trainer = DiscreteVAETrainer(model: net, estimator: estimator, learningRate: lr, using: &rng)
        let meanImage = (0..<digits.pixels).map { p in digits.train.reduce(Float(0)) { $0 + $1[p] } / Float(digits.train.count) }
        let bias = Tensor(meanImage.map { m in let c = min(max(m, 1e-3), 1 - 1e-3); return Foundation.log(c / (1 - c)) })
        let biasName = trainer.model.namedParameters.last { $0.name.hasPrefix("decoder") && $0.name.hasSuffix("bias") }!.name
        trainer.model.visitParameters { name, t in if name == biasName { t = bias.requiringGradient() } }
        return trainer
    }

    /// The analytic KL term of −ELBO (the cost of no node) and the reconstruction, batch means, and
    /// the KL's exact gradient in the encoder's parameters (categorical model only: the Bernoulli
    /// models have the sampled log q − log p instead).
    func klTerm(_ trainer: DiscreteVAETrainer, _ x: Tensor, _ rng: inout RandomGenerator) -> (kl: Float, reconstruction: Float, gradient: [Float]) {
        let z = trainer.model.firstLayer(x).samples(count: 1, using: &rng)
        let terms = trainer.model.negativeELBOTerms(x, z1: z)
        let b = Float(x.shape[0])
        let reconstruction = terms.first { $0.name == "reconstruction" }!.value.mean()
        guard let kl = terms.first(where: { $0.name == "kl" })?.value.sum() else { return (.nan, reconstruction.scalar, []) }
        return (kl.scalar / b, reconstruction.scalar, gradients(of: kl / b, wrt: trainer.model.encoderParameters).flatMap(\.scalars))
    }

    func run() throws {
        let digits = try BinarizedDigits(folder: dataFolder)
        var dataRNG = RandomGenerator(seed: 1000)
        let probe = BinarizedDigits.binarize(digits.train, 0..<batch, using: &dataRNG)
        print("# 1. encoder gradient at the initial parameters, \(draws) draws per estimator, one batch of \(batch)")
        var summaries: [(VAEEstimator, mean: [Double], se: [Double])] = []
        for estimator in estimators {
            var rng = RandomGenerator(seed: UInt64(seed))
            let trainer = makeTrainer(estimator, digits, &rng)
            var drawRNG = RandomGenerator(seed: UInt64(seed) &+ 7)
            let kl = klTerm(trainer, probe, &drawRNG)
            let count = trainer.model.encoderParameters.count
            var sum: [Double] = [], sumSquares: [Double] = []
            for _ in 0..<draws {
                let g = trainer.estimate(probe, using: &drawRNG).gradients.prefix(count).flatMap(\.scalars)
                if sum.isEmpty { sum = Array(repeating: 0, count: g.count); sumSquares = sum }
                for (j, v) in g.enumerated() { sum[j] += Double(v); sumSquares[j] += Double(v) * Double(v) }
            }
            let n = Double(draws)
            let mean = sum.map { $0 / n }
            let variance = zip(sum, sumSquares).map { s, q in max(q / n - (s / n) * (s / n), 0) * n / (n - 1) }
            let se = variance.map { ($0 / n).squareRoot() }
            summaries.append((estimator, mean, se))
            func norm(_ v: [Double]) -> Double { v.reduce(0) { $0 + $1 * $1 }.squareRoot() }
            let klGradient = kl.gradient.map(Double.init)
            let rest = klGradient.isEmpty ? mean : zip(mean, klGradient).map { $0 - $1 }
            let cosine = klGradient.isEmpty ? Double.nan : zip(mean, klGradient).reduce(0) { $0 + $1.0 * $1.1 } / (norm(mean) * norm(klGradient))
            print(String(format: "%@: log mean variance %.2f; |mean g| %.4g, |g_KL| %.4g, |mean g - g_KL| %.4g (SE of that norm's coordinates, rms %.3g), cos(mean g, g_KL) %.3f; KL %.2f nats, reconstruction %.2f",
                         estimator.rawValue, Foundation.log(variance.reduce(0, +) / Double(variance.count)), norm(mean),
                         norm(klGradient), norm(rest), (se.reduce(0) { $0 + $1 * $1 } / Double(se.count)).squareRoot(), cosine,
                         kl.kl, kl.reconstruction))
        }
        for i in summaries.indices {
            for j in summaries.indices where j > i {
                let (a, b) = (summaries[i], summaries[j])
                let z = (0..<a.mean.count).compactMap { k -> Double? in
                    let s = (a.se[k] * a.se[k] + b.se[k] * b.se[k]).squareRoot()
                    return s > 0 ? (a.mean[k] - b.mean[k]) / s : nil
                }
                let meanSquare = z.reduce(0) { $0 + $1 * $1 } / Double(max(z.count, 1))
                let beyond4 = Double(z.filter { abs($0) > 4 }.count) / Double(max(z.count, 1))
                print(String(format: "%@ vs %@: mean z^2 %.3f over %d coordinates (1 if both unbiased), fraction |z| > 4: %.2g (6.3e-05 expected)",
                             a.0.rawValue, b.0.rawValue, meanSquare, z.count, beyond4))
            }
        }
        guard steps > 0 else { return }
        print("# 2. training: step, estimator, KL (nats), reconstruction, |g_KL|, |g - g_KL| (this step's encoder estimate), "
              + "live ReLU units (positive for some image of the batch) of the encoder's and decoder's hidden layers")
        for estimator in estimators {
            var rng = RandomGenerator(seed: UInt64(seed))
            var trainer = makeTrainer(estimator, digits, &rng)
            var probeRNG = RandomGenerator(seed: UInt64(seed) &+ 11)
            var batches: [Tensor] = []
            for step in 0...steps {
                if batches.isEmpty { batches = digits.trainingEpoch(batchSize: batch, using: &rng).reversed() }
                let x = batches.removeLast()
                let kl = step % every == 0 ? klTerm(trainer, x, &probeRNG) : nil
                guard step < steps || kl != nil else { break }
                // trainer.step, spelled out to keep this step's estimate.
                let (g, _, dPhi) = trainer.estimate(x, using: &rng)
                if let kl {
                    let encoder = g.prefix(trainer.model.encoderParameters.count).flatMap(\.scalars)
                    let klNorm = kl.gradient.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
                    let rest = (kl.gradient.isEmpty ? encoder : zip(encoder, kl.gradient).map { $0 - $1 })
                        .reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
                    print(String(format: "%d %@ %.3f %.2f %.4g %.4g %@", step, estimator.rawValue, kl.kl, kl.reconstruction, klNorm, rest,
                                 activeUnits(trainer.model, x, &probeRNG)))
                }
                guard step < steps else { break }
                trainer.optimizer.update(&trainer.model, along: g)
                if !dPhi.isEmpty { trainer.controlVariateOptimizer.update(&trainer.controlVariate, along: dPhi) }
            }
        }
    }

    /// "encoder a/b c/d, decoder e/f g/h": per hidden layer, the ReLU (or tanh) units whose input is
    /// positive for at least one image of the batch (a unit positive for none passes no gradient).
    func activeUnits(_ net: DiscreteVAE, _ x: Tensor, _ rng: inout RandomGenerator) -> String {
        func live(_ layers: ArraySlice<Linear>, _ input: Tensor) -> [String] {
            var h = input, out: [String] = []
            for layer in layers.dropLast() {
                let pre = layer(h).detached
                let width = pre.shape.last!, rows = pre.count / width, v = pre.scalars
                let alive = (0..<width).filter { u in (0..<rows).contains { v[$0 * width + u] > 0 } }.count
                out.append("\(alive)/\(width)")
                h = pre.relu()
            }
            return out
        }
        let z = net.firstLayer(x).samples(count: 1, using: &rng)
        let latent = z.reshaped([x.shape[0], net.units * net.classes])
        return "encoder " + live(net.encoder[...], x.detached).joined(separator: " ") + ", decoder "
            + live(net.decoder[...], latent).joined(separator: " ")
    }
}
