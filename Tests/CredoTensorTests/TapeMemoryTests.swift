import Foundation
import Testing
@testable import CredoTensor

/// The tape holds no reference cycles: once the tensors of a computation are gone, so are its
/// nodes, including those recorded by a differentiated backward pass.
@Suite struct TapeMemoryTests {
    @Test func nodesAreFreedWithTheirTensors() {
        weak var forwardNode: TapeNode?
        weak var backwardNode: TapeNode?
        do {
            let w = Tensor(rows: [[0.5, -1], [2, 0.25]]).requiringGradient()
            let x = Tensor(rows: [[1, 2]])
            let loss = x.matmul(w).tanh().exp().sum()
            let g = gradient(of: loss, wrt: w, createGraph: true)   // a recorded backward pass
            let second = gradient(of: g.squared().sum(), wrt: w)
            #expect(second.scalars.allSatisfy { $0.isFinite })
            forwardNode = loss.node
            backwardNode = g.node
            #expect(forwardNode != nil && backwardNode != nil)
        }
        #expect(forwardNode == nil)
        #expect(backwardNode == nil)
    }

    @Test func longChainsDoNotOverflowTheStack() {
        // 20,000 sequential ops: the backward walk is iterative.
        let x = Tensor(1).requiringGradient()
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        #expect(abs(gradient(of: y, wrt: x).scalar - Float(pow(1.0001, 20_000.0))) < 1e-2)
    }
}
