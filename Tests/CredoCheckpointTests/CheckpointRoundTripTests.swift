import Foundation
import Testing
@testable import CredoCheckpoint

/// A checkpoint with every element type, scalar, 1-D, 3-D and empty shapes, nested names and
/// non-ASCII attributes.
func sampleCheckpoint() throws -> Checkpoint {
    var checkpoint = Checkpoint()
    try checkpoint.set("params/policy/layer0/weight", (0..<24).map { Float($0) * 0.25 - 3 }, shape: [2, 3, 4])
    try checkpoint.set("params/policy/layer0/bias", [Float.pi, -0.0, .greatestFiniteMagnitude], shape: [3])
    try checkpoint.set("optimizer/adam/m/policy/layer0/weight", [Float](repeating: 1e-8, count: 24), shape: [2, 3, 4])
    try checkpoint.set("normaliser/mean", [1.0 / 3.0, -2.5e300], shape: [2])
    try checkpoint.set("rng/agent", [0x0123_4567_89AB_CDEF, 1, 0, UInt64.max], shape: [4])
    try checkpoint.set("counters/env_steps", scalar: Int64(1_234_567_890_123))
    try checkpoint.set("counters/episodes", scalar: Int64(-7))
    try checkpoint.set("counters/seed", scalar: UInt64.max)
    try checkpoint.set("counters/best_return", scalar: 499.5)
    try checkpoint.set("buffers/empty", [Float](), shape: [0])
    try checkpoint.set("buffers/empty_matrix", [Int64](), shape: [3, 0])
    checkpoint.attributes["config"] = #"{"gamma": 0.99, "lambda": 0.95, "estimator": "relax"}"#
    checkpoint.attributes["env"] = "CartPole-v1"
    checkpoint.attributes["estimator"] = "γ=0.99, λ=0.95 — RELAX ✓"
    checkpoint.attributes["empty"] = ""
    return checkpoint
}

@Suite("Checkpoint HDF5 round trip")
struct CheckpointRoundTripTests {
    @Test func everyTypeShapeAndAttributeRoundTrips() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ckpt.h5")
        let original = try sampleCheckpoint()
        try original.write(to: path)
        let restored = try Checkpoint.read(from: path)

        #expect(restored == original)
        #expect(try restored.values("params/policy/layer0/weight", as: Float.self, shape: [2, 3, 4])
            == (0..<24).map { Float($0) * 0.25 - 3 })
        #expect(try restored.scalar("counters/seed", as: UInt64.self) == .max)
        #expect(try restored.scalar("counters/episodes", as: Int64.self) == -7)
        #expect(restored["buffers/empty_matrix"]?.shape == [3, 0])
        #expect(restored["buffers/empty_matrix"]?.elementType == .int64)
        #expect(try restored.attribute("estimator") == "γ=0.99, λ=0.95 — RELAX ✓")
        #expect(try restored.attribute("empty") == "")
        #expect(try directory.contents() == ["ckpt.h5"])
    }

    @Test func negativeZeroAndNaNBitsSurvive() throws {
        let directory = try TemporaryDirectory()
        var checkpoint = Checkpoint()
        let values: [Float] = [-0.0, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]
        try checkpoint.set("x", values, shape: [5])
        try checkpoint.write(to: directory.file("bits.h5"))
        let restored = try Checkpoint.read(from: directory.file("bits.h5")).values("x", as: Float.self)
        #expect(restored.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func namesComeBackInWritingOrder() throws {
        let directory = try TemporaryDirectory()
        var checkpoint = Checkpoint()
        // Not alphabetical, and grouped: the file's creation order reproduces it exactly.
        for name in ["params/z", "params/a/w", "params/a/b", "optimizer/m", "counters/steps"] {
            try checkpoint.set(name, scalar: Float(1))
        }
        try checkpoint.write(to: directory.file("order.h5"))
        #expect(try Checkpoint.read(from: directory.file("order.h5")).names == checkpoint.names)
    }

    @Test func rewritingReplacesTheWholeFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ckpt.h5")
        try sampleCheckpoint().write(to: path)
        var smaller = Checkpoint()
        try smaller.set("counters/env_steps", scalar: Int64(1))
        try smaller.write(to: path)
        #expect(try Checkpoint.read(from: path) == smaller)
        #expect(try directory.contents() == ["ckpt.h5"])
    }

    @Test func noHDF5IdentifierStaysOpen() throws {
        let directory = try TemporaryDirectory()
        try sampleCheckpoint().write(to: directory.file("a.h5"))
        _ = try Checkpoint.read(from: directory.file("a.h5"))
        #expect(throws: CheckpointError.self) { try Checkpoint.read(from: directory.file("missing.h5")) }
        // Every operation holds the library lock from open to close, so zero here is exact.
        #expect(HDF5Library.openIdentifierCount() == 0)
    }

    @Test func attributesWithNULAreRejectedBeforeWriting() throws {
        let directory = try TemporaryDirectory()
        var checkpoint = Checkpoint()
        checkpoint.attributes["config"] = "a\u{0}b"
        #expect(throws: CheckpointError.invalidAttribute(key: "config", reason: "the value contains a NUL character")) {
            try checkpoint.write(to: directory.file("nul.h5"))
        }
        #expect(try directory.contents().isEmpty)
    }
}
