import Foundation

/// A `mpirun` job of the credo-mpi-check program, its output in temporary files.
struct MPIJob: CustomStringConvertible {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// mpirun on the PATH, or nil.
    static let mpirun: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// The build's products directory: the test bundle's own (credo-mpi-check and credo-compare
    /// are products of the same build).
    static let products: URL = {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        if directory.lastPathComponent == "MacOS" {  // a macOS .xctest bundle: .../debug/X.xctest/Contents/MacOS
            directory = directory.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return directory
    }()

    let process: Process
    let stdoutURL: URL, stderrURL: URL
    let started = ContinuousClock.now
    var status: Int32 = -1
    var seconds = 0.0
    var stdout = "", stderr = ""

    var description: String {
        "mpirun job (status \(status), \(seconds) s)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)"
    }

    static func start(ranks: Int, _ arguments: [String], environment: [String: String] = [:],
                      program name: String = "credo-mpi-check") throws -> MPIJob {
        guard let mpirun else { throw Failure(description: "mpirun is not installed") }
        let program = products.appendingPathComponent(name).path
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw Failure(description: "\(program) is missing: build the \(name) product")
        }
        var flags = ["--oversubscribe", "-np", "\(ranks)"]
        if getuid() == 0 { flags.insert("--allow-run-as-root", at: 0) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mpirun)
        process.arguments = flags + [program] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("credo-mpi-\(UUID().uuidString)")
        let out = base.appendingPathExtension("out"), err = base.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        return MPIJob(process: process, stdoutURL: out, stderrURL: err)
    }

    static func run(ranks: Int, _ arguments: [String], environment: [String: String] = [:],
                    program: String = "credo-mpi-check", timeout: Double = 120) throws -> MPIJob {
        try start(ranks: ranks, arguments, environment: environment, program: program).wait(timeout: timeout)
    }

    /// The first line of standard output that satisfies `matches`, waiting up to `timeout` s.
    func waitForLine(timeout: Double = 60, _ matches: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").map(String.init).first(where: matches) { return line }
            if !process.isRunning { break }
            usleep(20_000)
        }
        process.terminate()
        throw Failure(description: "no matching line within \(timeout) s: \((try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "")")
    }

    /// Waits for the job to end (killing it after `timeout` s, which is a failure) and reads its output.
    func wait(timeout: Double) throws -> MPIJob {
        let deadline = started + .milliseconds(Int64(timeout * 1000))
        while process.isRunning && ContinuousClock.now < deadline { usleep(10_000) }
        var job = self
        job.seconds = Double((ContinuousClock.now - started).components.attoseconds) * 1e-18
            + Double((ContinuousClock.now - started).components.seconds)
        job.stdout = (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? ""
        job.stderr = (try? String(contentsOf: stderrURL, encoding: .utf8)) ?? ""
        if process.isRunning {
            process.terminate()  // mpirun passes SIGTERM on to the ranks
            throw Failure(description: "the job did not end within \(timeout) s\n\(job)")
        }
        job.status = process.terminationStatus
        try? FileManager.default.removeItem(at: stdoutURL)
        try? FileManager.default.removeItem(at: stderrURL)
        return job
    }
}
