import Foundation
import CredoTestSupport
import Testing
@testable import CredoTensor

/// Hessian-vector products on compositions, third-order derivatives, and MagicBox.
@Suite struct HigherOrderTests {
    @Test func tanhMLPLossToThirdOrder() {
        var c = GradientCheck()
        let x = c.randomTensor([5, 3]), y = c.randomTensor([5, 2])
        let w1 = c.randomTensor([3, 8], scale: 0.5), b1 = c.randomTensor([8], scale: 0.1)
        let w2 = c.randomTensor([8, 2], scale: 0.5)
        let loss: ([Tensor]) -> Tensor = { p in
            let h = (x.matmul(p[0]) + p[1]).tanh()
            return (h.matmul(p[2]) - y).squared().mean()
        }
        // eps = 3e-3: the central difference's O(eps²) error is below the tolerance at each order.
        c.check(loss, at: [w1, b1, w2], maxOrder: 3, eps: 3e-3)
    }

    @Test func crossEntropyOfLogSoftmaxToThirdOrder() {
        var c = GradientCheck()
        let logits = c.randomTensor([4, 5])
        let labels = [0, 3, 4, 1]
        c.check({ -$0[0].logSoftmax().gathered(alongLastAxis: labels).mean() }, at: [logits], maxOrder: 3)
    }

    @Test func logSumExpHessianMatchesClosedForm() {
        // ∇² lse(x) = diag(p) − p pᵀ with p = softmax(x), so H v = p ⊙ v − p (pᵀ v).
        let x = Tensor([0.3, -1.2, 2.0, 0.5]).requiringGradient()
        let v = Tensor([1.0, -0.5, 0.25, 2.0])
        let g = gradient(of: x.logSumExp().sum(), wrt: x, createGraph: true)
        let hv = gradient(of: (g * v).sum(), wrt: x)
        let p = x.detached.softmax()
        let pv = (p * v).sum().scalar
        let expected = (p * v - p * pv).scalars
        for (a, b) in zip(hv.scalars, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func thirdDerivativeOfKnownScalarFunction() {
        // f(t) = t³ e^t: f' = (t³ + 3t²) e^t, f'' = (t³ + 6t² + 6t) e^t, f''' = (t³ + 9t² + 18t + 6) e^t.
        let t = Tensor(0.7).requiringGradient()
        let f = t.pow(3) * t.exp()
        let d1 = gradient(of: f, wrt: t, createGraph: true)
        let d2 = gradient(of: d1, wrt: t, createGraph: true)
        let d3 = gradient(of: d2, wrt: t, createGraph: true)
        let s: Double = 0.7, e = Foundation.exp(s)
        #expect(abs(Double(d1.scalar) - (s * s * s + 3 * s * s) * e) < 1e-5)
        #expect(abs(Double(d2.scalar) - (s * s * s + 6 * s * s + 6 * s) * e) < 1e-5)
        #expect(abs(Double(d3.scalar) - (s * s * s + 9 * s * s + 18 * s + 6) * e) < 1e-4)
    }

    @Test func magicBoxIsOneAndItsDerivativesFollowTheSequence() {
        // dⁿ/dtⁿ ⊡(t²/2) at t = 1 is 1, 1, 2, 4, 10, 26 (the telephone numbers).
        let t = Tensor(1).requiringGradient()
        var d = magicBox(t * t / 2)
        #expect(d.scalar == 1)
        var values: [Float] = [d.scalar]
        for _ in 1...5 {
            d = gradient(of: d, wrt: t, createGraph: true)
            values.append(d.scalar)
        }
        #expect(values == [1, 1, 2, 4, 10, 26])
    }

    @Test func stopGradientBlocksEveryOrder() {
        let x = Tensor(1.5).requiringGradient()
        let y = x * stopGradient(x * x)
        let d1 = gradient(of: y, wrt: x, createGraph: true)
        #expect(d1.scalar == 2.25)
        #expect(gradient(of: d1, wrt: x).scalar == 0)
    }

    @Test func gradientWithRespectToUnrelatedTensorIsZero() {
        let x = Tensor([1, 2]).requiringGradient(), z = Tensor([3, 4]).requiringGradient()
        let g = gradients(of: (x * x).sum(), wrt: [x, z])
        #expect(g[0].scalars == [2, 4])
        #expect(g[1].scalars == [0, 0])
    }
}
