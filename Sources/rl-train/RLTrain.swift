import ArgumentParser
import CredoAgents
import CredoDistributed
import CredoMPI
import CredoRun
import CredoTensor
import Foundation

extension EstimatorName: ExpressibleByArgument {
    /// Only the names of the standard catalog's trainer families (`--help` lists them).
    public init?(argument: String) {
        guard TrainerCatalog.standard.estimators.contains(EstimatorName(rawValue: argument)) else { return nil }
        self.init(rawValue: argument)
    }

    public static var allValueStrings: [String] { TrainerCatalog.standard.estimators.map(\.rawValue) }
}
extension ReturnTargetName: ExpressibleByArgument {}
extension EnvironmentSplit: ExpressibleByArgument {}

/// `rl-train`: trains an actor-critic agent on a registered environment, writing a run
/// directory (config.json, metrics.csv, learning-curve.svg, checkpoints/) and resuming from
/// one. Everything past option parsing is `TrainingLauncher` in CredoRun.
@main
struct RLTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-train",
        abstract: "Train an actor-critic agent with a chosen gradient estimator.",
        discussion: """
        Values come from the built-in defaults, then the preset (--preset FILE, else \
        envs/<env>.json in the working directory, else the one built into rl-train: its "defaults", \
        then its section for the estimator), then these options; the first line of output names it; --set reaches every key of config.json. A run writes config.json, metrics.csv, \
        learning-curve.svg and checkpoints/ckpt-<step>.h5 to its run directory. Ctrl-C writes a \
        final checkpoint and exits with status 130; --resume continues exactly where it stopped. \
        Under mpirun (mpirun -np N rl-train ...; as root add --allow-run-as-root) it trains \
        data-parallel on N ranks, rank 0 writing the run directory; SIGUSR1 to mpirun stops every \
        rank with a final checkpoint.
        """)

    /// The catalog the command trains with (the agent layer's trainers).
    static let catalog = TrainerCatalog.standard

    @Option(name: .customLong(RunConfiguration.longOptionName(forKey: "environment")),
            help: ArgumentHelp("The environment (\(TrainerCatalog.standard.environments.joined(separator: ", ")), or gym:<id> for Gymnasium's (docs/gymnasium.md).",
                               valueName: "name"))
    var environment: String?

    @Option(name: .customLong(RunConfiguration.longOptionName(forKey: "environmentKwargs")),
            help: ArgumentHelp("Keyword arguments of a gym: environment, a JSON object, e.g. '{\"continuous\": true}'.",
                               valueName: "json"))
    var environmentKwargs: String?

    @Option(help: ArgumentHelp("The Python interpreter of gym: environments (default: $CREDO_PYTHON, else .build/gym-venv/bin/python, else python3).",
                               valueName: "path"))
    var python: String?

    @Option(help: "The gradient estimator.")
    var estimator: EstimatorName?

    @Option(parsing: .unconditional, help: "Seed of every random generator of the run.")
    var seed: UInt64?

    @Option(parsing: .unconditional, help: "Stop after this many environment steps.")
    var totalSteps: Int?

    @Option(parsing: .unconditional, help: "Stop after this many episodes (with --total-steps: whichever comes first).")
    var episodes: Int?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("Stop early once the mean return of the last 100 episodes reaches this (the goal; a final checkpoint is written).",
                               valueName: "return"))
    var stopAtReturn: Double?

    @Option(name: .customLong(RunConfiguration.longOptionName(forKey: "environmentCount")), parsing: .unconditional,
            help: "Parallel environment copies.")
    var environmentCount: Int?

    @Option(help: ArgumentHelp("Under mpirun: split the copies over the ranks, keeping the one-rank run's batch "
                               + "(auto: when the rank count divides them; off: each rank runs them all).",
                               valueName: "auto|on|off"))
    var envSplit: EnvironmentSplit?

    @Option(parsing: .unconditional, help: "Steps per environment copy per update.")
    var rolloutSteps: Int?

    @Option(help: ArgumentHelp("Roll out one whole episode per copy per update.", valueName: "true|false"))
    var episodicRollouts: Bool?

    @Option(help: "The return target of the critic and the advantages.")
    var target: ReturnTargetName?

    @Option(parsing: .unconditional, help: "Discount factor γ, in [0, 1].")
    var gamma: Double?

    @Option(parsing: .unconditional, help: "λ of the λ-returns, in [0, 1].")
    var lambda: Double?

    @Option(name: [.customLong("k-steps"), .customLong("k")], parsing: .unconditional,
            help: "K of the K-step returns (--target k-step).")
    var kSteps: Int?

    @Option(parsing: .unconditional, help: "Learning rate of the policy.")
    var learningRate: Double?

    @Option(parsing: .unconditional, help: "Learning rate of the critic.")
    var criticLearningRate: Double?

    @Option(parsing: .unconditional, help: "Learning rate of the control variate (RELAX, LAX).")
    var controlVariateLearningRate: Double?

    @Option(parsing: .unconditional, help: "Weight of the entropy bonus.")
    var entropyCoefficient: Double?

    @Option(parsing: .unconditional, help: "Passes over each rollout, in shuffled minibatches (PPO's epochs).")
    var epochs: Int?

    @Option(parsing: .unconditional, help: "Rows (steps × copies) per minibatch of a pass (0: the whole rollout).")
    var minibatchSize: Int?

    @Option(parsing: .unconditional, help: "PPO's clip range ε: the probability ratio is clipped to [1 − ε, 1 + ε].")
    var clipRange: Double?

    @Option(parsing: .unconditional, help: ArgumentHelp("Hidden layer widths, comma-separated.", valueName: "widths"))
    var hiddenSizes: String?

    @Option(parsing: .unconditional, help: "Clip each network's global gradient norm to this (0: no clipping).")
    var maxGradientNorm: Double?

    @Option(parsing: .unconditional, help: "Off-policy: transitions the replay buffer holds.")
    var bufferSize: Int?

    @Option(parsing: .unconditional, help: "Off-policy: environment steps of uniformly random actions before learning.")
    var learningStarts: Int?

    @Option(parsing: .unconditional, help: "Off-policy: transitions per gradient step, drawn from the replay buffer.")
    var batchSize: Int?

    @Option(parsing: .unconditional, help: "Off-policy: Polyak rate τ of the target networks, in (0, 1].")
    var tau: Double?

    @Option(parsing: .unconditional, help: "Off-policy: environment steps per copy between updates.")
    var trainFrequency: Int?

    @Option(parsing: .unconditional, help: "Off-policy: gradient steps per update.")
    var gradientSteps: Int?

    @Option(parsing: .unconditional, help: "td3, sobolev-q: critic steps per actor step.")
    var policyDelay: Int?

    @Option(parsing: .unconditional, help: "td3: standard deviation of the target policy's smoothing noise.")
    var targetPolicyNoise: Double?

    @Option(parsing: .unconditional, help: "sac: the entropy temperature α at the start (then tuned).")
    var initialTemperature: Double?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Set any configuration key, e.g. --set normalizeObservations=true (repeatable).",
                               valueName: "key=value"))
    var settings: [String] = []

    @Option(help: ArgumentHelp("A preset file to use instead of envs/<env>.json or the built-in preset.", valueName: "file"))
    var preset: String?

    @Flag(help: "Use no preset: neither envs/<env>.json nor the built-in one.")
    var noPreset = false

    @Option(help: ArgumentHelp("The run directory (default: runs/<env>-<estimator>-<seed>).", valueName: "dir"))
    var runDir: String?

    @Option(parsing: .unconditional, help: "Write a checkpoint every this many environment steps.")
    var checkpointEvery: Int?

    @Option(parsing: .unconditional, help: "Keep the newest this many checkpoints.")
    var keepCheckpoints: Int?

    @Option(help: ArgumentHelp("Continue from a checkpoint file or a run directory's newest checkpoint.",
                               valueName: "checkpoint-or-dir"))
    var resume: String?

    @Flag(help: "Start a fresh run in a directory that holds an earlier run's files, deleting them.")
    var force = false

    @Flag(help: "No progress output; only errors and the final summary.")
    var quiet = false

    /// The options given, by configuration key: `--set` values first, the named options over them.
    func overrides() throws(ValidationError) -> ConfigurationOverrides {
        var layer = ConfigurationOverrides()
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, Self.catalog.keys.contains(parts[0]) else {
                throw ValidationError("invalid --set \"\(setting)\": give key=value with one of the keys "
                    + Self.catalog.keys.joined(separator: ", "))
            }
            layer[parts[0]] = (try? JSONDecoder().decode(ConfigurationOverrides.Value.self, from: Data(parts[1].utf8)))
                ?? .text(parts[1])
        }
        let texts: [String: String?] = ["environment": environment, "environmentKwargs": environmentKwargs, "estimator": estimator?.rawValue, "target": target?.rawValue,
                                        "environmentSplit": envSplit?.rawValue]
        let integers: [String: Int?] = ["totalSteps": totalSteps, "episodes": episodes, "environmentCount": environmentCount,
                                        "rolloutSteps": rolloutSteps, "kSteps": kSteps, "epochs": epochs,
                                        "minibatchSize": minibatchSize, "bufferSize": bufferSize,
                                        "learningStarts": learningStarts, "batchSize": batchSize,
                                        "trainFrequency": trainFrequency, "gradientSteps": gradientSteps,
                                        "policyDelay": policyDelay]
        let numbers: [String: Double?] = ["gamma": gamma, "lambda": lambda, "learningRate": learningRate,
                                          "criticLearningRate": criticLearningRate,
                                          "controlVariateLearningRate": controlVariateLearningRate,
                                          "entropyCoefficient": entropyCoefficient, "maxGradientNorm": maxGradientNorm,
                                          "clipRange": clipRange, "tau": tau, "targetPolicyNoise": targetPolicyNoise,
                                          "initialTemperature": initialTemperature, "stopAtReturn": stopAtReturn]
        for case let (key, value?) in texts { layer[key] = .text(value) }
        for case let (key, value?) in integers { layer[key] = .integer(value) }
        for case let (key, value?) in numbers { layer[key] = .number(value) }
        if let seed { layer["seed"] = seed <= UInt64(Int.max) ? .integer(Int(seed)) : .unsigned(seed) }
        if let episodicRollouts { layer["episodicRollouts"] = .bool(episodicRollouts) }
        layer["checkpointEvery"] = checkpointEvery.map { .integer($0) } ?? layer["checkpointEvery"]
        layer["keepCheckpoints"] = keepCheckpoints.map { .integer($0) } ?? layer["keepCheckpoints"]
        if let hiddenSizes {
            let widths = hiddenSizes.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !widths.isEmpty, widths.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw ValidationError("invalid --hidden-sizes \"\(hiddenSizes)\": give layer widths of at least 1 separated by commas, e.g. 64,64")
            }
            layer["hiddenSizes"] = .integers(widths.map { $0! })
        }
        return layer
    }

    /// The request these options make.
    func request() throws(ValidationError) -> TrainingRequest {
        TrainingRequest(overrides: try overrides(), presetPath: preset, ignorePreset: noPreset, runDirectory: runDir,
                        resume: resume, force: force, quiet: quiet)
    }

    func validate() throws {
        if let problem = MatrixProducts.settingProblem { throw ValidationError(problem) }
        if preset != nil && noPreset { throw ValidationError("--preset and --no-preset exclude each other") }
        if resume != nil && force && runDir == nil {
            throw ValidationError("--force starts a fresh run; with --resume it only applies to a new --run-dir")
        }
        let layer = try overrides()
        if let environment, !Self.catalog.registry.accepts(environment) {
            throw ValidationError(RunError.unknownEnvironment(name: environment, valid: Self.catalog.environments).description)
        }
        // Range checks on the values given here; preset values are checked when they are merged.
        do throws(RunError) {
            // Each value against its family's rules; the rules across the budget (an off-policy
            // run's learning starts within its total steps) wait for the preset, in the launcher.
            var base = try Self.catalog.defaults(for: estimator ?? RunConfiguration().estimator)
            var values = layer
            values["totalSteps"] = nil
            values["episodes"] = nil
            (base.totalSteps, base.episodes) = (nil, 1)
            _ = try Self.catalog.resolve(base.applying(values, source: "the command line"))
            var budget = ConfigurationOverrides()
            budget["totalSteps"] = layer["totalSteps"]
            budget["episodes"] = layer["episodes"]
            try RunConfiguration(totalSteps: 1).applying(budget, source: "the command line").validateRunKeys()
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
        TrainingProcess.configure()
        InterruptSignal.install()
        // gym: workers are started deep in the agent layer; the interpreter reaches them this way.
        if let python { setenv("CREDO_PYTHON", python, 1) }
        // Under mpirun, one rank of a data-parallel run (MPI is not touched otherwise).
        let communicator: any Communicator
        do {
            communicator = try MPICommunicator.worldIfLaunched()
        } catch {
            FileHandle.standardError.write(Data("rl-train: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        if communicator.size > 1 { InterruptSignal.installUserSignal() }
        var launcher = TrainingLauncher(catalog: Self.catalog)
        launcher.communicator = communicator
        let outcome: SessionOutcome
        do {
            outcome = try launcher.run(try request())
        } catch {
            // Ranks other than 0 stay quiet (rank 0 reports another rank's failure as its own
            // "rank R failed: ..."). No finalize: mpirun ends the job on this nonzero exit.
            if communicator.isWriter {
                FileHandle.standardError.write(Data("rl-train: error: \(error)\n".utf8))
            } else {
                // mpirun ends the whole job at the first nonzero exit: give rank 0, which meets the
                // same error, the moment it needs to say it.
                usleep(500_000)
            }
            throw ExitCode.failure
        }
        if communicator.isWriter { print(outcome.summary) }
        // Every rank ends its session at the same update; finalise when it ended cleanly (the
        // budget spent, or a stop request with its final checkpoint), not after a failure.
        if outcome.exitStatus == 0 || outcome.exitStatus == InterruptSignal.exitStatus {
            (communicator as? MPICommunicator)?.finalize()
        }
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
