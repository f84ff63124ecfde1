/// Reverse-mode differentiation over the tape: the gradients of `y` with respect to each of `xs`.
///
/// - Parameters:
///   - y: the tensor to differentiate; usually a scalar loss.
///   - xs: tensors on the tape (leaves from `requiringGradient()` or intermediate results).
///   - seed: ∂L/∂y for a vector-Jacobian product; ones when nil.
///   - createGraph: when true the backward pass is itself recorded, so the returned gradients
///     can be differentiated again, to any order. When false they are constants.
/// - Returns: one gradient per element of `xs`, shaped like it; zeros where `y` does not depend
///   on it through the tape.
public func gradients(of y: Tensor, wrt xs: [Tensor], seed: Tensor? = nil, createGraph: Bool = false) -> [Tensor] {
    guard let root = y.node else { return xs.map { Tensor.zeros($0.shape) } }
    var targets = NodeTable(capacity: xs.count)
    for x in xs { if let node = x.node { targets.insert(node, value: 0) } }
    if targets.count == 0 { return xs.map { Tensor.zeros($0.shape) } }

    // Post-order walk (iterative: tapes can be deep); a node is relevant when it is a target or
    // feeds into one, and only relevant nodes receive gradients. `visits` numbers the nodes in
    // the order they are first reached; `position[v]` is visited node v's place in `order`
    // (the relevant nodes in post-order), or −1.
    var visits = NodeTable(capacity: 32)
    var position: [Int] = []
    var order: [TapeNode] = []
    visits.insert(root, value: 0)
    position.append(-1)
    var stack: [(node: TapeNode, visit: Int, next: Int)] = [(root, 0, 0)]
    /// The place in `order` of a node already walked, or nil when it is not relevant.
    func relevantPosition(_ node: TapeNode) -> Int? {
        guard let v = visits.value(node) else { return nil }
        let p = position[v]
        return p >= 0 ? p : nil
    }
    while let top = stack.last {
        if top.next < top.node.inputs.count {
            stack[stack.count - 1].next += 1
            if let child = top.node.inputs[top.next].node, visits.insert(child, value: position.count) {
                stack.append((child, position.count, 0))
                position.append(-1)
            }
            continue
        }
        stack.removeLast()
        if targets.value(top.node) != nil
            || top.node.inputs.contains(where: { $0.node.map { relevantPosition($0) != nil } ?? false }) {
            position[top.visit] = order.count
            order.append(top.node)
        }
    }
    // The root is walked last, so it is the last relevant node if it is relevant at all.
    guard let last = order.last, last === root else { return xs.map { Tensor.zeros($0.shape) } }

    let seedGradient = seed ?? Tensor.ones(y.shape)
    precondition(seedGradient.shape == y.shape, "seed shape \(seedGradient.shape) differs from \(y.shape)")
    var grads = [Tensor?](repeating: nil, count: order.count)
    grads[order.count - 1] = createGraph ? seedGradient : seedGradient.detached
    for p in stride(from: order.count - 1, through: 0, by: -1) {
        let node = order[p]
        guard let g = grads[p], !node.inputs.isEmpty else { continue }
        // Without createGraph the rule sees constants, so nothing it computes is recorded.
        let inputs = createGraph ? node.inputs : node.inputs.map(\.detached)
        let out = Tensor(shape: g.shape, scalars: node.output ?? [], node: createGraph ? node : nil, unchecked: ())
        let childPositions = node.inputs.map { $0.node.flatMap(relevantPosition) }
        let local = node.op.derivatives(inputs, out: out, g: g, needs: childPositions.map { $0 != nil })
        for i in 0..<min(local.count, childPositions.count) {
            guard let d = local[i], let c = childPositions[i] else { continue }
            let contribution = d.sum(toShape: node.inputs[i].shape)
            grads[c] = grads[c].map { $0 + contribution } ?? contribution
        }
        if targets.value(node) == nil { grads[p] = nil }  // free intermediate gradients early
    }
    return xs.map { x in x.node.flatMap(relevantPosition).flatMap { grads[$0] } ?? Tensor.zeros(x.shape) }
}

/// The gradient of a scalar `y` with respect to one tensor.
public func gradient(of y: Tensor, wrt x: Tensor, createGraph: Bool = false) -> Tensor {
    gradients(of: y, wrt: [x], createGraph: createGraph)[0]
}

extension Tensor {
    /// A view of a node's output for derivative rules; its scalars are empty for primitives
    /// whose rules do not read the output.
    internal init(shape: [Int], scalars: [Float], node: TapeNode?, unchecked: Void) {
        self.shape = shape
        self.scalars = scalars
        self.node = node
    }
}
