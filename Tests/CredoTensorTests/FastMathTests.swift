import Foundation
import Testing
import CredoTensor

@Suite struct FastMathTests {
    @Test func tanhMatchesDoublePrecisionTanh() {
        // Every 1/1000 on [−10, 10], plus the tiny and huge ends: within 4 Float32 ulps of 1.
        let xs = (-10_000...10_000).map { Float($0) / 1000 }
        let ys = Tensor(xs).tanh().scalars
        let worst = zip(xs, ys).map { abs(Double($1) - Foundation.tanh(Double($0))) }.max()!
        #expect(worst < 4 * Double(Float.ulpOfOne))
        #expect(Tensor([1e-5, 50, -50, .infinity, -.infinity]).tanh().scalars == [1e-5, 1, -1, 1, -1])
        #expect(Tensor([Float.nan]).tanh().scalars[0].isNaN)
    }

    @Test func tanhIsOddAndTheSameAtEveryPositionOfABuffer() {
        // The vector loop and its scalar remainder must agree: the same value at every offset.
        let x: Float = 0.731
        let ys = Tensor([Float](repeating: x, count: 37)).tanh().scalars
        #expect(Set(ys).count == 1)
        #expect(Tensor([-x]).tanh().scalars[0] == -ys[0])
    }

    /// Every 1/200 on [−100, 100] and the ends, against libm in Double: softplus within a few
    /// ulps of its value (relative, or absolute where it is below 1), sigmoid likewise.
    @Test(arguments: ["softplus", "sigmoid"])
    func logisticKernelsMatchDoublePrecision(_ name: String) {
        let xs = (-20_000...20_000).map { Float($0) / 200 } + [-1e-6, 1e-6, -87.5, -86.9, 87.5, 150, -150]
        let ys = name == "softplus" ? Tensor(xs).softplus().scalars : Tensor(xs).sigmoid().scalars
        func exact(_ x: Double) -> Double {
            name == "softplus" ? max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) : 1 / (1 + Foundation.exp(-x))
        }
        var worst = 0.0
        for (x, y) in zip(xs, ys) {
            let e = exact(Double(x))
            worst = max(worst, abs(Double(y) - e) / max(abs(e), 1))
        }
        #expect(worst < 4 * Double(Float.ulpOfOne), "\(name): largest error \(worst) (in units of max(|f|, 1))")
        // Relative accuracy where the value is tiny (the left tail), not only absolute.
        var tail = 0.0
        for (x, y) in zip(xs, ys) where x < -5 && x > -80 {
            let e = exact(Double(x))
            tail = max(tail, abs(Double(y) - e) / e)
        }
        #expect(tail < 1e-5, "\(name): largest relative error in the left tail \(tail)")
        let ends = name == "softplus" ? Tensor([.infinity, -.infinity, -200]).softplus().scalars
                                      : Tensor([.infinity, -.infinity, -200]).sigmoid().scalars
        #expect(ends == (name == "softplus" ? [.infinity, 0, 0] : [1, 0, 0]))
        #expect((name == "softplus" ? Tensor([Float.nan]).softplus() : Tensor([Float.nan]).sigmoid()).scalars[0].isNaN)
    }

    /// Negative control for the test above: libm's Float32 exp without the log1p form loses the
    /// left tail of softplus (log(1 + e^x) rounds 1 + e^x), which the bound catches.
    @Test func aNaiveSoftplusFailsTheTailBound() {
        let x: Float = -20
        let naive = Double(Foundation.log(1 + Foundation.exp(x)))
        let exact = Foundation.log1p(Foundation.exp(Double(x)))
        #expect(abs(naive - exact) / exact > 1e-5)
    }
}
