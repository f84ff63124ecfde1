import CSpawn
import Foundation

/// Runs a sweep's combinations as `rl-train` child processes, at most `jobs` at a time, each
/// with one OpenBLAS thread, from the calling (main) thread, longest first as far as it can
/// tell (`LongestFirstQueue`).
///
/// A combination with a `finished` status is skipped. One whose run folder holds a checkpoint
/// is resumed (`rl-train --resume <folder>`, with the budget passed again); one whose folder
/// holds no checkpoint (never started, or killed before its first checkpoint) starts afresh
/// (`--force`, which deletes only a run's own files). Each child's output goes to
/// `<sweep>/logs/<label>.log`. A child that fails is recorded with its error and the others go
/// on.
///
/// No child outlives the runner: each is started with PR_SET_PDEATHSIG = SIGKILL (rl-sweep
/// killed, even with SIGKILL, kills its children), in its own process group; a SIGINT or
/// SIGTERM to rl-sweep is forwarded to every child as SIGINT (each writes a final checkpoint and
/// exits 130) and no new run starts; the runner waits for them and returns `interrupted`.
public struct SweepRunner {
    public var sweep: String
    public var plan: SweepPlan
    /// The `rl-train` executable.
    public var trainer: String
    /// Options every run gets (before its own): budget, `--set`, pass-through options.
    public var trainArguments: [String]
    public var jobs: Int
    public var retryFailed = false
    /// Give every run `--set stopAtReturn=<its environment's goal>`: it ends (finished) after
    /// the first update at which the mean return of its last 100 episodes reaches the goal.
    public var stopAtGoal = false
    /// Why a combination is not to be trained (nil: train it): such a combination is recorded
    /// as skipped with the reason, without starting rl-train (`rl-sweep --tuned-only`).
    public var refusal: (SweepCombination) -> String? = { _ in nil }
    /// Progress lines (a run starting, ending).
    public var log: (String) -> Void

    public init(sweep: String, plan: SweepPlan, trainer: String, trainArguments: [String], jobs: Int,
                log: @escaping (String) -> Void) {
        self.sweep = sweep
        self.plan = plan
        self.trainer = trainer
        self.trainArguments = trainArguments
        self.jobs = max(1, jobs)
        self.log = log
    }

    /// What running the sweep did.
    public struct Outcome {
        public var statuses: [SweepCombination: RunStatus] = [:]
        public var interrupted = false
    }

    /// Runs `combinations` (all of the plan's by default); returns when all ended or after an
    /// interrupt once the running children have stopped.
    public func run(_ combinations: [SweepCombination]? = nil) throws(SweepError) -> Outcome {
        credo_install_interrupt_handler()
        for folder in ["logs", "status"] {
            try? FileManager.default.createDirectory(atPath: sweep + "/" + folder, withIntermediateDirectories: true)
        }
        var outcome = Outcome()
        var pending: [SweepCombination] = []
        for combination in combinations ?? plan.combinations {
            if let status = RunStatus.load(in: sweep, for: combination),
               status.state == .finished || (!retryFailed && status.state != .finished) {
                outcome.statuses[combination] = status
                log("\(combination.label): \(status.state.rawValue) earlier\(status.state == .finished ? "" : ": " + status.message)")
            } else if let reason = refusal(combination) {
                let status = RunStatus(state: .skipped, exitStatus: 0, message: reason)
                try status.save(in: sweep, for: combination)
                outcome.statuses[combination] = status
                log("\(combination.label): skipped: \(reason)")
            } else {
                pending.append(combination)
            }
        }
        var queue = LongestFirstQueue(pending)
        let clock = Date()
        var running: [pid_t: SweepCombination] = [:]
        var forwarded = false
        while !queue.isEmpty || !running.isEmpty {
            let interrupted = credo_interrupts() > 0
            if interrupted && !forwarded {
                forwarded = true
                outcome.interrupted = true
                log("interrupted: stopping \(running.count) run(s) at their next update (each writes a final checkpoint)")
                for pid in running.keys { kill(pid, SIGINT) }
                queue.removeAll()  // nothing new starts; the next run of the sweep starts them
            }
            while !interrupted && running.count < jobs, let combination = queue.next(now: Date().timeIntervalSince(clock)) {
                let pid = try start(combination)
                running[pid] = combination
            }
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0, let combination = running.removeValue(forKey: pid) {
                queue.ended(combination, now: Date().timeIntervalSince(clock))
                let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                if let result = finish(combination, exitStatus: exit) {
                    outcome.statuses[combination] = result
                }
            } else {
                // Short enough that a free slot waits ~1 ms for its next run (a CartPole run
                // can take half a second), long enough to cost nothing.
                usleep(2_000)
            }
        }
        return outcome
    }

