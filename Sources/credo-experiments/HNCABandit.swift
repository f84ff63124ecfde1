import CredoEnvironments
import CredoNN
import CredoPlot
import CredoSCG
import CredoTensor
import Foundation

/// The HNCA paper's contextual bandit (Young, 2022): classification where the agent sees an
/// image (dynamically binarised), guesses its class and is rewarded 1 for the right class, 0
/// otherwise. The agent is a `BernoulliNetwork` (1 to 3 hidden layers of ±1 Bernoulli units, a
/// softmax output), trained with Adam by REINFORCE or HNCA, each with and without a moving-average
/// baseline (decay 0.99) subtracted from the reward.
///
/// Reported per epoch: the training accuracy (mean reward over the epoch) and the log of the mean
/// per-parameter variance of the hidden layers' minibatch gradient estimate (the output layer
/// uses REINFORCE in both), over `varianceSamples` estimates on a fixed probe minibatch.
struct HNCABandit {
    let imagesPath: String?, labelsPath: String?
    let layers: [Int], hiddenSize: Int, epochs: Int, batch: Int, lr: Float, trainSize: Int, varianceSamples: Int, seed: Int
    let output: Output

    init(_ args: ArraySlice<String>) throws {
        let a = try Arguments(args, allowed: ["images", "labels", "layers", "hidden", "epochs", "batch", "lr",
                                              "train-size", "variance-samples", "seed", "out"])
        imagesPath = a.string("images")
        labelsPath = a.string("labels")
        guard (imagesPath == nil) == (labelsPath == nil) else { throw ExperimentError("give both --images and --labels, or neither") }
        layers = try a.ints("layers", default: [1, 2, 3])
        hiddenSize = try a.int("hidden", default: 200)
        epochs = try a.int("epochs", default: 20)
        batch = try a.int("batch", default: 50)
        lr = try a.float("lr", default: 0.001)
        trainSize = try a.int("train-size", default: 5000)
        varianceSamples = try a.int("variance-samples", default: 50)
        seed = try a.int("seed", default: 0)
        output = try Output(a.string("out"))
    }

    struct Method {
        var hnca: Bool
        var baseline: Bool
        var name: String { (hnca ? "HNCA" : "REINFORCE") + (baseline ? " with baseline" : "") }
    }

    func run() throws {
        let (images, labels) = try dataset()
        let probe = try probeBatch(images: images, labels: labels)
        var csv = ["layers,estimator,epoch,accuracy,log_variance_hidden"]
        var accuracyPlot = SVGLinePlot.Panel(title: "HNCA contextual bandit: training accuracy", xLabel: "epoch", yLabel: "accuracy")
        var variancePlot = SVGLinePlot.Panel(title: "HNCA contextual bandit: log gradient variance (hidden layers)",
                                             xLabel: "epoch", yLabel: "log mean variance")
        let methods = [Method(hnca: false, baseline: false), Method(hnca: true, baseline: false),
                       Method(hnca: false, baseline: true), Method(hnca: true, baseline: true)]
        for depth in layers {
            for method in methods {
                let start = Date()
                var env = try ClassificationBandit(imagesPath: images, labelsPath: labels, binarize: true, shuffle: true,
                                                   seed: UInt64(seed))
                let rows = train(depth: depth, method: method, env: &env, probe: probe)
                csv += rows.map { "\(depth),\(method.name),\($0.epoch),\($0.accuracy),\($0.logVariance)" }
                let label = "\(depth) layer\(depth > 1 ? "s" : ""), \(method.name)"
                accuracyPlot.add(label, points: rows.map { (Double($0.epoch), $0.accuracy) })
                variancePlot.add(label, points: rows.map { (Double($0.epoch), $0.logVariance) })
                FileHandle.standardError.write(String(format: "%@: final accuracy %.4f, final log variance %.2f, %.1f s\n",
                                                      label, rows.last!.accuracy, rows.last!.logVariance,
                                                      Date().timeIntervalSince(start)).data(using: .utf8)!)
            }
        }
        try output.writeCSV(csv, name: "hnca-bandit.csv")
        try SVGLinePlot(panels: [accuracyPlot]).write(to: output.path("hnca-bandit-accuracy.svg"))
        try SVGLinePlot(panels: [variancePlot]).write(to: output.path("hnca-bandit-log-variance.svg"))
    }

