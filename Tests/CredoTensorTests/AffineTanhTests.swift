import CredoTestSupport
import Testing
@testable import CredoTensor

/// The fused dense layer y = tanh(x·W + b) (`Tensor.affineTanh`): its derivative rule against
/// central differences at first and second order, the same bits as the unfused ops at every
/// order, and a known-wrong rule that the checks catch.
@Suite struct AffineTanhTests {
    /// Inputs scaled so that z = x·W + b spans tanh's curved part (|z| up to about 3).
    static func inputs(_ c: inout GradientCheck) -> [Tensor] {
        [c.randomTensor([3, 4], scale: 0.5), c.randomTensor([4, 5], scale: 0.5), c.randomTensor([5], scale: 0.5)]
    }

    @Test func toSecondOrderAgainstCentralDifferences() {
        var c = GradientCheck(seed: 11)
        let xs = Self.inputs(&c)
        let f = c.scalarized({ Tensor.affineTanh($0[0], $0[1], $0[2]) }, outputShape: [3, 5])
        c.check(f, at: xs, maxOrder: 2)
    }

    /// Negative control: the rule g(1 − y) in place of g(1 − y²) must fail the same check.
    @Test func aWrongDerivativeRuleIsCaught() {
        var c = GradientCheck(seed: 11)
        let xs = Self.inputs(&c)
        let f = c.scalarized({ Tensor.affineTanh($0[0], $0[1], $0[2], rule: .wrongForTesting) }, outputShape: [3, 5])
        withKnownIssue("the wrong rule must miss the finite differences") { c.check(f, at: xs, maxOrder: 1) }
    }

    /// Values, first and second derivatives equal `affine(x, W, b).tanh()` bit for bit.
    @Test func theSameBitsAsTheUnfusedLayerAtEveryOrder() {
        var c = GradientCheck(seed: 5)
        let xs = [c.randomTensor([7, 6]), c.randomTensor([6, 64]), c.randomTensor([64])]
        let v = c.randomTensor([7, 64]), u = xs.map { c.randomTensor($0.shape) }
        func derivatives(_ layer: ([Tensor]) -> Tensor) -> [[Float]] {
            let leaves = xs.map { $0.requiringGradient() }
            let y = layer(leaves)
            let first = gradients(of: (y * v).sum(), wrt: leaves, createGraph: true)
            let directional = zip(first, u).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
            let second = gradients(of: directional, wrt: leaves)
            return [y.scalars] + first.map(\.scalars) + second.map(\.scalars)
        }
        let fused = derivatives { Tensor.affineTanh($0[0], $0[1], $0[2]) }
        let unfused = derivatives { Tensor.affine($0[0], $0[1], $0[2]).tanh() }
        #expect(fused.map { $0.map(\.bitPattern) } == unfused.map { $0.map(\.bitPattern) })
        // The comparison is not vacuous: the wrong rule gives other first derivatives.
        let wrong = derivatives { Tensor.affineTanh($0[0], $0[1], $0[2], rule: .wrongForTesting) }
        #expect(wrong[1].map(\.bitPattern) != unfused[1].map(\.bitPattern))
    }

    /// Off the tape it records nothing; a batch of no rows gives no rows.
    @Test func constantsAndEmptyBatches() {
        let w = Tensor(shape: [2, 3], scalars: [0.1, -0.2, 0.3, 0.4, 0.5, -0.6]), b = Tensor([0.01, 0.02, 0.03])
        let y = Tensor.affineTanh(Tensor(rows: [[1, 2]]), w, b)
        #expect(!y.requiresGradient && y.shape == [1, 3])
        #expect(y.scalars == Tensor.affine(Tensor(rows: [[1, 2]]), w, b).tanh().scalars)
        #expect(Tensor.affineTanh(Tensor.zeros([0, 2]), w, b).shape == [0, 3])
    }
}
