import CredoTensor

/// Anything that owns trainable parameters: a layer, a network, an agent's set of networks.
///
/// A module names each of its parameters relative to itself ("weight", "layer0/bias"); the
/// names are stable, so checkpoints and optimizer state can refer to them. Parameters are tape
/// leaves (`requiringGradient()`), so a loss computed from them can be differentiated with
/// `gradients(of: loss, wrt: module.parameterTensors)`.
public protocol Module {
    /// Calls `visit` once per parameter, in a fixed order, with its name and the tensor itself;
    /// a visitor may replace the tensor (the optimizer and checkpoint loading do).
    mutating func visitParameters(_ visit: (String, inout Tensor) -> Void)
}

extension Module {
    /// The parameters with their names, in visiting order.
    public var namedParameters: [(name: String, value: Tensor)] {
        var copy = self
        var out: [(name: String, value: Tensor)] = []
        copy.visitParameters { name, t in out.append((name, t)) }
        return out
    }

    /// The parameters in visiting order: the `wrt` list for `gradients(of:wrt:)`.
    public var parameterTensors: [Tensor] { namedParameters.map(\.value) }

    /// The number of trainable scalars.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.value.count } }

    /// The same module with its parameters off the tape (`Tensor.detached`, sharing storage):
    /// evaluating it gives the same values but records nothing, which is cheaper when no
    /// gradient will be taken (acting in a rollout, bootstrap values).
    public var detached: Self {
        var copy = self
        copy.visitParameters { _, t in t = t.detached }
        return copy
    }

    /// Replaces every parameter by the tensor of the same name in `values`.
    /// - Throws: `ModuleError` naming a missing parameter or a shape mismatch.
    public mutating func loadParameters(_ values: [String: Tensor]) throws {
        var problem: ModuleError?
        visitParameters { name, t in
            guard problem == nil else { return }
            guard let v = values[name] else { problem = .missingParameter(name); return }
            guard v.shape == t.shape else { problem = .shapeMismatch(name, expected: t.shape, found: v.shape); return }
            t = v.detached.requiringGradient()
        }
        if let problem { throw problem }
    }
}

/// Visits a child module's parameters under `prefix/`.
extension Module {
    public mutating func visitParameters(prefix: String, _ visit: (String, inout Tensor) -> Void) {
        visitParameters { name, t in visit("\(prefix)/\(name)", &t) }
    }
}

public enum ModuleError: Error, Equatable, CustomStringConvertible {
    case missingParameter(String)
    case shapeMismatch(String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingParameter(let n): return "parameter '\(n)' is missing"
        case .shapeMismatch(let n, let e, let f): return "parameter '\(n)' has shape \(f), expected \(e)"
        }
    }
}