    func train(depth: Int, method: Method, env: inout ClassificationBandit,
               probe: (x: Tensor, labels: [Int])) -> [(epoch: Int, accuracy: Double, logVariance: Double)] {
        var rng = RandomGenerator(seed: UInt64(seed) &+ 1)
        var varianceRNG = rng.split()
        let inputSize = env.images.shape[1] * env.images.shape[2]
        var net = BernoulliNetwork(sizes: [inputSize] + Array(repeating: hiddenSize, count: depth) + [env.classes], using: &rng)
        var optimizer = Adam(learningRate: lr)
        let baseline = MovingAverage(decay: 0.99)
        let hiddenParameters = 2 * depth
        func estimate(_ s: BernoulliNetworkSample, _ reward: [Float]) -> [Tensor] {
            method.hnca ? net.hncaGradient(s, reward: reward) : net.reinforceGradient(s, reward: reward)
        }
        func probeVariance() -> Double {
            let b = method.baseline ? baseline.value : 0
            return GradientVariance(count: varianceSamples, using: &varianceRNG) { rng in
                let s = net.sample(probe.x, using: &rng)
                let reward = zip(s.actions, probe.labels).map { Float($0 == $1 ? 1 : 0) - b }
                return Array(estimate(s, reward).prefix(hiddenParameters))
            }.logMeanVariance
        }
        var rows = [(epoch: 0, accuracy: Double.nan, logVariance: probeVariance())]
        let stepsPerEpoch = env.count / batch
        var observation = [Float](repeating: 0, count: inputSize)
        for epoch in 1...epochs {
            var correct = 0.0
            for _ in 0..<stepsPerEpoch {
                var sum: [Tensor]? = nil
                for _ in 0..<batch {
                    observation.withUnsafeMutableBufferPointer { env.reset(seed: nil, into: $0) }
                    let s = net.sample(Tensor(shape: [1, inputSize], scalars: observation), using: &rng)
                    let r = Float(observation.withUnsafeMutableBufferPointer { env.step(.discrete(s.actions[0]), into: $0) }.reward)
                    correct += Double(r)
                    let advantage = method.baseline ? r - baseline.value : r
                    if method.baseline { baseline.update(with: r) }
                    let g = estimate(s, [advantage])
                    sum = sum.map { zip($0, g).map { $0 + $1 } } ?? g
                }
                // Adam minimises: descend along −∇E[R].
                optimizer.update(&net, along: sum!.map { $0 * (-1 / Float(batch)) })
            }
            rows.append((epoch, correct / Double(stepsPerEpoch * batch), probeVariance()))
        }
        return rows
    }

    /// The IDX files to use: the given ones, or a synthetic dataset written to a temporary folder.
    func dataset() throws -> (images: String, labels: String) {
        if let imagesPath, let labelsPath { return (imagesPath, labelsPath) }
        let (images, labels) = SyntheticClassification.make(count: trainSize, seed: UInt64(seed))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-hnca-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let imagesFile = folder.appendingPathComponent("synthetic-images-idx3-ubyte").path
        let labelsFile = folder.appendingPathComponent("synthetic-labels-idx1-ubyte").path
        try images.write(to: imagesFile)
        try labels.write(to: labelsFile)
        return (imagesFile, labelsFile)
    }

    /// The first `batch` images, binarised once by thresholding at 1/2, with their labels.
    func probeBatch(images: String, labels: String) throws -> (x: Tensor, labels: [Int]) {
        let i = try IDXFile(contentsOf: images), l = try IDXFile(contentsOf: labels)
        let size = i.shape[1] * i.shape[2], n = min(batch, i.shape[0])
        let x = (0..<(n * size)).map { Float(i.values[$0] >= 128 ? 1 : 0) }
        return (Tensor(shape: [n, size], scalars: x), l.values.prefix(n).map(Int.init))
    }
}
