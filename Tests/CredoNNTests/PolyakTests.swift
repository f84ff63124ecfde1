import CredoNN
import CredoTensor
import Testing

@Suite struct PolyakTests {
    /// θ' ← τθ + (1 − τ)θ' per parameter, by name; the target stays off the tape.
    @Test func averagesTowardTheSource() {
        var rng = RandomGenerator(seed: 3)
        let source = MLP(sizes: [3, 4, 2], using: &rng)
        var target = MLP(sizes: [3, 4, 2], using: &rng).targetCopy
        let before = target.namedParameters
        polyakUpdate(&target, toward: source, tau: 0.25)
        for ((name, t), ((_, s), (_, old))) in zip(target.namedParameters, zip(source.namedParameters, before)) {
            let expected = zip(s.scalars, old.scalars).map { 0.25 * $0 + 0.75 * $1 }
            #expect(t.scalars == expected, "\(name)")
            #expect(!t.requiresGradient, "\(name) stays off the tape")
            // The known-wrong direction (τ on the target) differs (the biases start at zero in both).
            if name.hasSuffix("weight") { #expect(t.scalars != zip(s.scalars, old.scalars).map { 0.75 * $0 + 0.25 * $1 }) }
        }
        var copy = target
        polyakUpdate(&copy, toward: source, tau: 1)
        #expect(copy.parameterTensors.map(\.scalars) == source.parameterTensors.map(\.scalars))
        let unchanged = target.parameterTensors.map(\.scalars)
        polyakUpdate(&target, toward: source, tau: 0)
        #expect(target.parameterTensors.map(\.scalars) == unchanged)
    }
}
