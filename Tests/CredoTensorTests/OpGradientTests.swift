import CredoTestSupport
import Testing
@testable import CredoTensor

/// First- and second-order gradient checks of every differentiable operation against central
/// finite differences along random directions.
@Suite struct OpGradientTests {
    /// Checks a unary op at a random input of `shape`, to orders 1 and 2 where it is smooth.
    func unary(_ f: @escaping (Tensor) -> Tensor, shape: [Int] = [3, 4], scale: Float = 1, offset: Float = 0,
               maxOrder: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) {
        var c = GradientCheck()
        let x = c.randomTensor(shape, scale: scale, offset: offset)
        let outShape = f(x).shape
        let g = c.scalarized({ f($0[0]) }, outputShape: outShape)
        c.check(g, at: [x], maxOrder: maxOrder, sourceLocation: sourceLocation)
    }

    func binary(_ f: @escaping (Tensor, Tensor) -> Tensor, _ sa: [Int], _ sb: [Int], offsetB: Float = 0,
                maxOrder: Int = 2, sourceLocation: SourceLocation = #_sourceLocation) {
        var c = GradientCheck()
        let a = c.randomTensor(sa), b = c.randomTensor(sb, scale: offsetB == 0 ? 1 : 0.3, offset: offsetB)
        let g = c.scalarized({ f($0[0], $0[1]) }, outputShape: f(a, b).shape)
        c.check(g, at: [a, b], maxOrder: maxOrder, sourceLocation: sourceLocation)
    }

    /// Segmented exclusive prefix and suffix sums: values by hand, gradients to second order.
    @Test func segmentedPrefixSums() {
        let x = Tensor(shape: [4, 2], scalars: [1, 10, 2, 20, 3, 30, 4, 40])
        // Column 0 restarts at row 2, column 1 never after row 0.
        let restarts = [true, true, false, false, true, false, false, false]
        #expect(x.segmentedPrefixSum(restarts: restarts).scalars == [0, 0, 1, 10, 0, 30, 3, 60])
        #expect(x.segmentedPrefixSum(restarts: restarts, reverse: true).scalars == [2, 90, 0, 70, 4, 40, 0, 0])
        unary({ $0.segmentedPrefixSum(restarts: restarts).squared() }, shape: [4, 2])
        unary({ $0.segmentedPrefixSum(restarts: restarts, reverse: true).exp() }, shape: [4, 2])
    }

    @Test func elementwiseUnary() {
        unary { -$0 }
        unary { $0.exp() }
        unary({ $0.log() }, scale: 0.2, offset: 2)
        unary { $0.tanh() }
        unary { $0.sigmoid() }
        unary { $0.softplus() }
        unary({ $0.sqrt() }, scale: 0.2, offset: 2)
        unary({ $0.pow(3) })
        unary({ $0.pow(2) })
        unary({ $0.pow(-1.5) }, scale: 0.2, offset: 2)
        unary({ $0.elu() }, scale: 1, offset: 0)
        unary { $0.sin() }
        unary { $0.cos() }
    }

    @Test func piecewiseLinearAwayFromKinks() {
        // Inputs at least 0.05 away from 0, so ±eps never crosses the kink.
        let x = Tensor([-1.3, -0.4, 0.2, 0.9, 1.7, -0.08])
        for f in [{ (t: Tensor) in t.relu() }, { $0.abs() }, { $0.clipped(to: -0.5...0.5) }] {
            var c = GradientCheck()
            c.check(c.scalarized({ f($0[0]) }, outputShape: [6]), at: [x], maxOrder: 2)
        }
    }

    @Test func elementwiseBinaryWithBroadcasting() {
        for (sa, sb) in [([3, 4], [3, 4]), ([3, 4], [4]), ([3, 1], [1, 4]), ([2, 3, 4], [3, 1]), ([3, 4], [])] {
            binary(+, sa, sb)
            binary(-, sa, sb)
            binary(*, sa, sb)
            binary(/, sa, sb, offsetB: 2)
        }
    }

