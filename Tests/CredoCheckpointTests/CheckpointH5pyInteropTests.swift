import CredoTestSupport
import Foundation
import Testing
@testable import CredoCheckpoint

@Suite("Checkpoint h5py interop")
struct CheckpointH5pyInteropTests {
    @Test(.enabled(if: Python.h5pyTestsRun, Python.h5pySkipMessage))
    func h5pyReadsNamesShapesDtypesValuesAndStringAttributes() throws {
        try Python.requireH5py()
        let directory = try TemporaryDirectory()
        let path = directory.file("interop.h5")
        let checkpoint = try sampleCheckpoint()
        try checkpoint.write(to: path)

        let summary = try Python.summarizeCheckpoint(at: path)

        #expect(Set(summary.datasets.keys) == Set(checkpoint.names))
        #expect(summary.attributes == checkpoint.attributes)
        #expect(summary.attribute_types.values.allSatisfy { $0 == "str" })
        for name in checkpoint.names {
            let expected = try checkpoint.dataset(name)
            let found = try #require(summary.datasets[name])
            #expect(found.shape == expected.shape, "shape of \(name)")
            #expect(found.dtype == expected.elementType.rawValue, "dtype of \(name)")
            #expect(Self.parse(found.values, as: expected.elementType) == Self.bitPatterns(expected.array), "values of \(name)")
        }
    }

    @Test(.enabled(if: Python.h5pyTestsRun, Python.h5pySkipMessage))
    func readsAFileWrittenByH5py() throws {
        try Python.requireH5py()
        let directory = try TemporaryDirectory()
        let path = directory.file("from-h5py.h5")
        let program = """
            import sys, h5py, numpy as np
            with h5py.File(sys.argv[1], "w") as f:
                f["params/w"] = np.arange(6, dtype=np.int32).reshape(2, 3)
                f["params/b"] = np.array([0.5, -1.5], dtype=np.float16)
                f["rng/state"] = np.array([7, 255], dtype=np.uint8)
                f["counters/steps"] = np.int64(12)
                f.attrs["config"] = '{"γ": 0.99}'
                f.attrs["env"] = np.bytes_(b"CartPole-v1")
                f.attrs.create("note", "λ=0.95".encode(), dtype=h5py.string_dtype("utf-8", 16))
            """
        let run = try Python.run(["-c", program, path])
        try #require(run.status == 0, "h5py could not write the file: \(run.errors)")

        let checkpoint = try Checkpoint.read(from: path)
        // h5py does not track creation order, so names come back in name order, depth first.
        #expect(checkpoint.names == ["counters/steps", "params/b", "params/w", "rng/state"])
        #expect(try checkpoint.values("params/w", as: Int64.self, shape: [2, 3]) == [0, 1, 2, 3, 4, 5])
        #expect(try checkpoint.values("params/b", as: Float.self, shape: [2]) == [0.5, -1.5])
        #expect(try checkpoint.values("rng/state", as: UInt64.self, shape: [2]) == [7, 255])
        #expect(try checkpoint.scalar("counters/steps", as: Int64.self) == 12)
        #expect(checkpoint.attributes == ["config": #"{"γ": 0.99}"#, "env": "CartPole-v1", "note": "λ=0.95"])
    }

    @Test(.enabled(if: Python.h5pyTestsRun, Python.h5pySkipMessage))
    func contentACheckpointCannotHoldIsReportedByName() throws {
        try Python.requireH5py()
        let directory = try TemporaryDirectory()
        let cases = [
            ("flags", #"f["flags"] = np.array([True, False])"#),
            ("seed", #"f.attrs["seed"] = 42"#),
            ("names", #"f["names"] = np.array([b"a", b"b"])"#),
        ]
        for (name, statement) in cases {
            let path = directory.file("\(name).h5")
            let program = "import sys, h5py, numpy as np\nwith h5py.File(sys.argv[1], 'w') as f:\n    \(statement)\n"
            let run = try Python.run(["-c", program, path])
            try #require(run.status == 0, "h5py could not write the file: \(run.errors)")
            let error = #expect(throws: CheckpointError.self) { try Checkpoint.read(from: path) }
            if case .unsupportedContent(let errorPath, let errorName, _) = error {
                #expect(errorPath == path && errorName == name)
            } else {
                Issue.record("expected unsupported content for \(name), got \(String(describing: error))")
            }
        }
    }

    /// The values' exact bits, so -0.0 and 0.0 differ and nothing is compared with tolerance.
    static func bitPatterns(_ array: CheckpointArray) -> [UInt64] {
        switch array {
        case .float32(let values): values.map { UInt64($0.bitPattern) }
        case .float64(let values): values.map(\.bitPattern)
        case .int64(let values): values.map { UInt64(bitPattern: $0) }
        case .uint64(let values): values
        }
    }

    /// Parses the script's texts (Python `repr` for floats, decimal for integers) to bits.
    static func parse(_ texts: [String], as type: CheckpointElementType) -> [UInt64]? {
        var bits: [UInt64] = []
        for text in texts {
            switch type {
            case .float32: guard let value = Double(text) else { return nil }; bits.append(UInt64(Float(value).bitPattern))
            case .float64: guard let value = Double(text) else { return nil }; bits.append(value.bitPattern)
            case .int64: guard let value = Int64(text) else { return nil }; bits.append(UInt64(bitPattern: value))
            case .uint64: guard let value = UInt64(text) else { return nil }; bits.append(value)
            }
        }
        return bits
    }
}
