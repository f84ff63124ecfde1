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
}
