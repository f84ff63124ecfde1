import Foundation
import Testing

/// Python modules other than h5py (rliable, tensorboard): the same rule as h5py's. A test
/// that needs `module` runs when `python3 -c "import module"` succeeds, or under `CI=true`,
/// where it then fails with `ModuleMissing` instead of skipping.
extension Python {
    private static let importable = ImportCache()

    /// Whether `python3 -c "import module"` succeeds (checked once per module).
    public static func isImportable(_ module: String) -> Bool {
        importable.value(for: module) { (try? run(["-c", "import \(module)"]).status == 0) ?? false }
    }

    /// Whether the tests needing `module` run: it is importable, or this is CI.
    public static func testsRun(needing module: String) -> Bool {
        isImportable(module) || ProcessInfo.processInfo.environment["CI"] == "true"
    }

    /// The reason printed when such a test skips.
    public static func skipMessage(_ module: String) -> Comment {
        "\(module) is not importable by python3 (`make test` installs it in .build/test-venv from scripts/test-requirements.txt); skipping"
    }

    /// Throws `ModuleMissing` when `module` cannot be imported: the first line of such a test.
    public static func require(_ module: String) throws {
        guard isImportable(module) else { throw ModuleMissing(module: module) }
    }

    /// A module a test needs is missing under `CI=true`.
    public struct ModuleMissing: Error, CustomStringConvertible {
        public let module: String
        public var description: String {
            "\(module) is not importable by python3, and CI=true requires its tests to run: run `make test` "
                + "(it installs scripts/test-requirements.txt into .build/test-venv) or put a python3 with \(module) first on PATH"
        }
    }

    /// Runs a Python program given as text, with `input` on its standard input; throws
    /// `ScriptFailure` on a nonzero exit and returns standard output.
    public static func runScript(_ source: String, input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", source]
        let stdin = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        stdin.fileHandleForWriting.write(input)
        try stdin.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScriptFailure(errors: String(decoding: errorData, as: UTF8.self)) }
        return outputData
    }
}

/// Module name → importable, filled once each.
private final class ImportCache: @unchecked Sendable {
    private var known: [String: Bool] = [:]
    private let lock = NSLock()
    func value(for module: String, _ compute: () -> Bool) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if let value = known[module] { return value }
        let value = compute()
        known[module] = value
        return value
    }
}
