import ArgumentParser
import CredoRun
import CredoSweep
import CredoTensor
import Foundation

/// `rl-sweep`: trains every environment × estimator × seed as an ordinary rl-train run folder
/// under one sweep folder, several at a time, resumably, and reports them with rliable's
/// statistics. Everything past option parsing is `SweepRunner` and `SweepReport` in CredoSweep.
@main
struct RLSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-sweep",
        abstract: "Train estimators × environments × seeds with rl-train, in parallel and resumably, and report them.",
        discussion: """
        rl-sweep [run] trains each combination as an ordinary rl-train run folder \
        DIR/<env>/<estimator>/seed-<seed>/ (config.json, metrics.csv, TensorBoard events, \
        checkpoints, learning curve), --jobs at a time, each rl-train with one OpenBLAS thread, \
        then writes the report. Running the same command again skips finished runs and resumes \
        unfinished ones; a failed run is reported with its error and the others go on; a \
        combination rl-train refuses (relax on continuous actions) is skipped with its reason. \
        Ctrl-C stops every run with a final checkpoint (exit status 130); if rl-sweep is killed, \
        its rl-train children are killed too. Under mpirun -np N (as root add \
        --allow-run-as-root) rank r trains the combinations i with i mod N = r and rank 0 writes \
        the report when all are done. rl-sweep report DIR writes DIR/sweep.md, DIR/sweep.json \
        and DIR/figures/*.svg from the run folders at any time, also while runs are going. Every option of a sweep (--envs, --estimators, --seeds, --jobs, --out, --goal, --total-steps, --episodes, --stop-at-goal, --window, --tuned-only, --exclude, --set, --rl-train, --retry-failed, --resamples, and rl-train options after --) is described by rl-sweep run --help; docs/sweeps.md has the rest.
        """,
        subcommands: [Run.self, Report.self],
        defaultSubcommand: Run.self)
}

extension RLSweep {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train the sweep (the default subcommand), then write its report.")

        @Option(help: ArgumentHelp("Environments, comma-separated (\(TrainerCatalog.standard.environments.joined(separator: ", "))).",
                                   valueName: "names"))
        var envs: String

        @Option(help: ArgumentHelp("Estimators, comma-separated (\(TrainerCatalog.standard.estimators.map(\.rawValue).joined(separator: ", "))).",
                                   valueName: "names"))
        var estimators: String

        @Option(help: ArgumentHelp("Seeds: numbers and inclusive ranges, comma-separated, e.g. 100-109 or 1,2,5.", valueName: "seeds"))
        var seeds: String

        @Option(help: ArgumentHelp("Runs at a time (default: the number of cores; under mpirun, the cores per rank on its machine).",
                                   valueName: "n"))
        var jobs: Int?

        @Option(help: ArgumentHelp("The sweep folder.", valueName: "dir"))
        var out: String

        @Option(name: .customLong("goal"),
                help: ArgumentHelp("The goal of an environment: the mean return of 100 consecutive episodes that counts as solved (repeatable; default: the preset's \"goal\", else \(SweepPlan.defaultGoals.sorted { $0.key < $1.key }.map { "\($0.key) \(Int($0.value))" }.joined(separator: ", "))).",
                                   valueName: "env=value"))
        var goals: [String] = []

        @Option(help: ArgumentHelp("Each run's step budget (rl-train --total-steps; default: the preset's).", valueName: "steps"))
        var totalSteps: Int?

        @Option(help: ArgumentHelp("Each run's episode budget (rl-train --episodes).", valueName: "n"))
        var episodes: Int?

        @Flag(help: "Stop each run at its goal: rl-train --stop-at-return <goal> (the mean return of its last 100 episodes); the budget becomes a limit. Needs --window 100.")
        var stopAtGoal = false

        @Option(help: ArgumentHelp("Episodes in the rolling mean that decides the goal and the final return (default 100; 10 for the zoo's off-policy criterion).",
                                   valueName: "n"))
        var window = 100

        @Flag(help: "Train only the pairs whose environment's preset has a section for the estimator (its tuned settings; the preset rl-train would use: --preset among the rl-train options, else envs/<env>.json here, else the built-in one); the others are recorded as skipped with the reason, without starting rl-train.")
        var tunedOnly = false

        @Option(help: ArgumentHelp("Leave out a pair (repeatable, or comma-separated): recorded as skipped with the reason, without starting rl-train.",
                                   valueName: "env:estimator"))
        var exclude: [String] = []

