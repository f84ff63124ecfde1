import CredoTensor

/// Polyak averaging of a target network (Lillicrap et al., 2016; Fujimoto et al., 2018):
///
///     θ' ← τ θ + (1 − τ) θ'
///
/// for every parameter, matched by name (`namedParameters`). τ = 1 copies the source; τ = 0
/// leaves the target as it is. The target's parameters stay off the tape: a target network is
/// never differentiated with respect to its own parameters.
public func polyakUpdate<M: Module>(_ target: inout M, toward source: M, tau: Float) {
    precondition((0...1).contains(tau), "the Polyak coefficient τ must lie in [0, 1], got \(tau)")
    let sources = source.namedParameters
    var i = 0
    target.visitParameters { name, t in
        precondition(i < sources.count && sources[i].name == name,
                     "target parameter '\(name)' has no source of the same name at position \(i)")
        let s = sources[i].value
        precondition(s.shape == t.shape, "target '\(name)' has shape \(t.shape), source \(s.shape)")
        let keep = 1 - tau
        var values = t.scalars
        s.scalars.withUnsafeBufferPointer { sb in
            for j in values.indices { values[j] = tau * sb[j] + keep * values[j] }
        }
        t = Tensor(shape: t.shape, scalars: values)
        i += 1
    }
    precondition(i == sources.count, "the target has \(i) parameters, the source \(sources.count)")
}

extension Module {
    /// A copy whose parameters are off the tape: the initial target network θ' = θ.
    public var targetCopy: Self { detached }
}
