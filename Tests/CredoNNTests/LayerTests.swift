import Foundation
import Testing
import CredoTensor
@testable import CredoNN

@Suite struct LayerTests {
    @Test func mlpParametersHaveStableHierarchicalNames() {
        var rng = RandomGenerator(seed: 1)
        let mlp = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
        #expect(mlp.namedParameters.map(\.name) == ["layer0/weight", "layer0/bias", "layer1/weight", "layer1/bias",
                                                     "layer2/weight", "layer2/bias"])
        #expect(mlp.namedParameters.map(\.value.shape) == [[4, 64], [64], [64, 64], [64], [64, 2], [2]])
        #expect(mlp.parameterCount == 4 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2)
        #expect(mlp(Tensor.zeros([7, 4])).shape == [7, 2])
        #expect(mlp.sizes == [4, 64, 64, 2])
    }

    @Test func aDetachedModuleGivesTheSameValuesOffTheTape() {
        var rng = RandomGenerator(seed: 2)
        let mlp = MLP(sizes: [3, 8, 2], activation: .tanh, using: &rng)
        let x = Tensor(shape: [5, 3], scalars: (0..<15).map { Float($0) / 7 - 1 })
        let onTape = mlp(x), offTape = mlp.detached(x)
        #expect(onTape.requiresGradient && !offTape.requiresGradient)
        #expect(onTape.scalars == offTape.scalars)
        #expect(mlp.detached.namedParameters.map(\.name) == mlp.namedParameters.map(\.name))
        #expect(mlp.parameterTensors.allSatisfy { $0.requiresGradient })  // the original keeps its leaves
    }

    @Test func sameSeedSameNetwork() {
        var a = RandomGenerator(seed: 9), b = RandomGenerator(seed: 9)
        let m1 = MLP(sizes: [3, 5, 1], using: &a), m2 = MLP(sizes: [3, 5, 1], using: &b)
        #expect(m1.parameterTensors.map(\.scalars) == m2.parameterTensors.map(\.scalars))
    }

    @Test func orthogonalInitialiserIsOrthonormal() {
        var rng = RandomGenerator(seed: 2)
        for (r, c) in [(6, 4), (4, 6), (5, 5)] {
            let w = Initializer.orthogonal(gain: 2).weights(fanIn: r, fanOut: c, using: &rng)
            // WᵀW = 4I for tall, WWᵀ = 4I for wide (gain² on the diagonal).
            let gram = r >= c ? Tensor.matmul(w, w, transposeA: true) : Tensor.matmul(w, w, transposeB: true)
            let n = min(r, c)
            for i in 0..<n { for j in 0..<n {
                #expect(abs(gram.scalars[i * n + j] - (i == j ? 4 : 0)) < 1e-5)
            } }
        }
    }

    @Test func glorotUniformStaysInItsBoundsAndHasItsVariance() {
        var rng = RandomGenerator(seed: 3)
        let w = Initializer.glorotUniform().weights(fanIn: 200, fanOut: 300, using: &rng)
        let a = (6 / Float(500)).squareRoot()
        #expect(w.scalars.allSatisfy { abs($0) <= a })
        // Var U(−a, a) = a²/3 = 2/(fanIn + fanOut); standard error of the sample variance ≈ var·√(0.8/n).
        let variance = w.squared().mean().scalar
        let expected: Float = 2 / 500
        #expect(abs(variance - expected) < 4 * expected * (0.8 / 60_000).squareRoot())
    }

    @Test func activations() {
        let x = Tensor([-1, 0, 2])
        #expect(Activation.relu(x).scalars == [0, 0, 2])
        #expect(Activation.identity(x).scalars == [-1, 0, 2])
        #expect(abs(Activation.softplus(x).scalars[1] - 0.6931472) < 1e-6)
        #expect(Activation.allCases.count == 6)
    }

    @Test func loadParametersChecksNamesAndShapes() throws {
        var rng = RandomGenerator(seed: 4)
        var m = MLP(sizes: [2, 3, 1], using: &rng)
        #expect(throws: ModuleError.missingParameter("layer0/weight")) { try m.loadParameters([:]) }
        var values = Dictionary(uniqueKeysWithValues: m.namedParameters.map { ($0.name, $0.value) })
        values["layer1/bias"] = Tensor([1, 2])
        #expect(throws: ModuleError.shapeMismatch("layer1/bias", expected: [1], found: [2])) { try m.loadParameters(values) }
    }

    @Test func adamTrainsAnMLPOnARegression() {
        // Fit y = sin(3x) on 64 points; the loss must fall by 10x within 500 steps.
        var rng = RandomGenerator(seed: 11)
        var model = MLP(sizes: [1, 32, 32, 1], activation: .tanh, using: &rng)
        let xs = (0..<64).map { Float($0) / 32 - 1 }
        let x = Tensor(shape: [64, 1], scalars: xs), y = Tensor(shape: [64, 1], scalars: xs.map { sin(3 * $0) })
        var opt = Adam(learningRate: 0.01)
        func loss() -> Tensor { (model(x) - y).squared().mean() }
        let initial = loss().scalar
        for _ in 0..<500 { opt.update(&model, along: gradients(of: loss(), wrt: model.parameterTensors)) }
        #expect(loss().scalar < initial / 10)
    }
}
