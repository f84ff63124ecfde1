import CredoTestSupport
import Testing
@testable import CredoTensor

/// Forward values of the tensor operations against hand-computed results.
@Suite struct TensorValueTests {
    let m = Tensor(rows: [[1, 2, 3], [4, 5, 6]])

    @Test func broadcastingFollowsNumPy() {
        #expect(broadcastShape([2, 1, 3], [4, 1]) == [2, 4, 3])
        #expect((m + Tensor([10, 20, 30])).scalars == [11, 22, 33, 14, 25, 36])
        #expect((m * Tensor(shape: [2, 1], scalars: [1, -1])).scalars == [1, 2, 3, -4, -5, -6])
        let outer = Tensor(shape: [2, 1], scalars: [1, 2]) - Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect(outer.shape == [2, 3] && outer.scalars == [0, -1, -2, 1, 0, -1])
        #expect((2 / Tensor([1, 4])).scalars == [2, 0.5])
        #expect(Tensor([1, 2]).sum(toShape: [1]).scalars == [3])
    }

    @Test func valueSemanticsCopyOnWrite() {
        var a = Tensor([1, 2, 3])
        let b = a
        a.scalars[0] = 9
        #expect(b.scalars == [1, 2, 3] && a.scalars == [9, 2, 3])
    }

    @Test func reductions() {
        #expect(m.sum().scalar == 21)
        #expect(m.sum(axis: 0).scalars == [5, 7, 9])
        #expect(m.sum(axis: 1, keepingDimensions: true).shape == [2, 1])
        #expect(m.mean(axis: 1).scalars == [2, 5])
        #expect(m.max(axis: 0).scalars == [4, 5, 6])
        #expect(m.max().scalar == 6)
        #expect(Tensor(rows: [[1, 5, 2], [7, 0, 7]]).argmax() == [1, 0])
        let t = Tensor(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(t.sum(axes: [0, 2]).scalars == [14, 22])
        #expect(t.sum(axes: [-1]).scalars == [3, 7, 11, 15])
    }

    @Test func movement() {
        #expect(m.transposed().scalars == [1, 4, 2, 5, 3, 6])
        #expect(m.reshaped([3, -1]).shape == [3, 2])
        #expect(m.sliced(axis: 1, 1..<3).scalars == [2, 3, 5, 6])
        #expect(m.padded(before: [0, 1], toShape: [2, 4]).scalars == [0, 1, 2, 3, 0, 4, 5, 6])
        #expect(Tensor.concat([m, m.sliced(axis: 1, 0..<1)], axis: 1).scalars == [1, 2, 3, 1, 4, 5, 6, 4])
        #expect(m.indexSelect(axis: 1, [2, 0]).scalars == [3, 1, 6, 4])
        #expect(Tensor([1, 2, 3]).indexAdd(axis: 0, [1, 1, 0], size: 3).scalars == [3, 3, 0])
        #expect(m.gathered(alongLastAxis: [2, 0]).scalars == [3, 4])
        #expect(Tensor([1, 2]).reshaped([2, 1]).expanded(to: [2, 3]).scalars == [1, 1, 1, 2, 2, 2])
        let t = Tensor(shape: [2, 3, 4], scalars: (0..<24).map(Float.init))
        #expect(t.permuted([2, 0, 1]).shape == [4, 2, 3])
        #expect(t.permuted([2, 0, 1]).scalars[1] == 4)
        #expect(Tensor.stack([Tensor([1, 2]), Tensor([3, 4])]).shape == [2, 2])
        #expect(Tensor.oneHot([1, 0], classes: 3).scalars == [0, 1, 0, 1, 0, 0])
    }

    @Test func selection() {
        let x = Tensor([-2, 0.5, 3])
        #expect(Tensor.where(x .> 0, x, Tensor(0)).scalars == [0, 0.5, 3])
        #expect(x.clipped(to: -1...1).scalars == [-1, 0.5, 1])
        #expect(x.relu().scalars == [0, 0.5, 3])
        #expect(abs(x.elu().scalars[0] - (Float(-0.8646647))) < 1e-6)
    }

    @Test func matmulMatchesNaiveProductInEveryTransposition() {
        var g = GradientCheck()
        let a = g.randomTensor([5, 7]), b = g.randomTensor([7, 3])
        let expected = naive(a, b)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let c = Tensor.matmul(ta ? a.transposed() : a, tb ? b.transposed() : b, transposeA: ta, transposeB: tb)
            #expect(c.shape == [5, 3])
            for (x, y) in zip(c.scalars, expected) { #expect(abs(x - y) < 1e-5) }
        }
        #expect(Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3])).scalars == [0, 0, 0, 0, 0, 0])
    }

    private func naive(_ a: Tensor, _ b: Tensor) -> [Float] {
        let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
        return (0..<(m * n)).map { idx in
            (0..<k).reduce(Float(0)) { $0 + a.scalars[(idx / n) * k + $1] * b.scalars[$1 * n + idx % n] }
        }
    }

    @Test func softmaxFamilyIsFiniteAtExtremeLogits() {
        let x = Tensor(rows: [[1e4, -1e4, 0], [-1e4, -1e4, -1e4]])
        let lse = x.logSumExp()
        #expect(lse.scalars[0] == 1e4)
        #expect(abs(lse.scalars[1] - (-1e4 + 1.0986123)) < 1e-2)
        let ls = x.logSoftmax(), p = x.softmax()
        #expect(ls.scalars.allSatisfy { $0.isFinite } && p.scalars.allSatisfy { $0.isFinite })
        #expect(ls.scalars[0] == 0 && p.scalars[0] == 1 && p.scalars[1] == 0)
        #expect(abs(p.scalars[3] - 1 / 3) < 1e-6)
        // Gradients stay finite too.
        let l = x.requiringGradient()
        let g = gradient(of: l.logSoftmax().gathered(alongLastAxis: [1, 2]).sum(), wrt: l)
        #expect(g.scalars.allSatisfy { $0.isFinite })
        #expect(abs(Tensor([1, 2, 3]).logSumExp().scalar - 3.4076059) < 1e-6)
    }
}
