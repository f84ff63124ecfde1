import CredoKernels
import CredoTensor
import Foundation

/// Adam (Kingma and Ba, 2015), as in PyTorch:
/// m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
/// θ ← θ − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
public struct Adam: Optimizer {
    public var schedule: LearningRateSchedule
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    public var step = 0
    public var moments: [String: [Tensor]] = [:]
    public static let slotNames = ["m", "v"]

    public init(learningRate: Float, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        self.init(schedule: .constant(learningRate), beta1: beta1, beta2: beta2, epsilon: epsilon)
    }

    public init(schedule: LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2), "Adam betas must be in [0, 1)")
        self.schedule = schedule
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public func apply(parameter: inout [Float], gradient: [Float], moments: inout [Tensor], lr: Float) {
        // `step` was already advanced for this update, so t = step. PyTorch's arrangement:
        // θ ← θ − (lr / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε).
        let t = Double(step)
        let stepSize = Float(Double(lr) / (1 - pow(Double(beta1), t)))
        let invRootC2 = Float(1 / (1 - pow(Double(beta2), t)).squareRoot())
        // Take the slots out so each is uniquely referenced and written in place.
        var m = moments[0], v = moments[1]
        moments.removeAll()
        defer { moments = [m, v] }
        let n = parameter.count
        guard n > 0 else { return }
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        m.withMutableScalars { mb in
            v.withMutableScalars { vb in
                parameter.withUnsafeMutableBufferPointer { pb in
                    gradient.withUnsafeBufferPointer { gb in
                        // A C kernel: Swift's scalar square root keeps a libm call that stops
                        // the loop from vectorising.
                        credo_adam_update(pb.baseAddress!, gb.baseAddress!, mb.baseAddress!, vb.baseAddress!, n,
                                          b1, b2, stepSize, invRootC2, eps)
                    }
                }
            }
        }
    }
}
