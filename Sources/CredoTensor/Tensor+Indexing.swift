// Gathering rows by index and its adjoint, scattering them back with addition.
extension Tensor {
    /// Selects the entries `indices` along `axis` (NumPy's `take`, PyTorch's `index_select`);
    /// indices may repeat.
    public func indexSelect(axis: Int, _ indices: [Int]) -> Tensor {
        let a = normalizedAxis(axis, rank: rank)
        let extent = shape[a]
        for i in indices { precondition(i >= 0 && i < extent, "index \(i) out of range 0..<\(extent) on axis \(a)") }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        outShape[a] = indices.count
        let total = outer * indices.count * inner
        let s = [Float](unsafeUninitializedCapacity: total) { out, n in
            scalars.withUnsafeBufferPointer { x in
                var w = 0
                for o in 0..<outer {
                    for i in indices {
                        let base = (o * extent + i) * inner
                        for j in 0..<inner { out[w] = x[base + j]; w += 1 }
                    }
                }
            }
            n = total
        }
        return Tensor.record(.indexSelect(axis: a, indices: indices), [self], shape: outShape, scalars: s)
    }

    /// The adjoint of `indexSelect`: a zero tensor of extent `size` along `axis` into which the
    /// entries of `self` are added at `indices` (repeated indices accumulate).
    public func indexAdd(axis: Int, _ indices: [Int], size: Int) -> Tensor {
        let a = normalizedAxis(axis, rank: rank)
        precondition(shape[a] == indices.count, "indexAdd: \(indices.count) indices for extent \(shape[a])")
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        var outShape = shape
        outShape[a] = size
        var out = [Float](repeating: 0, count: outShape.reduce(1, *))
        out.withUnsafeMutableBufferPointer { o in
            scalars.withUnsafeBufferPointer { x in
                var r = 0
                for b in 0..<outer {
                    for i in indices {
                        precondition(i >= 0 && i < size, "index \(i) out of range 0..<\(size)")
                        let base = (b * size + i) * inner
                        for j in 0..<inner { o[base + j] += x[r]; r += 1 }
                    }
                }
            }
        }
        return Tensor.record(.indexAdd(axis: a, indices: indices), [self], shape: outShape, scalars: out)
    }

    /// For a tensor of shape [..., n], picks entry `indices[r]` of row r: the result has the
    /// leading shape. The typical use is log π(a_t | s_t) from a batch of log-probabilities.
    public func gathered(alongLastAxis indices: [Int]) -> Tensor {
        let n = shape.last ?? 1, rows = count / Swift.max(n, 1)
        precondition(indices.count == rows, "\(indices.count) indices for \(rows) rows")
        let flat = indices.enumerated().map { row, i in
            precondition(i >= 0 && i < n, "index \(i) out of range 0..<\(n)")
            return row * n + i
        }
        return reshaped([count]).indexSelect(axis: 0, flat).reshaped(Array(shape.dropLast()))
    }

    /// One-hot rows: shape [indices.count, classes].
    public static func oneHot(_ indices: [Int], classes: Int) -> Tensor {
        var s = [Float](repeating: 0, count: indices.count * classes)
        for (r, i) in indices.enumerated() {
            precondition(i >= 0 && i < classes, "class \(i) out of range 0..<\(classes)")
            s[r * classes + i] = 1
        }
        return Tensor(shape: [indices.count, classes], scalars: s)
    }
}