        @Option(name: .customLong("set"), help: ArgumentHelp("Set a configuration key of every run (rl-train --set; repeatable).", valueName: "key=value"))
        var settings: [String] = []

        @Option(name: .customLong("rl-train"), help: ArgumentHelp("The rl-train to run (default: the one beside rl-sweep).", valueName: "path"))
        var trainer: String?

        @Flag(help: "Run again the runs recorded as failed or skipped.")
        var retryFailed = false

        @Option(help: ArgumentHelp("Bootstrap resamples of the report's intervals.", valueName: "n"))
        var resamples = 2_000

        @Argument(parsing: .postTerminator, help: ArgumentHelp("Further rl-train options for every run, after --.", valueName: "rl-train options"))
        var passThrough: [String] = []

        func validate() throws {
            if let problem = MatrixProducts.settingProblem { throw ValidationError(problem) }
            do {
                _ = try plan()
            } catch {
                throw ValidationError(error.description)
            }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if let totalSteps, totalSteps < 1 { throw ValidationError("--total-steps must be at least 1") }
            if let episodes, episodes < 1 { throw ValidationError("--episodes must be at least 1") }
            if resamples < 1 || resamples > 1_000_000 { throw ValidationError("--resamples must be in 1...1000000") }
            if stopAtGoal && window != 100 {
                throw ValidationError("--stop-at-goal stops a run on the mean of its last 100 episodes (rl-train's rule), so it needs --window 100, not \(window)")
            }
            for setting in settings where !setting.contains("=") {
                throw ValidationError("invalid --set \"\(setting)\": give key=value (rl-train --help lists the keys)")
            }
            do {
                _ = try refusals()
            } catch {
                throw ValidationError(error.description)
            }
            if trainer == nil && !FileManager.default.isExecutableFile(atPath: Self.defaultTrainer) {
                throw ValidationError("no rl-train beside rl-sweep (\(Self.defaultTrainer)); build it or give --rl-train PATH")
            }
        }

        func plan() throws(SweepError) -> SweepPlan {
            let catalog = TrainerCatalog.standard
            let environments = try SweepPlan.parseNames(envs, kind: "environment", valid: catalog.environments,
                                                        accepts: { catalog.registry.accepts($0) },
                                                        also: "gym:<id> (any Gymnasium id, docs/gymnasium.md)")
            var goalTable: [String: Double] = [:]
            for environment in environments {
                goalTable[environment] = Self.presetGoal(environment) ?? SweepPlan.defaultGoals[environment]
            }
            for goal in goals {
                let (environment, value) = try SweepPlan.parseGoal(goal)
                guard environments.contains(environment) else {
                    throw .invalidArgument("--goal \(goal) names \"\(environment)\", which is not among --envs (\(environments.joined(separator: ", ")))")
                }
                goalTable[environment] = value
            }
            guard (1...SweepPlan.maximumWindow).contains(window) else {
                throw .invalidArgument("--window must be in 1...\(SweepPlan.maximumWindow), got \(window)")
            }
            return SweepPlan(environments: environments,
                             estimators: try SweepPlan.parseNames(estimators, kind: "estimator", valid: catalog.estimators.map(\.rawValue)),
                             seeds: try SweepPlan.parseSeeds(seeds), goals: goalTable, window: window)
        }

        /// `--exclude`'s and `--tuned-only`'s reasons for leaving pairs out, keyed by `TunedPairs.key`
        /// (an excluded pair names its exclusion).
        func refusals() throws(SweepError) -> [String: String] {
            let plan = try plan()
            var reasons = tunedOnly
                ? try TunedPairs.untuned(environments: plan.environments, estimators: plan.estimators, passThrough: passThrough) : [:]
            for (pair, reason) in try ExcludedPairs.reasons(exclude, environments: plan.environments, estimators: plan.estimators) {
                reasons[pair] = reason
            }
            return reasons
        }

        /// The `goal` of the preset rl-train would use: envs/<stem>.json in the working directory,
        /// else the built-in one (`Preset.fileStem`: `gym:LunarLander-v3` → `gym-LunarLander-v3`).
        static func presetGoal(_ environment: String) -> Double? {
            let path = Preset.defaultPath(env: environment)
            if FileManager.default.fileExists(atPath: path) { return (try? Preset.load(path: path))?.goal }
            guard let text = TrainerCatalog.standard.builtInPresets[Preset.fileStem(env: environment)] else { return nil }
            return (try? Preset.parse(Data(text.utf8), path: "built-in " + environment))?.goal
        }

        static var defaultTrainer: String {
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("rl-train").path
        }

