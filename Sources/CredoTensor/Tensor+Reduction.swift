// Sum, mean and max over axes.
extension Tensor {
    /// Normalises reduction axes: nil means all axes.
    private func reductionAxes(_ axes: [Int]?) -> [Int] {
        guard let axes else { return Array(0..<rank) }
        return Set(axes.map { normalizedAxis($0, rank: rank) }).sorted()
    }

    private func reducedShape(_ axes: [Int]) -> [Int] {
        shape.enumerated().map { axes.contains($0.offset) ? 1 : $0.element }
    }

    /// Reduces with `combine`, starting each output from `initial`; the output keeps the axes.
    private func reduceKeepingDimensions(_ axes: [Int], initial: Float,
                                         _ combine: (Float, Float) -> Float) -> (shape: [Int], scalars: [Float]) {
        let outShape = reducedShape(axes)
        var out = [Float](repeating: initial, count: outShape.reduce(1, *))
        guard count > 0 else { return (outShape, out) }
        let outStrides = contiguousStrides(outShape).enumerated().map { axes.contains($0.offset) ? 0 : $0.element }
        let innerReduced = rank > 0 && axes.contains(rank - 1)
        let inner = shape.last ?? 1
        out.withUnsafeMutableBufferPointer { o in
            scalars.withUnsafeBufferPointer { x in
                if axes.count == rank {
                    var acc = initial
                    for v in x { acc = combine(acc, v) }
                    o[0] = acc
                    return
                }
                // Walk the input row by row; each row maps to a run (or a single cell) of the output.
                forEachRow(shape: shape, strides: [outStrides]) { start, off in
                    let base = off[0]
                    if innerReduced {
                        var acc = o[base]
                        for j in 0..<inner { acc = combine(acc, x[start + j]) }
                        o[base] = acc
                    } else {
                        for j in 0..<inner { o[base + j] = combine(o[base + j], x[start + j]) }
                    }
                }
            }
        }
        return (outShape, out)
    }

    /// Σ over `axes` (all axes when nil).
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let (kept, s) = reduceKeepingDimensions(axes, initial: 0, +)
        let result = Tensor.record(.sum(axes: axes), [self], shape: kept, scalars: s)
        return keepingDimensions ? result : result.reshaped(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    public func sum(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        sum(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The arithmetic mean over `axes` (all axes when nil).
    public func mean(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let n = axes.reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepingDimensions: keepingDimensions) / Float(n)
    }

    public func mean(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        mean(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The maximum over `axes` (all axes when nil). Ties share the gradient equally.
    public func max(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let (kept, s) = reduceKeepingDimensions(axes, initial: -.infinity) { Swift.max($0, $1) }
        let result = Tensor.record(.max(axes: axes), [self], shape: kept, scalars: s, keepsOutput: true)
        return keepingDimensions ? result : result.reshaped(shape.enumerated().filter { !axes.contains($0.offset) }.map(\.element))
    }

    public func max(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        max(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The index of the largest element along the last axis of each row (a constant).
    public func argmax() -> [Int] {
        let inner = shape.last ?? 1
        return stride(from: 0, to: count, by: Swift.max(inner, 1)).map { start in
            var best = start
            for j in start..<(start + inner) where scalars[j] > scalars[best] { best = j }
            return best - start
        }
    }
}