    /// Starts one combination's rl-train.
    private func start(_ combination: SweepCombination) throws(SweepError) -> pid_t {
        let folder = sweep + "/" + combination.relativePath
        var arguments: [String]
        if Self.hasCheckpoint(folder) {
            arguments = ["--resume", folder] + budgetArguments + stopArguments(combination)
            log("\(combination.label): resuming")
        } else {
            arguments = ["--env", combination.environment, "--estimator", combination.estimator, "--seed", "\(combination.seed)",
                         "--run-dir", folder] + trainArguments + stopArguments(combination)
            if FileManager.default.fileExists(atPath: folder) { arguments.append("--force") }
            log("\(combination.label): starting")
        }
        arguments.append("--quiet")
        var environment = ProcessInfo.processInfo.environment
        environment["OPENBLAS_NUM_THREADS"] = "1"
        for name in environment.keys where name.hasPrefix("OMPI_") || name.hasPrefix("PMIX_") {
            environment[name] = nil  // a child of an mpirun rank is a single-process run
        }
        let logPath = sweep + "/logs/" + combination.label + ".log"
        let argv = [trainer] + arguments
        let envp = environment.map { "\($0)=\($1)" }
        let pid = withCStrings(argv) { argvPointer in
            withCStrings(envp) { envpPointer in credo_spawn(trainer, argvPointer, envpPointer, logPath) }
        }
        guard pid > 0 else { throw .spawnFailed(trainer, String(cString: strerror(errno))) }
        return pid
    }

    /// `--set stopAtReturn=<goal>` when the sweep stops runs at their goal (after the
    /// pass-through options, so it is the sweep's goal that counts).
    public func stopArguments(_ combination: SweepCombination) -> [String] {
        guard stopAtGoal, let goal = plan.goals[combination.environment] else { return [] }
        return ["--set", "stopAtReturn=\(goal)"]
    }

    /// The budget options among `trainArguments`, passed again on a resume (a resumed run keeps
    /// its configuration but may be given a new budget).
    private var budgetArguments: [String] {
        var result: [String] = []
        var index = 0
        while index < trainArguments.count {
            if ["--total-steps", "--episodes"].contains(trainArguments[index]), index + 1 < trainArguments.count {
                result += [trainArguments[index], trainArguments[index + 1]]
                index += 1
            }
            index += 1
        }
        return result
    }

    /// Records how a child ended; nil when it was interrupted (no status: the next sweep resumes it).
    private func finish(_ combination: SweepCombination, exitStatus: Int32) -> RunStatus? {
        let logText = (try? String(contentsOfFile: sweep + "/logs/" + combination.label + ".log", encoding: .utf8)) ?? ""
        let errorLine = logText.split(separator: "\n").last { $0.contains("error:") }.map(String.init)
        let folder = sweep + "/" + combination.relativePath
        let status: RunStatus
        switch exitStatus {
        case 0:
            status = RunStatus(state: .finished, exitStatus: 0, message: "finished")
        case 130, 128 + SIGINT, 128 + SIGKILL, 128 + SIGTERM:
            log("\(combination.label): stopped (status \(exitStatus)); the next run of this sweep resumes it")
            return nil
        default:
            let refused = !FileManager.default.fileExists(atPath: folder + "/metrics.csv")
            let message = errorLine ?? logText.split(separator: "\n").last.map(String.init) ?? "exit status \(exitStatus)"
            status = RunStatus(state: refused ? .skipped : .failed, exitStatus: exitStatus, message: message)
        }
        try? status.save(in: sweep, for: combination)
        log("\(combination.label): \(status.state.rawValue)\(status.state == .finished ? "" : ": " + status.message)")
        return status
    }

    /// Whether `folder/checkpoints` holds a `ckpt-*.h5`.
    static func hasCheckpoint(_ folder: String) -> Bool {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/checkpoints")) ?? []
        return names.contains { $0.hasPrefix("ckpt-") && $0.hasSuffix(".h5") }
    }
}

/// Calls `body` with a NULL-terminated C array of copies of `strings`.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
