import CredoTensor

/// A first-order optimizer. Its state (step count, moment estimates) is a set of named tensors,
/// each moment shaped like its parameter and named "<slot>/<parameter name>", so it saves to and
/// restores from a checkpoint exactly.
public protocol Optimizer {
    /// The names of the per-parameter state tensors, such as ["m", "v"] for Adam.
    static var slotNames: [String] { get }
    var schedule: LearningRateSchedule { get set }
    /// Updates applied so far.
    var step: Int { get set }
    /// Per-parameter state, keyed by parameter name, one tensor per slot in `slotNames` order.
    var moments: [String: [Tensor]] { get set }

    /// Updates one parameter in place from its gradient, at learning rate `lr`; `moments` holds
    /// this parameter's slots (zeros before the first update).
    func apply(parameter: inout [Float], gradient: [Float], moments: inout [Tensor], lr: Float)
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
            var slots = moments.removeValue(forKey: name) ?? Self.slotNames.map { _ in Tensor.zeros(p.shape) }
            apply(parameter: &values, gradient: g.scalars, moments: &slots, lr: lr)
            moments[name] = slots
            p = Tensor(shape: p.shape, scalars: values).requiringGradient()
            i += 1
        }
        precondition(i == gradients.count, "\(gradients.count) gradients for \(i) parameters")
    }

    /// The per-parameter slots as named tensors, "<slot>/<parameter name>" (e.g. "m/layer0/weight"),
    /// each shaped like its parameter.
    public var slots: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (name, tensors) in moments {
            for (slot, t) in zip(Self.slotNames, tensors) { out["\(slot)/\(name)"] = t }
        }
        return out
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
        var restored: [String: [Tensor?]] = [:]
        for (key, t) in saved where key != "step" {
            guard let slash = key.firstIndex(of: "/"), let slot = Self.slotNames.firstIndex(of: String(key[..<slash])) else {
                throw OptimizerError.unknownState(key)
            }
            let name = String(key[key.index(after: slash)...])
            restored[name, default: Array(repeating: nil, count: Self.slotNames.count)][slot] = t.detached
        }
        var complete: [String: [Tensor]] = [:]
        for (name, tensors) in restored {
            if let missing = tensors.firstIndex(where: { $0 == nil }) {
                throw OptimizerError.missingState("\(Self.slotNames[missing])/\(name)")
            }
            complete[name] = tensors.map { $0! }
        }
        step = Int(s.scalar)
        moments = complete
    }
}

public enum OptimizerError: Error, Equatable, CustomStringConvertible {
    case missingState(String)
    case unknownState(String)
    public var description: String {
        switch self {
        case .missingState(let name): return "optimizer state '\(name)' is missing"
        case .unknownState(let name): return "optimizer state '\(name)' is not a slot of this optimizer"
        }
    }
}
