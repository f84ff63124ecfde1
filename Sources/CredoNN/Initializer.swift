import CredoTensor
import Foundation

/// How a weight matrix of shape [fanIn, fanOut] starts.
public enum Initializer: Sendable, Equatable {
    /// Glorot (Xavier) uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)).
    case glorotUniform(gain: Float = 1)
    /// Orthogonal (Saxe et al., 2014): the Q factor of a Gaussian matrix, scaled by `gain`;
    /// rows or columns orthonormal, whichever there are fewer of.
    case orthogonal(gain: Float = 1)
    /// Every weight zero.
    case zeros

    public func weights(fanIn: Int, fanOut: Int, using rng: inout RandomGenerator) -> Tensor {
        switch self {
        case .glorotUniform(let gain):
            let a = gain * (6 / Float(fanIn + fanOut)).squareRoot()
            let s = (0..<(fanIn * fanOut)).map { _ in (2 * rng.uniformFloat() - 1) * a }
            return Tensor(shape: [fanIn, fanOut], scalars: s)
        case .orthogonal(let gain):
            return Tensor(shape: [fanIn, fanOut],
                          scalars: Initializer.orthogonalMatrix(rows: fanIn, columns: fanOut, using: &rng).map { $0 * gain })
        case .zeros:
            return Tensor.zeros([fanIn, fanOut])
        }
    }

    /// A rows × columns matrix with orthonormal columns (rows ≥ columns) or rows (otherwise),
    /// by modified Gram-Schmidt in Double on a Gaussian matrix, signs fixed as in QR with a
    /// positive diagonal so the result is Haar-distributed.
    static func orthogonalMatrix(rows: Int, columns: Int, using rng: inout RandomGenerator) -> [Float] {
        let tall = rows >= columns
        let (n, k) = tall ? (rows, columns) : (columns, rows)   // orthonormalise k vectors of length n
        // k vectors of length n, row after row of one buffer (vector i at i * n).
        var v = [Double](unsafeUninitializedCapacity: k * n) { buffer, count in
            for index in 0..<k * n { buffer[index] = rng.standardNormal() }
            count = k * n
        }
        var out = [Float](repeating: 0, count: rows * columns)
        v.withUnsafeMutableBufferPointer { v in
            for i in 0..<k {
                let vi = v.baseAddress! + i * n
                for j in 0..<i {
                    let vj = v.baseAddress! + j * n
                    var dot = 0.0
                    for t in 0..<n { dot += vi[t] * vj[t] }
                    for t in 0..<n { vi[t] -= dot * vj[t] }
                }
                var squares = 0.0
                for t in 0..<n { squares += vi[t] * vi[t] }
                let norm = squares.squareRoot()
                for t in 0..<n { vi[t] /= norm }
            }
            for i in 0..<k {
                for t in 0..<n {
                    if tall { out[t * columns + i] = Float(v[i * n + t]) } else { out[i * columns + t] = Float(v[i * n + t]) }
                }
            }
        }
        return out
    }
}
