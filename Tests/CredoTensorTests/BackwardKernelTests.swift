import CredoTestSupport
import Testing
@testable import CredoTensor

/// The C and SIMD loops of the hot backward pass give the bits of the scalar arithmetic they
/// replace: tanh's rule g·(1 − y²) rounded step by step, and column sums (the bias gradient)
/// added from 0 in row order.
@Suite struct BackwardKernelTests {
    @Test func tanhBackwardRoundsEachOperation() {
        var c = GradientCheck(seed: 11)
        let g = c.randomTensor([37, 19]), y = c.randomTensor([37, 19], scale: 0.6)
        let fused = Tensor.tanhBackward(g, y).scalars
        let stepwise = zip(g.scalars, y.scalars).map { g, y in g * (1 - y * y) }
        #expect(fused == stepwise)
        // Negative control: a fused multiply-add for 1 − y² changes some of the bits.
        let contracted = zip(g.scalars, y.scalars).map { g, y in g * Float(1).addingProduct(-y, y) }
        #expect(fused != contracted)
    }

    @Test func columnSumsAddRowsInOrder() {
        var c = GradientCheck(seed: 12)
        for (rows, columns) in [(64, 64), (5, 19), (300, 8), (3, 1)] {
            let x = c.randomTensor([rows, columns])
            let summed = x.sum(axis: 0).scalars
            var inOrder = [Float](repeating: 0, count: columns)
            for i in 0..<rows { for j in 0..<columns { inOrder[j] += x.scalars[i * columns + j] } }
            #expect(summed == inOrder, "\(rows) × \(columns)")
            if rows == 300 {
                // Negative control: the rows summed in reverse give other bits somewhere.
                var reversed = [Float](repeating: 0, count: columns)
                for i in (0..<rows).reversed() { for j in 0..<columns { reversed[j] += x.scalars[i * columns + j] } }
                #expect(summed != reversed)
            }
        }
    }
}
