import Foundation
import Testing
import CredoEnvironments
import CredoNN
import CredoTensor
@testable import CredoSCG

/// HNCA against REINFORCE on a small synthetic classification bandit served from IDX files.
@Suite struct HNCABanditTests {
    /// 4 classes of 4 × 4 images: class c lights rows c (with 10% pixel noise).
    static func writeDataset(count: Int) throws -> (String, String) {
        var rng = RandomGenerator(seed: 3)
        var images: [UInt8] = [], labels: [UInt8] = []
        for _ in 0..<count {
            let c = rng.int(below: 4)
            labels.append(UInt8(c))
            for row in 0..<4 {
                for _ in 0..<4 { images.append((row == c) != (rng.uniformFloat() < 0.1) ? 230 : 20) }
            }
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-hnca-test-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let i = folder.appendingPathComponent("images").path, l = folder.appendingPathComponent("labels").path
        try IDXFile(shape: [count, 4, 4], values: images).write(to: i)
        try IDXFile(shape: [count], values: labels).write(to: l)
        return (i, l)
    }

    /// Trains for `steps` images (minibatches of 10) and returns the accuracy over the last half and
    /// the log variance of the hidden-layer gradient on a fixed probe context.
    func run(hnca: Bool, paths: (String, String), steps: Int) throws -> (accuracy: Double, logVariance: Double) {
        var env = try ClassificationBandit(imagesPath: paths.0, labelsPath: paths.1, binarize: true, shuffle: true, seed: 1)
        var rng = RandomGenerator(seed: 7)
        var net = BernoulliNetwork(sizes: [16, 16, 16, 4], using: &rng)
        var adam = Adam(learningRate: 0.01)
        let baseline = MovingAverage(decay: 0.99)
        var observation = [Float](repeating: 0, count: 16), correct = 0.0, sum: [Tensor]? = nil
        for step in 0..<steps {
            observation.withUnsafeMutableBufferPointer { env.reset(seed: nil, into: $0) }
            let s = net.sample(Tensor(shape: [1, 16], scalars: observation), using: &rng)
            let r = Float(observation.withUnsafeMutableBufferPointer { env.step(.discrete(s.actions[0]), into: $0) }.reward)
            if step >= steps / 2 { correct += Double(r) }
            let g = hnca ? net.hncaGradient(s, reward: [r - baseline.value]) : net.reinforceGradient(s, reward: [r - baseline.value])
            baseline.update(with: r)
            sum = sum.map { zip($0, g).map { $0 + $1 } } ?? g
            if step % 10 == 9 { adam.update(&net, along: sum!.map { $0 * -0.1 }); sum = nil }
        }
        let probe = Tensor(shape: [4, 16], scalars: (0..<64).map { Float(($0 / 4) % 4 == $0 / 16 ? 1 : 0) })
        var probeRNG = RandomGenerator(seed: 5)
        let v = GradientVariance(count: 200, using: &probeRNG) { rng in
            let s = net.sample(probe, using: &rng)
            let reward = s.actions.enumerated().map { Float($0.element == $0.offset ? 1 : 0) - baseline.value }
            let g = hnca ? net.hncaGradient(s, reward: reward) : net.reinforceGradient(s, reward: reward)
            return Array(g.prefix(4))
        }
        return (correct / Double(steps - steps / 2), v.logMeanVariance)
    }

    @Test func hncaLearnsFasterWithLowerVariance() throws {
        let paths = try Self.writeDataset(count: 400)
        let h = try run(hnca: true, paths: paths, steps: 1500), r = try run(hnca: false, paths: paths, steps: 1500)
        #expect(h.accuracy > r.accuracy + 0.05, "accuracy: HNCA \(h.accuracy), REINFORCE \(r.accuracy)")
        #expect(h.logVariance < r.logVariance - 1, "log variance: HNCA \(h.logVariance), REINFORCE \(r.logVariance)")
    }
}
