import CredoNN
import CredoSCG

/// A trainer's learned networks as one named collection of (module, optimizer) pairs: the one
/// list that checkpointing, restoring, rank broadcasting and the ranks' parameter check iterate.
/// A network the estimator does not ask for is absent; names are the checkpoint's
/// (`params/<name>/...`, `optimizer/<name>/...`).
extension ActorCritic {
    /// Calls `visit` with each learned network and its optimizer, in a fixed order (policy,
    /// critic, control variate, Q); a visitor may replace either (loading, broadcasting).
    mutating func visitNetworks(_ visit: (String, inout any Module, inout any Optimizer) throws -> Void) rethrows {
        var module: any Module = policy
        try visit("policy", &module, &policyOptimizer)
        policy = module as! PolicyNetwork
        if let critic, var optimizer = criticOptimizer {
            module = critic
            try visit("critic", &module, &optimizer)
            self.critic = (module as! ValueCritic)
            criticOptimizer = optimizer
        }
        if let controlVariate, var optimizer = controlVariateOptimizer {
            module = controlVariate
            try visit("control_variate", &module, &optimizer)
            self.controlVariate = (module as! LearnedControlVariate)
            controlVariateOptimizer = optimizer
        }
        if let actionValue, var optimizer = actionValueOptimizer {
            module = actionValue
            try visit(actionValueName, &module, &optimizer)
            self.actionValue = (module as! ActionValueCritic)
            actionValueOptimizer = optimizer
        }
    }

    /// The learned networks by name, read only.
    var networks: [(name: String, module: any Module, optimizer: any Optimizer)] {
        var copy = self, out: [(name: String, module: any Module, optimizer: any Optimizer)] = []
        copy.visitNetworks { name, module, optimizer in out.append((name, module, optimizer)) }
        return out
    }
}
