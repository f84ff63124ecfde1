import Testing
import CredoTensor
@testable import CredoNN

/// A one-parameter module to drive optimizers by hand.
struct Scalar: Module {
    var w = Tensor([1]).requiringGradient()
    mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) { visit("w", &w) }
}

@Suite struct OptimizerTests {
    /// Runs `opt` on a scalar parameter starting at 1 with the given gradients; returns the values.
    func trajectory<O: Optimizer>(_ opt: inout O, gradients: [Float]) -> [Float] {
        var s = Scalar()
        return gradients.map { g in
            opt.update(&s, along: [Tensor([g])])
            return s.w.scalar
        }
    }

    @Test func sgdWithMomentumFirstSteps() {
        // v = 0.5, θ = 1 − 0.1·0.5 = 0.95; v = 0.9·0.5 + 0.5 = 0.95, θ = 0.95 − 0.095 = 0.855.
        var opt = SGD(learningRate: 0.1, momentum: 0.9)
        let t = trajectory(&opt, gradients: [0.5, 0.5])
        #expect(abs(t[0] - 0.95) < 1e-7 && abs(t[1] - 0.855) < 1e-6)
        var plain = SGD(learningRate: 0.1)
        #expect(trajectory(&plain, gradients: [0.5]) == [0.95])
    }

    @Test func adamFirstSteps() {
        // Hand-computed in Double: step 1 moves by lr·sign(g); step 2 gives 0.8067820.
        var opt = Adam(learningRate: 0.1)
        let t = trajectory(&opt, gradients: [0.5, 0.25])
        #expect(abs(t[0] - 0.9) < 1e-6 && abs(t[1] - 0.80678204) < 1e-6)
        #expect(opt.slots["m/w"]?.shape == [1] && opt.state.count == 3 && opt.step == 2)
    }

    @Test func rmsPropFirstSteps() {
        // v = 0.0025, θ = 1 − 0.01·0.5/0.05 = 0.9; then v = 0.003100, θ = 0.8550987.
        var opt = RMSProp(learningRate: 0.01)
        let t = trajectory(&opt, gradients: [0.5, 0.25])
        #expect(abs(t[0] - 0.9) < 1e-6 && abs(t[1] - 0.8550987) < 1e-6)
    }

    @Test func stateSurvivesSaveAndRestoreExactly() throws {
        var rng = RandomGenerator(seed: 5)
        func run<O: Optimizer>(_ make: () -> O) throws {
            var model = MLP(sizes: [3, 8, 2], using: &rng)
            let x = Tensor(shape: [4, 3], scalars: (0..<12).map { Float($0) / 6 - 1 })
            func grads(_ m: MLP) -> [Tensor] { gradients(of: m(x).squared().mean(), wrt: m.parameterTensors) }
            var a = make()
            for _ in 0..<3 { a.update(&model, along: grads(model)) }
            var b = make()
            try b.loadState(a.state)
            var modelB = MLP(sizes: [3, 8, 2], using: &rng)
            try modelB.loadParameters(Dictionary(uniqueKeysWithValues: model.namedParameters.map { ($0.name, $0.value) }))
            for _ in 0..<3 {
                a.update(&model, along: grads(model))
                b.update(&modelB, along: grads(modelB))
            }
            for (p, q) in zip(model.parameterTensors, modelB.parameterTensors) { #expect(p.scalars == q.scalars) }
            #expect(a.state.keys.sorted() == b.state.keys.sorted())
            for (k, v) in a.state { #expect(b.state[k]?.scalars == v.scalars, "slot \(k)") }
        }
        try run { Adam(learningRate: 0.01) }
        try run { RMSProp(learningRate: 0.01) }
        try run { SGD(learningRate: 0.01, momentum: 0.9) }
    }

    @Test func missingStateIsAClearError() {
        var opt = Adam(learningRate: 0.1)
        #expect(throws: OptimizerError.missingState("step")) { try opt.loadState([:]) }
        #expect(throws: OptimizerError.unknownState("q/w")) { try opt.loadState(["step": Tensor(1), "q/w": Tensor([0])]) }
        #expect(throws: OptimizerError.missingState("v/w")) { try opt.loadState(["step": Tensor(1), "m/w": Tensor([0])]) }
    }

    @Test func learningRateSchedules() {
        let s = LearningRateSchedule.linear(from: 1, to: 0, steps: 4)
        #expect([0, 1, 2, 4, 10].map { s($0) } == [1, 0.75, 0.5, 0, 0])
        #expect(LearningRateSchedule.constant(3)(100) == 3)
        var opt = SGD(schedule: .linear(from: 0.1, to: 0, steps: 1))
        #expect(trajectory(&opt, gradients: [1, 1]) == [0.9, 0.9])
    }

    @Test func globalNormClipping() {
        let g = [Tensor([3, 0]), Tensor([4])]
        let (clipped, norm) = clipByGlobalNorm(g, maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(globalNorm(clipped) - 1) < 1e-6)
        #expect(clipped[0].scalars == [0.6, 0])
        #expect(clipByGlobalNorm(g, maxNorm: 10).gradients[1].scalars == [4])
    }
}
