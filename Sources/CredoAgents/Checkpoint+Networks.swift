import CredoCheckpoint
import CredoNN

/// Networks, optimizers and the rolling window in a checkpoint, the names every trainer uses:
/// `params/<net>/<parameter>` (the module's own names), `optimizer/<net>/step` and
/// `optimizer/<net>/<slot>/<parameter>`, `diagnostics/recent_returns` and
/// `diagnostics/recent_lengths`.
extension Checkpoint {
    /// Stores a network's parameters, and its optimizer's state when given.
    mutating func set<M: Module>(network module: M, as net: String, optimizer: (any Optimizer)? = nil) throws {
        for (name, value) in module.namedParameters { try set("params/\(net)/\(name)", value) }
        if let optimizer { try set(prefix: "optimizer/\(net)", optimizer.state) }
    }

    /// Loads a network's parameters (throwing on a missing name or a shape mismatch).
    func load<M: Module>(network module: inout M, as net: String) throws {
        try module.loadParameters(try tensors(prefix: "params/\(net)"))
    }

    /// Loads a network's parameters and its optimizer's state.
    func load<M: Module>(network module: inout M, as net: String, optimizer: inout any Optimizer) throws {
        try load(network: &module, as: net)
        try optimizer.loadState(try tensors(prefix: "optimizer/\(net)"))
    }

    /// Stores the rolling window of finished episodes.
    mutating func set(window: EpisodeWindow) throws {
        try set("diagnostics/recent_returns", window.returns, shape: [window.returns.count])
        try set("diagnostics/recent_lengths", window.lengths, shape: [window.lengths.count])
    }

    /// The rolling window saved by `set(window:)`, with `capacity`.
    func window(capacity: Int) throws -> EpisodeWindow {
        EpisodeWindow(capacity: capacity, returns: try values("diagnostics/recent_returns", as: Double.self),
                      lengths: try values("diagnostics/recent_lengths", as: Double.self))
    }
}
