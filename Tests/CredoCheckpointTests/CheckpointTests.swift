import Testing
@testable import CredoCheckpoint

@Suite("Checkpoint in memory")
struct CheckpointTests {
    @Test func newCheckpointHoldsOnlyTheFormatVersion() {
        let checkpoint = Checkpoint()
        #expect(checkpoint.count == 0)
        #expect(checkpoint.attributes == ["format_version": Checkpoint.formatVersion])
    }

    @Test func namesKeepFirstSetOrderAndReplaceInPlace() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/b", [1, 2] as [Float], shape: [2])
        try checkpoint.set("params/a", scalar: 3.0)
        try checkpoint.set("params/b", [5, 6, 7] as [Float], shape: [3])
        #expect(checkpoint.names == ["params/b", "params/a"])
        #expect(try checkpoint.values("params/b", as: Float.self, shape: [3]) == [5, 6, 7])
        #expect(checkpoint.remove("params/b") != nil)
        #expect(checkpoint.names == ["params/a"])
        #expect(checkpoint["params/b"] == nil)
    }

    @Test func typedGettersReturnValues() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("rng/agent", [1, 2, 3, UInt64.max], shape: [4])
        try checkpoint.set("counters/env_steps", scalar: Int64(42))
        #expect(try checkpoint.values("rng/agent", as: UInt64.self) == [1, 2, 3, .max])
        #expect(try checkpoint.scalar("counters/env_steps", as: Int64.self) == 42)
        #expect(checkpoint["counters/env_steps"]?.isScalar == true)
    }

    @Test func missingDatasetNamesTheDataset() {
        let checkpoint = Checkpoint()
        #expect(throws: CheckpointError.missingDataset(name: "params/x")) {
            try checkpoint.values("params/x", as: Float.self)
        }
        #expect(CheckpointError.missingDataset(name: "params/x").description == "checkpoint has no dataset \"params/x\"")
    }

    @Test func wrongTypeNamesExpectedAndFound() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/w", [1, 2] as [Double], shape: [2])
        let error = CheckpointError.wrongElementType(name: "params/w", expected: .float32, found: .float64)
        #expect(throws: error) { try checkpoint.values("params/w", as: Float.self) }
        #expect(error.description == "dataset \"params/w\" holds float64 values, expected float32")
    }

    @Test func wrongShapeNamesExpectedAndFound() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/w", [Float](repeating: 0, count: 6), shape: [2, 3])
        let error = CheckpointError.wrongShape(name: "params/w", expected: [3, 2], found: [2, 3])
        #expect(throws: error) { try checkpoint.values("params/w", as: Float.self, shape: [3, 2]) }
        #expect(error.description == "dataset \"params/w\" has shape [2, 3], expected [3, 2]")
        #expect(throws: CheckpointError.wrongShape(name: "params/w", expected: [], found: [2, 3])) {
            try checkpoint.scalar("params/w", as: Float.self)
        }
    }

    @Test func valueCountMustMatchShape() {
        var checkpoint = Checkpoint()
        let error = CheckpointError.valueCountMismatch(name: "params/w", shape: [2, 3], count: 5)
        #expect(throws: error) { try checkpoint.set("params/w", [Float](repeating: 0, count: 5), shape: [2, 3]) }
        #expect(error.description == "dataset \"params/w\": shape [2, 3] needs 6 values, got 5")
        #expect(throws: CheckpointError.self) { try CheckpointDataset([1] as [Float], shape: [-1]) }
        #expect(throws: CheckpointError.self) { try CheckpointDataset([] as [Float], shape: [Int.max, 2]) }
    }

    @Test(arguments: ["", "/params/w", "params/w/", "params//w", "params/./w", "../w", "params/.."])
    func malformedNamesAreRejected(name: String) {
        var checkpoint = Checkpoint()
        #expect(throws: CheckpointError.self) { try checkpoint.set(name, scalar: Float(1)) }
        #expect(checkpoint.count == 0)
    }

    @Test func aNameWithANULCharacterIsRejected() {
        var checkpoint = Checkpoint()
        #expect(throws: CheckpointError.invalidName(name: "a\u{0}b", reason: "contains a NUL character")) {
            try checkpoint.set("a\u{0}b", scalar: Float(1))
        }
    }

    @Test func aNameCannotBeBothDatasetAndGroup() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("params/policy", scalar: Float(1))
        #expect(throws: CheckpointError.self) { try checkpoint.set("params/policy/w", scalar: Float(1)) }
        try checkpoint.set("optimizer/m/w", scalar: Float(1))
        #expect(throws: CheckpointError.self) { try checkpoint.set("optimizer/m", scalar: Float(1)) }
        #expect(checkpoint.names == ["params/policy", "optimizer/m/w"])
    }

    @Test func removingTheLastDatasetOfAGroupFreesItsName() throws {
        var checkpoint = Checkpoint()
        try checkpoint.set("a/b/c", scalar: Float(1))
        try checkpoint.set("a/b/d", scalar: Float(2))
        checkpoint.remove("a/b/c")
        #expect(throws: CheckpointError.self) { try checkpoint.set("a/b", scalar: Float(3)) }  // a/b/d is left
        checkpoint.remove("a/b/d")
        try checkpoint.set("a/b", scalar: Float(3))
        #expect(throws: CheckpointError.self) { try checkpoint.set("a/b/e", scalar: Float(4)) }
        #expect(checkpoint.names == ["a/b"])
    }

    @Test func equalityIgnoresNameOrder() throws {
        var a = Checkpoint(), b = Checkpoint()
        try a.set("x", scalar: Float(1)); try a.set("y", scalar: Int64(2))
        try b.set("y", scalar: Int64(2)); try b.set("x", scalar: Float(1))
        #expect(a == b)
        b.attributes["env"] = "CartPole-v1"
        #expect(a != b)
    }

    @Test func missingAttributeNamesTheKey() throws {
        #expect(throws: CheckpointError.missingAttribute(key: "config")) { try Checkpoint().attribute("config") }
        #expect(try Checkpoint().attribute("format_version") == "1")
    }
}
