extension Tensor {
    /// Exclusive prefix sums along the first axis that restart where marked: for a tensor
    /// [T] + rest and each position j of `rest`, out[t, j] = Σ x[s, j] over the rows s < t of
    /// (t, j)'s segment, a segment running from a row with `restarts[t, j]` true (and row 0) to
    /// the row before the next such row. `restarts` has one flag per element, row-major. With
    /// `reverse`, the exclusive suffix sums within the same segments: Σ x[u, j] over u > t.
    /// Each is the other's adjoint (the derivative rule) and both are linear, so they can be
    /// differentiated to any order. One pass, O(T · rest).
    ///
    /// This is the sum of the gradient functions of a node's ancestors in a chain of stochastic
    /// nodes stored time-major (`TrajectoryGraph`: segments are one copy's episodes).
    public func segmentedPrefixSum(restarts: [Bool], reverse: Bool = false) -> Tensor {
        precondition(rank >= 1 && restarts.count == count,
                     "segmentedPrefixSum needs one restart flag per element: \(restarts.count) for shape \(shape)")
        let t = shape[0], inner = t == 0 ? 0 : count / t
        let out = [Float](unsafeUninitializedCapacity: count) { o, n in
            scalars.withUnsafeBufferPointer { x in
                var running = [Float](repeating: 0, count: inner)
                for step in 0..<t {
                    let row = reverse ? t - 1 - step : step
                    for j in 0..<inner {
                        let i = row * inner + j
                        // Forward: a segment's first row sees nothing before it. Reverse: the row
                        // before a segment's start is the last of its own and sees nothing after.
                        let resets = reverse ? (row + 1 == t || restarts[i + inner]) : (row == 0 || restarts[i])
                        if resets { running[j] = 0 }
                        o[i] = running[j]
                        running[j] += x[i]
                    }
                }
            }
            n = count
        }
        return Tensor.record(.segmentedPrefixSum(restarts: restarts, reverse: reverse), [self], shape: shape, scalars: out)
    }
}