        /// The options every run gets.
        var trainArguments: [String] {
            var arguments: [String] = []
            if let totalSteps { arguments += ["--total-steps", "\(totalSteps)"] }
            if let episodes { arguments += ["--episodes", "\(episodes)"] }
            for setting in settings { arguments += ["--set", setting] }
            return arguments + passThrough
        }

        func run() throws {
            let plan = try plan()
            let rank = MPIPlacement.current
            let jobs = self.jobs ?? max(1, ProcessInfo.processInfo.activeProcessorCount / rank.localSize)
            if rank.rank == 0 { try plan.save(in: out) }
            func say(_ line: String) {
                FileHandle.standardOutput.write(Data(((rank.size > 1 ? "[rank \(rank.rank)] " : "") + line + "\n").utf8))
            }
            var runner = SweepRunner(sweep: out, plan: plan, trainer: trainer ?? Self.defaultTrainer, trainArguments: trainArguments,
                                     jobs: jobs, log: say)
            runner.retryFailed = retryFailed
            runner.stopAtGoal = stopAtGoal
            let refusals = try refusals()
            if !refusals.isEmpty {
                runner.refusal = { refusals[TunedPairs.key($0.environment, $0.estimator)] }
            }
            let share = plan.share(rank: rank.rank, size: rank.size)
            say("sweep \(out): \(plan.combinations.count) runs (\(plan.environments.count) environments × \(plan.estimators.count) estimators × \(plan.seeds.count) seeds)"
                + (rank.size > 1 ? ", \(share.count) on this rank" : "") + ", \(jobs) at a time")
            let outcome = try runner.run(share)
            if rank.rank == 0 {
                if rank.size > 1 && !outcome.interrupted { waitForOtherRanks(plan, say: say) }
                let report = try SweepReport.make(sweep: out, plan: plan, resamples: resamples)
                try report.write(to: out)
                say("report: \(out)/sweep.md, \(out)/sweep.json, \(out)/figures/")
            }
            if outcome.interrupted { throw ExitCode(130) }
            let unfinished = share.filter { outcome.statuses[$0] == nil }
            if !unfinished.isEmpty {
                // A child stopped by a signal from elsewhere (not rl-sweep's interrupt): resumable.
                say("\(unfinished.count) run(s) stopped before their end (\(unfinished.map(\.label).joined(separator: ", "))); run the same command again to resume them")
                throw ExitCode.failure
            }
            if outcome.statuses.values.contains(where: { $0.state == .failed }) { throw ExitCode.failure }
        }

        /// Rank 0 waits until every combination has a status (the other ranks' runs ended).
        func waitForOtherRanks(_ plan: SweepPlan, say: (String) -> Void) {
            var announced = false
            while plan.combinations.contains(where: { RunStatus.load(in: out, for: $0) == nil }) {
                if !announced { say("waiting for the other ranks' runs"); announced = true }
                sleep(1)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write DIR/sweep.md, DIR/sweep.json and DIR/figures/*.svg from the sweep's run folders.")

        @Argument(help: ArgumentHelp("The sweep folder (holding sweep-plan.json).", valueName: "dir"))
        var folder: String

        @Option(help: ArgumentHelp("Bootstrap resamples of the intervals.", valueName: "n"))
        var resamples = 2_000

        func validate() throws {
            if resamples < 1 || resamples > 1_000_000 { throw ValidationError("--resamples must be in 1...1000000") }
        }

        func run() throws {
            do {
                let plan = try SweepPlan.load(from: folder)
                let report = try SweepReport.make(sweep: folder, plan: plan, resamples: resamples)
                try report.write(to: folder)
                print("report: \(folder)/sweep.md, \(folder)/sweep.json, \(folder)/figures/")
            } catch {
                FileHandle.standardError.write(Data("rl-sweep: error: \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}

/// This process's place under mpirun (Open MPI's environment variables; one rank otherwise).
/// rl-sweep does not link MPI: the ranks share the work by index and meet through the files.
struct MPIPlacement {
    var rank = 0
    var size = 1
    var localSize = 1

    static var current: MPIPlacement {
        let environment = ProcessInfo.processInfo.environment
        guard let rank = environment["OMPI_COMM_WORLD_RANK"].flatMap(Int.init),
              let size = environment["OMPI_COMM_WORLD_SIZE"].flatMap(Int.init), size > 1, (0..<size).contains(rank) else {
            return MPIPlacement()
        }
        return MPIPlacement(rank: rank, size: size,
                            localSize: max(1, environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap(Int.init) ?? 1))
    }
}
