import Foundation

/// The interpreter Gymnasium's workers run, and what they inherit.
///
/// Chosen in this order: `--python PATH` (rl-train sets `CREDO_PYTHON` from it), the
/// environment variable `CREDO_PYTHON`, the virtual environment `make gym` creates
/// (`.build/gym-venv/bin/python`, looked for beside the running executable's build folder, then
/// under the working directory), else `python3` on `PATH`.
public enum GymPython {
    /// The environment variable naming the interpreter.
    public static let variable = "CREDO_PYTHON"
    /// The environment variable giving the step timeout in seconds.
    public static let timeoutVariable = "CREDO_GYM_TIMEOUT"

    /// Seconds a worker may take to answer a step or reset: `CREDO_GYM_TIMEOUT`, else 60.
    public static var defaultTimeout: Double {
        ProcessInfo.processInfo.environment[timeoutVariable].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? 60
    }

    /// The environment variable giving the number of worker processes.
    public static let workersVariable = "CREDO_GYM_WORKERS"

    /// Worker processes of a vector environment: `CREDO_GYM_WORKERS`, else one per active core.
    /// (Few cheap copies, such as CartPole's, run faster in one worker: a step is then mostly the
    /// round trip; docs/gymnasium.md.)
    public static var defaultWorkers: Int {
        ProcessInfo.processInfo.environment[workersVariable].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
            ?? ProcessInfo.processInfo.activeProcessorCount
    }

    /// The environment variable giving how long, in microseconds, this process polls a worker's
    /// socket before it sleeps waiting for the answer.
    public static let spinVariable = "CREDO_GYM_SPIN_US"
    /// The default poll time where a core is free for it (see `spinSeconds`).
    public static let defaultSpinMicroseconds = 200
    /// The largest poll time `CREDO_GYM_SPIN_US` may give.
    public static let maximumSpinMicroseconds = 100_000

    /// How long to poll before sleeping while `workers` workers step: `CREDO_GYM_SPIN_US` if set
    /// (0 to 100 000 µs; anything else is an error naming the rule), else 200 µs when this
    /// process, its workers and the other local MPI ranks' (`OMPI_COMM_WORLD_LOCAL_SIZE`, the same
    /// count each) fit on the active cores, else 0. Polling saves this process's wake-up on every
    /// vector step (a CartPole-v1 step through one worker: 51-55 µs → 40-47 µs measured), at the
    /// price of a core that would otherwise sit idle while the workers step; with every core busy
    /// it would slow the workers, so it is off.
    public static func spinSeconds(workers: Int) throws -> Double {
        let environment = ProcessInfo.processInfo.environment
        if let text = environment[spinVariable] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), (0...maximumSpinMicroseconds).contains(value) else {
                throw GymError.invalidSetting(variable: spinVariable, value: text,
                                              rule: "a whole number of microseconds from 0 (sleep at once) to \(maximumSpinMicroseconds)")
            }
            return Double(value) / 1e6
        }
        let localRanks = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1
        return spinFits(workers: workers, localRanks: localRanks, cores: ProcessInfo.processInfo.activeProcessorCount)
            ? Double(defaultSpinMicroseconds) / 1e6 : 0
    }

    /// Whether `localRanks` processes, each with `workers` workers, leave each process a core to
    /// poll on: localRanks × (workers + 1) ≤ cores.
    public static func spinFits(workers: Int, localRanks: Int, cores: Int) -> Bool {
        max(1, localRanks) * (max(1, workers) + 1) <= cores
    }

    /// The interpreter by the order above; throws `GymError.noPython` when none is found.
    public static func resolve() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment[variable], !chosen.isEmpty { return try check(chosen, chosenBy: "from \(variable)") }
        // The build folder holding this executable: .build/release/rl-train is
        // .build/<triple>/release/rl-train, so look two and three levels up.
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                             ?? CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        var candidates: [String] = []
        for _ in 0..<3 {
            folder = folder.deletingLastPathComponent()
            candidates.append(folder.appendingPathComponent("gym-venv/bin/python").path)
        }
        candidates.append(FileManager.default.currentDirectoryPath + "/.build/gym-venv/bin/python")
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        return try check("python3", chosenBy: "the default: python3 on PATH")
    }

    /// `python` as an executable path: a name without a slash is looked up on `PATH`.
    public static func check(_ python: String, chosenBy: String) throws -> String {
        if python.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: python) else { throw GymError.noPython(python, chosenBy: chosenBy) }
            return python
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(python)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw GymError.noPython(python, chosenBy: chosenBy)
    }

    /// The workers' environment: this process's, without Open MPI's and PMI's variables (a
    /// worker under mpirun must not think it is a rank), with one BLAS/OpenMP thread unless set.
    static func workerEnvironment() -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !["OMPI_", "PMI_", "PMIX_"].contains { key.hasPrefix($0) }
        }
        for key in ["OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"] where environment[key] == nil {
            environment[key] = "1"
        }
        return environment
    }

    /// The keyword arguments of `gymnasium.make` from JSON object text (nil or empty: none).
    static func parseKeywordArguments(_ text: String?) throws -> [String: Any] {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return [:] }
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            throw GymError.invalidKeywordArguments(text, reason: "it is not JSON")
        }
        guard let object = value as? [String: Any] else {
            throw GymError.invalidKeywordArguments(text, reason: "it is JSON but not an object")
        }
        return object
    }
}
