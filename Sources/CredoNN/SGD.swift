import CredoTensor

/// Stochastic gradient descent with momentum, in PyTorch's form:
/// v ← μ·v + g,  θ ← θ − lr·v  (plain SGD when μ = 0).
public struct SGD: Optimizer {
    public var schedule: LearningRateSchedule
    public var momentum: Float
    public var step = 0
    public var moments: [String: [Tensor]] = [:]
    public static let slotNames = ["velocity"]

    public init(learningRate: Float, momentum: Float = 0) {
        self.init(schedule: .constant(learningRate), momentum: momentum)
    }

    public init(schedule: LearningRateSchedule, momentum: Float = 0) {
        precondition(momentum >= 0 && momentum < 1, "momentum must be in [0, 1), got \(momentum)")
        self.schedule = schedule
        self.momentum = momentum
    }

    public func apply(parameter: inout [Float], gradient: [Float], moments: inout [Tensor], lr: Float) {
        guard momentum > 0 else {
            for i in parameter.indices { parameter[i] -= lr * gradient[i] }
            return
        }
        let mu = momentum
        moments[0].withMutableScalars { v in
            for i in parameter.indices {
                v[i] = mu * v[i] + gradient[i]
                parameter[i] -= lr * v[i]
            }
        }
    }
}
