import CredoEnvironments
import Foundation
import Testing

/// What the gym: tests share: the interpreter (python3 on PATH, which `make test` makes
/// .build/test-venv's), whether Gymnasium imports there (a test skips with a message when it
/// does not, and fails under `CI=true`), the fault module's folder, and /proc checks.
enum GymTestSupport {
    /// python3 on PATH, as an absolute path (nil when there is none).
    static let python: String? = try? GymPython.check("python3", chosenBy: "the tests' python3 on PATH")

    /// Whether that python3 imports gymnasium (checked once).
    static let gymnasiumIsImportable: Bool = {
        guard let python else { return false }
        return (try? run(python, ["-c", "import gymnasium"]).status) == 0
    }()

    /// Whether the gym: tests run: gymnasium imports, or this is CI, where they must fail instead.
    static let testsRun = gymnasiumIsImportable || ProcessInfo.processInfo.environment["CI"] == "true"

    static let skipMessage: Comment =
        "gymnasium is not importable by python3 (`make test` installs it in .build/test-venv); skipping a gym: test"

    struct GymnasiumMissing: Error, CustomStringConvertible {
        var description: String {
            "gymnasium is not importable by python3, and CI=true requires the gym: tests to run: run `make test` "
                + "(it installs scripts/test-requirements.txt into .build/test-venv)"
        }
    }

    /// The interpreter with gymnasium; throws under CI when there is none.
    static func requireGymnasium() throws -> String {
        guard gymnasiumIsImportable, let python else { throw GymnasiumMissing() }
        return python
    }

    /// The workers' extra environment: the fault module's folder on PYTHONPATH (never set in
    /// this process: setenv races with other tests' threads).
    static let workerEnvironment = ["PYTHONPATH": fixtures]

    /// Tests/CredoGymTests/Fixtures, holding credo_gym_faults.py.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path

    /// Runs an interpreter to its end: status, stdout, stderr.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let errorBox = ErrorBox()
        let reader = Thread { errorBox.data = errors.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorBox.data == nil { usleep(1000) }
        return (process.terminationStatus, outputData, String(decoding: errorBox.data!, as: UTF8.self))
    }

    final class ErrorBox: @unchecked Sendable { var data: Data? }

    /// Whether process `pid` is alive (a zombie, dead but not reaped by a parent, counts as gone).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Waits up to `seconds` for every process of `pids` to be gone; returns those still alive.
    static func survivors(of pids: [Int32], within seconds: Double = 5) -> [Int32] {
        let deadline = Date().addingTimeInterval(seconds)
        var alive = pids.filter(isAlive)
        while !alive.isEmpty && Date() < deadline { usleep(20_000); alive = alive.filter(isAlive) }
        return alive
    }

    /// The children of process `parent` (from /proc).
    static func children(of parent: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return fields.count > 1 && Int32(fields[1]) == parent
        }
    }
}
