import CredoTensor
import Foundation

// The base noise of every sampler here, drawn in Double from open uniforms and stored as Float
// constants. Drawing the noise separately from the transform that uses it lets REBAR and RELAX
// reuse one draw for several relaxations, and lets tests hold the noise fixed.
extension RandomGenerator {
    /// Standard logistic noise L = log u − log(1 − u), u ~ U(0, 1) open: the inverse CDF of the
    /// logistic distribution, so ℓ + L is Logistic(ℓ, 1) and P(ℓ + L > 0) = σ(ℓ).
    public mutating func logisticNoise(shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in
            let u = uniformOpenDouble()
            // log1p(−u) keeps log(1 − u) accurate for u near 0.
            return Float(Foundation.log(u) - Foundation.log1p(-u))
        })
    }

    /// Standard Gumbel noise G = −log(−log u), u ~ U(0, 1) open: the inverse CDF of
    /// Gumbel(0, 1), whose CDF is exp(−e^(−g)), mean the Euler–Mascheroni γ and variance π²/6.
    public mutating func gumbelNoise(shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in
            Float(-Foundation.log(-Foundation.log(uniformOpenDouble())))
        })
    }

    /// Standard normal noise ε ~ N(0, 1).
    public mutating func normalNoise(shape: [Int]) -> Tensor {
        let n = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<n).map { _ in Float(standardNormal()) })
    }
}
