import Foundation

/// Running Python from tests, for the h5py interop checks (`.ci/run` installs h5py; without it
/// those tests skip with a message).
public enum Python {
    /// Runs `python3` with `arguments`, returning its exit status, stdout and stderr.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
    }

    /// Whether `python3 -c "import h5py"` succeeds on this machine (checked once).
    public static let h5pyIsImportable: Bool = (try? run(["-c", "import h5py"]).status == 0) ?? false

    /// `scripts/check_checkpoint_h5py.py` in this repository.
    public static let checkpointScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/check_checkpoint_h5py.py").path

    /// What `scripts/check_checkpoint_h5py.py` prints: every dataset's shape, dtype and values
    /// (as text, so no precision is lost) and every root attribute with its Python type.
    public struct H5pySummary: Decodable {
        public struct Dataset: Decodable {
            public let shape: [Int]
            public let dtype: String
            public let values: [String]
        }
        public let datasets: [String: Dataset]
        public let attributes: [String: String]
        public let attribute_types: [String: String]
    }

    /// The h5py check script failed; its standard error says why.
    public struct ScriptFailure: Error, CustomStringConvertible {
        public let errors: String
        public var description: String { "the h5py check failed: \(errors)" }
    }

    /// Runs `scripts/check_checkpoint_h5py.py` on the checkpoint at `path` and decodes its summary;
    /// throws `ScriptFailure` when the script exits non-zero.
    public static func summarizeCheckpoint(at path: String) throws -> H5pySummary {
        let result = try run([checkpointScript, path])
        guard result.status == 0 else { throw ScriptFailure(errors: result.errors) }
        return try JSONDecoder().decode(H5pySummary.self, from: result.output)
    }
}
