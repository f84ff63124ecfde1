// Reshape, permute, expand, slice, pad and concat: operations that move scalars, not change them.
extension Tensor {
    /// The same scalars under a new shape; one extent may be −1 (inferred).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var target = newShape
        if let i = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != i }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            target[i] = count / known
        }
        precondition(target.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        if target == shape { return self }
        return Tensor.record(.reshape, [self], shape: target, scalars: scalars)
    }

    /// Axes reordered: output axis i is input axis `permutation[i]`.
    public func permuted(_ permutation: [Int]) -> Tensor {
        precondition(permutation.sorted() == Array(0..<rank), "\(permutation) is not a permutation of \(rank) axes")
        if permutation == Array(0..<rank) { return self }
        let outShape = permutation.map { shape[$0] }
        let inStrides = contiguousStrides(shape)
        let s = gatherStrided(shape: outShape, strides: permutation.map { inStrides[$0] })
        return Tensor.record(.permute(permutation), [self], shape: outShape, scalars: s)
    }

    /// The matrix transpose of a rank-2 tensor (the last two axes of a higher-rank one).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed() needs rank >= 2, got shape \(shape)")
        var p = Array(0..<rank)
        p.swapAt(rank - 1, rank - 2)
        return permuted(p)
    }

    /// Broadcasts to `target` (NumPy rules), materialising the copies.
    public func expanded(to target: [Int]) -> Tensor {
        if target == shape { return self }
        precondition(broadcastShape(shape, target) == target, "cannot expand \(shape) to \(target)")
        let s = gatherStrided(shape: target, strides: broadcastStrides(shape, to: target))
        return Tensor.record(.expand, [self], shape: target, scalars: s)
    }

    /// The scalars of a strided view of `self`: element i of the row-major `shape` is read at
    /// Σ_d index_d · strides[d] (a permutation, or a broadcast with zero strides).
    private func gatherStrided(shape outShape: [Int], strides: [Int]) -> [Float] {
        let total = outShape.reduce(1, *), inner = outShape.last ?? 1, innerStride = strides.last ?? 0
        return [Float](unsafeUninitializedCapacity: total) { out, n in
            scalars.withUnsafeBufferPointer { x in
                forEachRow(shape: outShape, strides: [strides]) { start, off in
                    var p = off[0]
                    for j in 0..<inner { out[start + j] = x[p]; p += innerStride }
                }
            }
            n = total
        }
    }

    /// Copies the block `ranges` (one per leading axis; missing trailing axes are taken whole)
    /// between two row-major layouts, in either direction.
    private static func copyBlock(from src: UnsafeBufferPointer<Float>, shape srcShape: [Int], starts srcStarts: [Int],
                                  to dst: UnsafeMutableBufferPointer<Float>, shape dstShape: [Int], starts dstStarts: [Int],
                                  extent: [Int]) {
        let ss = contiguousStrides(srcShape), ds = contiguousStrides(dstShape)
        let srcBase = zip(srcStarts, ss).reduce(0) { $0 + $1.0 * $1.1 }
        let dstBase = zip(dstStarts, ds).reduce(0) { $0 + $1.0 * $1.1 }
        let inner = extent.last ?? 1
        forEachRow(shape: extent, strides: [ss, ds]) { _, off in
            let a = srcBase + off[0], b = dstBase + off[1]
            for j in 0..<inner { dst[b + j] = src[a + j] }
        }
    }

    /// The sub-tensor with `ranges[i]` along axis i (trailing axes whole).
    public func sliced(_ ranges: [Range<Int>]) -> Tensor {
        precondition(ranges.count <= rank, "\(ranges.count) ranges for a tensor of rank \(rank)")
        let full = (0..<rank).map { $0 < ranges.count ? ranges[$0] : 0..<shape[$0] }
        for (d, r) in full.enumerated() {
            precondition(r.lowerBound >= 0 && r.upperBound <= shape[d], "slice \(r) out of bounds for axis \(d) of \(shape)")
        }
        let outShape = full.map(\.count), starts = full.map(\.lowerBound)
        let total = outShape.reduce(1, *)
        let s = [Float](unsafeUninitializedCapacity: total) { out, n in
            scalars.withUnsafeBufferPointer { x in
                Tensor.copyBlock(from: x, shape: shape, starts: starts, to: out, shape: outShape,
                                 starts: Array(repeating: 0, count: rank), extent: outShape)
            }
            n = total
        }
        return Tensor.record(.slice(starts: starts), [self], shape: outShape, scalars: s)
    }

    /// The slice `range` along one axis.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let a = normalizedAxis(axis, rank: rank)
        return sliced((0...a).map { $0 == a ? range : 0..<shape[$0] })
    }

    /// Zero-padded into `shape`, with `before[i]` zeros ahead of the data along axis i.
    public func padded(before: [Int], toShape outShape: [Int]) -> Tensor {
        precondition(before.count == rank && outShape.count == rank, "pad needs one offset and extent per axis")
        var out = [Float](repeating: 0, count: outShape.reduce(1, *))
        out.withUnsafeMutableBufferPointer { o in
            scalars.withUnsafeBufferPointer { x in
                Tensor.copyBlock(from: x, shape: shape, starts: Array(repeating: 0, count: rank), to: o,
                                 shape: outShape, starts: before, extent: shape)
            }
        }
        return Tensor.record(.pad(before: before), [self], shape: outShape, scalars: out)
    }

    /// Joins tensors along `axis`; all other extents must agree.
    public static func concat(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concat of no tensors")
        let first = parts[0], a = normalizedAxis(axis, rank: first.rank)
        for p in parts {
            precondition(p.rank == first.rank && (0..<p.rank).allSatisfy { $0 == a || p.shape[$0] == first.shape[$0] },
                         "concat along axis \(a): shape \(p.shape) does not match \(first.shape)")
        }
        let sizes = parts.map { $0.shape[a] }
        var outShape = first.shape
        outShape[a] = sizes.reduce(0, +)
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(outShape.reduce(1, *))
        for o in 0..<outer {
            for (p, size) in zip(parts, sizes) {
                let block = size * inner
                out.append(contentsOf: p.scalars[(o * block)..<((o + 1) * block)])
            }
        }
        return record(.concat(axis: a, sizes: sizes), parts, shape: outShape, scalars: out)
    }

    /// Stacks equally shaped tensors along a new leading axis.
    public static func stack(_ parts: [Tensor]) -> Tensor {
        concat(parts.map { $0.reshaped([1] + $0.shape) }, axis: 0)
    }
}
