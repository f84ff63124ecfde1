import CredoNN
import CredoTensor

/// A few loose tensors as a `Module`, so an optimizer can update them.
struct ParameterList: Module {
    var names: [String]
    var values: [Tensor]

    init(_ named: [(String, Tensor)]) {
        names = named.map(\.0)
        values = named.map { $0.1.detached.requiringGradient() }
    }

    subscript(_ name: String) -> Tensor { values[names.firstIndex(of: name)!] }

    mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in values.indices { visit(names[i], &values[i]) }
    }
}

/// A module and its parameters together, for one optimizer.
struct Pair<A: Module, B: Module>: Module {
    var first: A
    var second: B

    mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        first.visitParameters(prefix: "a", visit)
        second.visitParameters(prefix: "b", visit)
    }
}