    @Test func selectionAwayFromTies() {
        // Operands at least 0.1 apart, so ±eps never swaps the branch taken.
        let a = Tensor(rows: [[0.5, -1.0, 2.0], [1.5, 0.3, -0.7]]), b = Tensor([0.2, -0.4, 1.0])
        let fs: [([Tensor]) -> Tensor] = [
            { Tensor.maximum($0[0], $0[1]) }, { Tensor.minimum($0[0], $0[1]) },
            { Tensor.where($0[0] .> $0[1], $0[0] * $0[1], $0[1].exp()) },
        ]
        for f in fs {
            var c = GradientCheck()
            c.check(c.scalarized(f, outputShape: [2, 3]), at: [a, b], maxOrder: 2)
        }
    }

    @Test func reductions() {
        unary { $0.sum() }
        unary { $0.sum(axis: 0) }
        unary({ $0.sum(axes: [0, 2], keepingDimensions: true) }, shape: [2, 3, 4])
        unary { $0.mean(axis: 1) }
        unary { $0.mean() }
        unary({ $0.max(axis: 1) }, maxOrder: 1)
        unary({ $0.max(axes: [0, 2]) }, shape: [2, 3, 4], maxOrder: 1)
        unary({ $0.max() }, maxOrder: 1)
    }

    @Test func movement() {
        unary { $0.reshaped([4, 3]) }
        unary { $0.reshaped([-1]) }
        unary({ $0.permuted([2, 0, 1]) }, shape: [2, 3, 4])
        unary { $0.transposed() }
        unary { $0.reshaped([3, 1, 4]).expanded(to: [3, 5, 4]) }
        unary { $0.sliced([1..<3, 0..<2]) }
        unary({ $0.sliced(axis: 2, 1..<3) }, shape: [2, 3, 4])
        unary { $0.padded(before: [1, 2], toShape: [5, 7]) }
        unary { Tensor.concat([$0, $0.exp(), $0.sliced(axis: 1, 0..<1)], axis: 1) }
        unary { Tensor.concat([$0, $0 * 2], axis: 0) }
        unary { Tensor.stack([$0, $0.tanh()]) }
        unary { $0.indexSelect(axis: 1, [3, 0, 0, 2]) }
        unary { $0.indexSelect(axis: 0, [2, 2]) }
        unary { $0.indexAdd(axis: 0, [1, 0, 1], size: 4) }
        unary { $0.gathered(alongLastAxis: [0, 3, 1]) }
        unary({ Tensor.where(Tensor([1, 0, 1, 0]), $0, $0 * $0) }, maxOrder: 2)
    }

    @Test func affineToSecondOrder() {
        var c = GradientCheck()
        let x = c.randomTensor([3, 4]), w = c.randomTensor([4, 5]), b = c.randomTensor([5])
        let g = c.scalarized({ Tensor.affine($0[0], $0[1], $0[2]) }, outputShape: [3, 5])
        c.check(g, at: [x, w, b], maxOrder: 2)
    }

    @Test func affineEqualsMatmulPlusBias() {
        var c = GradientCheck()
        let x = c.randomTensor([7, 6]), w = c.randomTensor([6, 3]), b = c.randomTensor([3])
        #expect(Tensor.affine(x, w, b).scalars == (Tensor.matmul(x, w) + b).scalars)
        #expect(Tensor.affine(Tensor.zeros([2, 0]), Tensor.zeros([0, 3]), b).scalars == b.scalars + b.scalars)
    }

    @Test func matmulInEveryTransposition() {
        binary({ Tensor.matmul($0, $1) }, [3, 4], [4, 5])
        binary({ Tensor.matmul($0, $1, transposeA: true) }, [4, 3], [4, 5])
        binary({ Tensor.matmul($0, $1, transposeB: true) }, [3, 4], [5, 4])
        binary({ Tensor.matmul($0, $1, transposeA: true, transposeB: true) }, [4, 3], [5, 4])
        binary({ $0.matmul($1) }, [2, 3, 4], [4, 2])
    }

    @Test func fusedSoftmaxFamily() {
        unary { $0.logSumExp() }
        unary { $0.logSumExp(axis: 0, keepingDimensions: false) }
        unary { $0.logSoftmax() }
        unary { $0.softmax() }
        unary({ $0.softmax(axis: 1) }, shape: [2, 3, 4])
        unary({ $0.logSoftmax(axis: 0) }, shape: [3, 4])
    }
}
