import Foundation
import Testing

/// Running Python from tests, for the h5py interop checks. `make test` puts a virtual
/// environment with h5py (`.build/test-venv`, made by `scripts/setup-test-venv.sh`) first on
/// `PATH`; without h5py those tests skip with a message, except under `CI=true`, where they run
/// and fail, so a CI run cannot pass with its h5py tests silently skipped.
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

    /// Whether the h5py tests run: h5py is importable, or this is CI (`CI=true`), where a
    /// missing h5py must fail them rather than skip them.
    public static let h5pyTestsRun: Bool = h5pyIsImportable || ProcessInfo.processInfo.environment["CI"] == "true"

    /// The reason printed when the h5py tests skip.
    public static let h5pySkipMessage: Comment =
        "h5py is not importable by python3 (`make test` installs it in .build/test-venv); skipping an h5py test"

    /// The h5py is missing: under `CI=true` the h5py tests fail with this instead of skipping.
    public struct H5pyMissing: Error, CustomStringConvertible {
        public var description: String {
            "h5py is not importable by python3, and CI=true requires the h5py tests to run: run `make test` "
                + "(it creates .build/test-venv with h5py) or put a python3 with h5py first on PATH"
        }
    }

    /// Throws `H5pyMissing` when h5py cannot be imported; the first line of every h5py test.
    public static func requireH5py() throws {
        guard h5pyIsImportable else { throw H5pyMissing() }
    }

    /// The repository's `scripts/` folder.
    public static let scriptsFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts").path

    /// `scripts/check_checkpoint_h5py.py` in this repository.
    public static let checkpointScript = scriptsFolder + "/check_checkpoint_h5py.py"

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
