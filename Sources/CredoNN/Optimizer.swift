import CredoTensor

/// A first-order optimizer. Its state (step count, moment estimates) is a set of named tensors,
/// each moment shaped like its parameter and named "<slot>/<parameter name>", so it saves to and
/// restores from a checkpoint exactly.
public protocol Optimizer {
    var schedule: LearningRateSchedule { get set }
    /// Updates applied so far.
    var step: Int { get set }
    /// Per-parameter slots, such as "m/layer0/weight".
    var slots: [String: Tensor] { get set }

    /// Updates one parameter in place from its gradient, at learning rate `lr`.
    mutating func apply(name: String, shape: [Int], parameter: inout [Float], gradient: [Float], lr: Float)
}

extension Optimizer {
    /// The learning rate of the next update.
    public var learningRate: Float { schedule(step) }

    /// Applies one update to every parameter of `module`; `gradients` follow `parameterTensors`.
    public mutating func update<M: Module>(_ module: inout M, along gradients: [Tensor]) {
        let lr = schedule(step)
        step += 1
        var i = 0
        module.visitParameters { name, p in
            precondition(i < gradients.count, "fewer gradients (\(gradients.count)) than parameters")
            let g = gradients[i]
            precondition(g.shape == p.shape, "gradient for '\(name)' has shape \(g.shape), parameter \(p.shape)")
            var values = p.scalars
            apply(name: name, shape: p.shape, parameter: &values, gradient: g.scalars, lr: lr)
            p = Tensor(shape: p.shape, scalars: values).requiringGradient()
            i += 1
        }
        precondition(i == gradients.count, "\(gradients.count) gradients for \(i) parameters")
    }

    /// The whole state as named tensors: "step" and every slot.
    public var state: [String: Tensor] {
        var s = slots
        s["step"] = Tensor(Float(step))
        return s
    }

    /// Restores a state saved from `state`.
    public mutating func loadState(_ saved: [String: Tensor]) throws {
        guard let s = saved["step"] else { throw OptimizerError.missingState("step") }
        step = Int(s.scalar)
        var restored = saved
        restored["step"] = nil
        slots = restored
    }

    /// Removes and returns slot `slot/name` (zeros of `shape` the first time); holding the only
    /// reference lets the caller update it in place before putting it back with `slots[key] =`.
    public mutating func takeSlot(_ slot: String, _ name: String, shape: [Int]) -> (key: String, value: Tensor) {
        let key = "\(slot)/\(name)"
        return (key, slots.removeValue(forKey: key) ?? Tensor.zeros(shape))
    }
}

public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    case missingState(String)
    public var description: String {
        switch self { case .missingState(let name): return "optimizer state '\(name)' is missing" }
    }
}
