import CredoKernels
import CredoTensor

/// RMSProp (Tieleman and Hinton, 2012), as in PyTorch:
/// v ← αv + (1−α)g²,  θ ← θ − lr · g / (√v + ε).
public struct RMSProp: Optimizer {
    public var schedule: LearningRateSchedule
    public var alpha: Float
    public var epsilon: Float
    public var step = 0
    public var moments: [String: [Tensor]] = [:]
    public static let slotNames = ["square_average"]

    public init(learningRate: Float, alpha: Float = 0.99, epsilon: Float = 1e-8) {
        self.init(schedule: .constant(learningRate), alpha: alpha, epsilon: epsilon)
    }

    public init(schedule: LearningRateSchedule, alpha: Float = 0.99, epsilon: Float = 1e-8) {
        precondition((0..<1).contains(alpha), "RMSProp alpha must be in [0, 1), got \(alpha)")
        self.schedule = schedule
        self.alpha = alpha
        self.epsilon = epsilon
    }

    public func apply(parameter: inout [Float], gradient: [Float], moments: inout [Tensor], lr: Float) {
        let n = parameter.count
        guard n > 0 else { return }
        let (a, eps) = (alpha, epsilon)
        moments[0].withMutableScalars { vb in
            parameter.withUnsafeMutableBufferPointer { pb in
                gradient.withUnsafeBufferPointer { gb in
                    credo_rmsprop_update(pb.baseAddress!, gb.baseAddress!, vb.baseAddress!, n, a, lr, eps)
                }
            }
        }
    }
}
