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

    /// Sums with kernels for the common layouts: after merging neighbouring axes that are alike,
    /// [R] (everything), [K, R] (rows), [R, K] (columns) and [K, R, K'] run as plain loops.
    private func sumKeepingDimensions(_ axes: [Int]) -> (shape: [Int], scalars: [Float]) {
        var groups: [(reduced: Bool, extent: Int)] = []
        for (d, extent) in shape.enumerated() where extent != 1 {
            let reduced = axes.contains(d)
            if let last = groups.last, last.reduced == reduced { groups[groups.count - 1].extent *= extent }
            else { groups.append((reduced, extent)) }
        }
        let pattern = groups.map(\.reduced)
        let (outer, r, inner): (Int, Int, Int)
        switch pattern {
        case [], [true]: (outer, r, inner) = (1, count, 1)
        case [false, true]: (outer, r, inner) = (groups[0].extent, groups[1].extent, 1)
        case [true, false]: (outer, r, inner) = (1, groups[0].extent, groups[1].extent)
        case [false, true, false]: (outer, r, inner) = (groups[0].extent, groups[1].extent, groups[2].extent)
        case [false]: return (reducedShape(axes), scalars)
        default: return reduceKeepingDimensions(axes, initial: 0, +)
        }
        let out = [Float](unsafeUninitializedCapacity: outer * inner) { o, written in
            scalars.withUnsafeBufferPointer { x in
                guard let base = x.baseAddress else { for i in 0..<(outer * inner) { o[i] = 0 }; return }
                for k in 0..<outer {
                    if inner == 1 {
                        o[k] = sumContiguous(base + k * r, r)
                    } else {
                        sumRows(base + k * r * inner, rows: r, columns: inner, into: o.baseAddress! + k * inner)
                    }
                }
            }
            written = outer * inner
        }
        return (reducedShape(axes), out)
    }

    /// Σ over `axes` (all axes when nil).
    public func sum(axes: [Int]? = nil, keepingDimensions: Bool = false) -> Tensor {
        let axes = reductionAxes(axes)
        let (kept, s) = sumKeepingDimensions(axes)
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

/// out[j] = Σ_i p[i·columns + j], each column summed from 0 in row order (eight columns at a
/// time in one SIMD register; the same additions, in the same order, as one column at a time).
@inline(__always)
internal func sumRows(_ p: UnsafePointer<Float>, rows: Int, columns: Int, into out: UnsafeMutablePointer<Float>) {
    let raw = UnsafeRawPointer(p), stride = MemoryLayout<Float>.stride
    var j = 0
    while j + 8 <= columns {
        var acc = SIMD8<Float>()
        for i in 0..<rows { acc += raw.loadUnaligned(fromByteOffset: (i * columns + j) * stride, as: SIMD8<Float>.self) }
        UnsafeMutableRawPointer(out + j).storeBytes(of: acc, as: SIMD8<Float>.self)
        j += 8
    }
    while j < columns {
        var s: Float = 0
        for i in 0..<rows { s += p[i * columns + j] }
        out[j] = s
        j += 1
    }
}

/// Σ p[0..<n] with eight independent lanes (pairwise-like accuracy, vectorised).
@inline(__always)
internal func sumContiguous(_ p: UnsafePointer<Float>, _ n: Int) -> Float {
    var lanes = SIMD8<Float>()
    var i = 0
    let raw = UnsafeRawPointer(p)
    while i + 8 <= n {
        lanes += raw.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.stride, as: SIMD8<Float>.self)
        i += 8
    }
    var s = lanes.sum()
    while i < n { s += p[i]; i += 1 }
    return s
}
