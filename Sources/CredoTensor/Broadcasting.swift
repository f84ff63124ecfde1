/// NumPy broadcasting: shapes are aligned at their last axis; an extent of 1 stretches.
public func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int] {
    let rank = max(a.count, b.count)
    var out = Array(repeating: 1, count: rank)
    for i in 0..<rank {
        let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
        out[i] = x == 1 ? y : x
    }
    return out
}

/// Strides that read a tensor of `shape` as if it had the (broadcast) shape `target`:
/// stretched axes get stride 0.
internal func broadcastStrides(_ shape: [Int], to target: [Int]) -> [Int] {
    let own = contiguousStrides(shape)
    let offset = target.count - shape.count
    return (0..<target.count).map { i in
        i < offset || shape[i - offset] == 1 ? 0 : own[i - offset]
    }
}

/// Visits every element of `shape` in row-major order, calling `body(outIndex, offsets)` once per
/// run of the last axis with the start offsets into each strided operand; the innermost loop is
/// left to the caller so kernels stay tight.
@inline(__always)
internal func forEachRow(shape: [Int], strides: [[Int]],
                         _ body: (_ outStart: Int, _ offsets: [Int]) -> Void) {
    let rank = shape.count
    let total = shape.reduce(1, *)
    guard total > 0 else { return }
    guard rank > 0 else { body(0, Array(repeating: 0, count: strides.count)); return }
    let inner = shape[rank - 1]
    var index = Array(repeating: 0, count: rank)
    var offsets = Array(repeating: 0, count: strides.count)
    var outStart = 0
    while outStart < total {
        body(outStart, offsets)
        outStart += inner
        // Advance the odometer over all axes but the last.
        var d = rank - 2
        while d >= 0 {
            index[d] += 1
            for k in 0..<strides.count { offsets[k] += strides[k][d] }
            if index[d] < shape[d] { break }
            for k in 0..<strides.count { offsets[k] -= strides[k][d] * shape[d] }
            index[d] = 0
            d -= 1
        }
    }
}

extension Tensor {
    /// Sums a (broadcast) gradient back to `target`, the shape of the operand it belongs to.
    /// This is the one place where broadcasting is undone.
    public func sum(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        let offset = rank - target.count
        precondition(offset >= 0, "cannot sum shape \(shape) to the larger shape \(target)")
        var axes: [Int] = Array(0..<offset)
        for (i, extent) in target.enumerated() where extent == 1 && shape[i + offset] != 1 {
            axes.append(i + offset)
        }
        let summed = axes.isEmpty ? self : sum(axes: axes, keepingDimensions: true)
        return summed.reshaped(target)
    }
}
