import Foundation

/// The command-line tools run as real processes (shared by the test targets that start them):
/// `rl-train`, `rl-eval` and the fixtures from the build folder
/// the tests run from (SwiftPM builds every product before it runs the tests).
public struct ToolProcess {
    /// The folder holding the test binary, and so `rl-train` and `rl-eval`.
    public static let binaries: String = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().path
    }()

    /// What a finished process left: its exit status (128 + n for signal n), stdout and stderr.
    public struct Result: Sendable {
        public let status: Int32
        public let output: String
        public let errors: String
        public var text: String { output + errors }
    }

    public let process = Process()
    private let output = Pipe(), errors = Pipe()
    private let outputData = DataBox(), errorData = DataBox()

    /// Starts `tool` (`rl-train`, `rl-eval`, or an absolute path) with `arguments` in `directory`; `environment`
    /// entries are added to the inherited environment.
    public init(_ tool: String, _ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: tool.hasPrefix("/") ? tool : Self.binaries + "/" + tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = output
        process.standardError = errors
        let (outputData, errorData) = (self.outputData, self.errorData)
        output.fileHandleForReading.readabilityHandler = { outputData.append($0.availableData) }
        errors.fileHandleForReading.readabilityHandler = { errorData.append($0.availableData) }
        try process.run()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Waits for the process to end, killing it after `timeout` seconds.
    public func wait(timeout: TimeInterval = 120) -> Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
        output.fileHandleForReading.readabilityHandler = nil
        errors.fileHandleForReading.readabilityHandler = nil
        outputData.append(output.fileHandleForReading.readDataToEndOfFile())
        errorData.append(errors.fileHandleForReading.readDataToEndOfFile())
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Result(status: status, output: outputData.text, errors: errorData.text)
    }

    /// Runs `tool` to its end.
    public static func run(_ tool: String, _ arguments: [String], in directory: String? = nil,
                    environment: [String: String] = [:], timeout: TimeInterval = 120) throws -> Result {
        try ToolProcess(tool, arguments, in: directory, environment: environment).wait(timeout: timeout)
    }

    /// Bytes collected from a pipe on another thread.
    final class DataBox: @unchecked Sendable {
        private var data = Data()
        private let lock = NSLock()
        func append(_ more: Data) { lock.lock(); data.append(more); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }
}
