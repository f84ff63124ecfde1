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
    let zeros = xs.map { Tensor.zeros($0.shape) }
    guard let root = y.node else { return zeros }
    let targets = Set(xs.compactMap { $0.node.map(ObjectIdentifier.init) })
    if targets.isEmpty { return zeros }

    // Post-order walk (iterative: tapes can be deep); a node is relevant when it is a target or
    // feeds into one, and only relevant nodes receive gradients.
    var order: [TapeNode] = []
    var relevant = Set<ObjectIdentifier>()
    var visited = Set<ObjectIdentifier>([ObjectIdentifier(root)])
    var stack: [(node: TapeNode, next: Int)] = [(root, 0)]
    while let top = stack.last {
        if top.next < top.node.inputs.count {
            stack[stack.count - 1].next += 1
            if let child = top.node.inputs[top.next].node, visited.insert(ObjectIdentifier(child)).inserted {
                stack.append((child, 0))
            }
            continue
        }
        stack.removeLast()
        let id = ObjectIdentifier(top.node)
        if targets.contains(id) || top.node.inputs.contains(where: { $0.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }) {
            relevant.insert(id)
            order.append(top.node)
        }
    }

    let seedGradient = seed ?? Tensor.ones(y.shape)
    precondition(seedGradient.shape == y.shape, "seed shape \(seedGradient.shape) differs from \(y.shape)")
    var grads: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): createGraph ? seedGradient : seedGradient.detached]
    for node in order.reversed() {
        let id = ObjectIdentifier(node)
        guard let g = grads[id], !node.inputs.isEmpty else { continue }
        // Without createGraph the rule sees constants, so nothing it computes is recorded.
        let inputs = createGraph ? node.inputs : node.inputs.map(\.detached)
        let out = Tensor(shape: g.shape, scalars: node.output ?? [], node: createGraph ? node : nil, unchecked: ())
        let needs = node.inputs.map { $0.node.map { relevant.contains(ObjectIdentifier($0)) } ?? false }
        let local = node.op.derivatives(inputs, out: out, g: g, needs: needs)
        for (input, d) in zip(node.inputs, local) {
            guard let d, let child = input.node, relevant.contains(ObjectIdentifier(child)) else { continue }
            let contribution = d.sum(toShape: input.shape)
            let key = ObjectIdentifier(child)
            grads[key] = grads[key].map { $0 + contribution } ?? contribution
        }
        if !targets.contains(id) { grads[id] = nil }  // free intermediate gradients early
    }
    return xs.enumerated().map { i, x in x.node.flatMap { grads[ObjectIdentifier($0)] } ?? zeros[i] }
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
