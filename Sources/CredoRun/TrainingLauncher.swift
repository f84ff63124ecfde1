import CredoAgents
import CredoCheckpoint
import CredoDistributed
import CredoEnvironments
import Foundation

/// Everything `rl-train` does after parsing its options: settles the configuration (defaults,
/// preset, command line; or the checkpoint's own when resuming), prepares the run directory,
/// builds or restores the trainer through the catalog, and runs a `TrainingSession`.
///
/// Nothing on disk changes until every check has passed and, when resuming, the checkpoint has
/// been read and restored into a trainer: a bad option, an unknown name, a missing or corrupt
/// checkpoint or a mismatched architecture leaves every existing file as it was.
public struct TrainingLauncher {
    public var catalog: TrainerCatalog
    /// Where `<env>.json` presets live.
    public var presetDirectory: String
    /// How progress is shown; `nil` picks by `--quiet` and whether stdout is a terminal.
    public var progressMode: ProgressReporter.Mode?
    /// Where progress and notes go (stdout by default).
    public var write: (String) -> Void
    /// Asked between updates whether to stop (SIGINT).
    public var shouldStop: () -> Bool
    /// The ranks of the run (`mpirun -np N`): each rank builds its own trainer and session;
    /// rank 0 alone locks, prepares and writes the run directory and shows progress.
    public var communicator: any Communicator = SingleProcessCommunicator()

    public init(catalog: TrainerCatalog, presetDirectory: String = "envs", progressMode: ProgressReporter.Mode? = nil,
                write: @escaping (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) },
                shouldStop: @escaping () -> Bool = { InterruptSignal.isRequested }) {
        self.catalog = catalog
        self.presetDirectory = presetDirectory
        self.progressMode = progressMode
        self.write = write
        self.shouldStop = shouldStop
    }

    /// The configuration of a fresh run: the defaults of the estimator's trainer, then the
    /// preset, then the command line.
    public func configuration(for request: TrainingRequest) throws(RunError) -> RunConfiguration {
        try settle(request).configuration
    }

    /// The configuration of a fresh run and the preset it used (read once).
    func settle(_ request: TrainingRequest) throws(RunError) -> (configuration: RunConfiguration, preset: PresetChoice) {
        // The estimator picks the trainer family, whose defaults are the lowest layer.
        var estimator = RunConfiguration().estimator
        switch request.overrides["estimator"] {
        case .text(let name)?: estimator = EstimatorName(rawValue: name)
        case nil: break
        case let other?: throw .invalidPreset(path: "the command line", reason: "key \"estimator\" must be a string, got \(other)")
        }
        // The estimator too: the family's defaults carry the family's default estimator, and the
        // preset's section is chosen by the configuration's estimator.
        var names = ConfigurationOverrides()
        names["environment"] = request.overrides["environment"]
        names["estimator"] = .text(estimator.rawValue)   // so the preset's section for it applies
        var configuration = try catalog.defaults(for: estimator).applying(names, source: "the command line")
        guard catalog.registry.accepts(configuration.env) else {
            throw .unknownEnvironment(name: configuration.env, valid: catalog.environments)
        }
        let choice = try presetChoice(for: request, env: configuration.env)
        if let preset = choice.preset {
            try preset.validate(estimators: catalog.estimators)
            configuration = try preset.apply(to: configuration)
        }
        configuration = try configuration.applying(Self.budgetAdjusted(request.overrides), source: "the command line")
        return (try catalog.resolve(configuration), choice)
    }

    /// The preset a fresh run of `env` uses (see `PresetChoice`).
    public func presetChoice(for request: TrainingRequest, env: String) throws(RunError) -> PresetChoice {
        try PresetChoice.resolve(env: env, explicitPath: request.presetPath, ignore: request.ignorePreset,
                                 directory: presetDirectory, builtIn: catalog.builtInPresets, validKeys: catalog.keys)
    }

    /// `overrides` where a budget given alone replaces the other one: `--episodes 200` means 200
    /// episodes, not "200 episodes or the preset's total steps, whichever comes first".
    static func budgetAdjusted(_ overrides: ConfigurationOverrides) -> ConfigurationOverrides {
        var adjusted = overrides
        switch (overrides["totalSteps"], overrides["episodes"]) {
        case (nil, _?): adjusted["totalSteps"] = .null
        case (_?, nil): adjusted["episodes"] = .null
        default: break
        }
        return adjusted
    }

    /// Trains as `request` asks and returns how the session ended.
    public func run(_ request: TrainingRequest) throws -> SessionOutcome {
        if let resume = request.resume { return try resumeRun(from: resume, request: request) }
        let (configuration, preset) = try settle(request)
        let directory = RunDirectory(path: request.runDirectory ?? RunDirectory.defaultPath(for: configuration))
        let trainer = try catalog.makeTrainer(configuration, communicator: communicator)
        // Every check has passed: lock the folder for the run's life, then prepare it (rank 0).
        let prepared = try onWriterAgreed { () throws -> (RunLock, MetricsLog) in
            let lock = try RunLock.acquire(directory.path)
            do {
                try directory.prepareFreshRun(force: request.force)
                try directory.writeConfiguration(configuration)
                return (lock, try MetricsLog.create(path: directory.metricsPath))
            } catch {
                lock.release()
                throw error
            }
        }
        defer { prepared?.0.release() }
        let reporter = makeReporter(request, counters: trainer.counters)
        reporter.message(preset.summary)
        if let (lock, _) = prepared { noteStaleLock(lock, reporter: reporter) }
        reporter.message("training \(configuration.env) with \(configuration.estimator.rawValue), seed \(configuration.seed), "
            + budget(configuration) + ranksNote + ", in \(directory.path)")
        return try TrainingSession(configuration: configuration, runDirectory: directory, trainer: trainer, metrics: prepared?.1,
                                   reporter: reporter, shouldStop: shouldStop, communicator: communicator).run()
    }

    /// ", 2 ranks" under mpirun.
    private var ranksNote: String { communicator.size > 1 ? ", \(communicator.size) ranks" : "" }

    /// Runs `body` on rank 0 only (nil elsewhere); under several ranks, a failure on rank 0 stops
    /// every rank (rank 0 throws its own error, the others `CommunicatorError.rankFailed`).
    private func onWriterAgreed<T>(_ body: () throws -> T) throws -> T? {
        try agreed { communicator.isWriter ? try body() : nil }
    }

    /// Runs `body` on every rank; under several ranks, a failure on any rank stops every rank:
    /// the failing rank throws its own error, the others `CommunicatorError.rankFailed`.
    private func agreed<T>(_ body: () throws -> T) throws -> T {
        guard communicator.size > 1 else { return try body() }
        var result: T?, failure: (any Error)?
        do { result = try body() } catch { failure = error }
        do {
            try communicator.throwIfAnyRankFailed(failure.map { "\($0)" })
        } catch {
            throw failure ?? error
        }
        return result!
    }

    private func resumeRun(from argument: String, request: TrainingRequest) throws -> SessionOutcome {
        let location: ResumeLocator.Location
        do {
            location = try ResumeLocator.locate(argument)
        } catch {
            // A run another process has just started has no checkpoint yet: say who holds it.
            var isDirectory: ObjCBool = false
            if communicator.isWriter, FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                try RunLock.acquire(argument).release()
            }
            throw error
        }
        // The run being resumed is locked before its checkpoint is read: a run another process
        // is still training is refused, not read mid-rotation.
        let sourceLock = try onWriterAgreed { try location.runDirectory.map { path throws(RunError) in try RunLock.acquire(path) } }
            ?? nil
        defer { sourceLock?.release() }
        let (checkpoint, saved) = try RunCheckpoint.load(path: location.checkpoint)
        let writtenBy = checkpoint.worldSize
        guard writtenBy == communicator.size else {
            throw RunError.worldSizeMismatch(path: location.checkpoint, checkpoint: writtenBy, run: communicator.size)
        }
        let configuration = try catalog.resolve(saved.applying(Self.budgetAdjusted(request.overrides), source: "the command line"))
        for difference in configuration.differences(from: try catalog.resolve(saved))
        where !RunConfiguration.resumableKeys.contains(difference.key) {
            throw RunError.resumeConflict(key: difference.key, saved: difference.theirs, given: difference.mine)
        }
        var trainer = try catalog.makeTrainer(configuration, communicator: communicator)
        let reference = try RunCheckpoint.reference(for: trainer, configuration: configuration)
        try agreed {
            try RunCheckpoint.verifyContent(checkpoint, path: location.checkpoint, reference: reference, trainer: trainer)
            try RunCheckpoint.restore(&trainer, from: checkpoint, path: location.checkpoint)
        }

        // Every check has passed: from here on files change.
        let path = request.runDirectory ?? location.runDirectory ?? RunDirectory.defaultPath(for: configuration)
        let directory = RunDirectory(path: path)
        let continuing = location.runDirectory.map { RunDirectory(path: $0) == directory } ?? false
        let counters = trainer.counters
        let reporter = makeReporter(request, counters: counters)
        if communicator.isWriter, let note = RunCheckpoint.roundingPathNote(checkpoint) { reporter.message(note, important: true) }
        let prepared = try onWriterAgreed { () throws -> (RunLock?, (log: MetricsLog, recentReturns: [Double], droppedRows: Int, curve: LearningCurve)) in
            let targetLock = continuing ? nil : try RunLock.acquire(directory.path)
            do {
                if !continuing { try directory.prepareFreshRun(force: request.force) }
                if let lock = targetLock ?? sourceLock { noteStaleLock(lock, reporter: reporter) }
                for removed in try directory.removeStaleTemporaries() {
                    reporter.message("deleted \(removed), left by an interrupted write")
                }
                let resumed = try MetricsLog.resume(path: directory.metricsPath, counters: counters)
                if resumed.droppedRows > 0 {
                    reporter.message("dropped \(resumed.droppedRows) metrics rows written after the checkpoint")
                }
                for removed in try directory.removeCheckpoints(after: counters.environmentSteps) {
                    reporter.message("deleted \(removed), written after the checkpoint being resumed")
                }
                try directory.writeConfiguration(configuration)
                return (targetLock, resumed)
            } catch {
                targetLock?.release()
                throw error
            }
        }
        defer { prepared?.0?.release() }
        reporter.message("resuming \(location.checkpoint) at step \(counters.environmentSteps) (\(counters.episodes) episodes, "
            + "\(counters.updates) updates), " + budget(configuration) + ranksNote + ", in \(directory.path)")
        let resumed = prepared?.1
        return try TrainingSession(configuration: configuration, runDirectory: directory, trainer: trainer, metrics: resumed?.log,
                                   reporter: reporter, recentReturns: resumed?.recentReturns ?? trainer.recentReturns,
                                   curve: resumed?.curve ?? LearningCurve(),
                                   resumedFrom: continuing ? location.checkpoint : nil, shouldStop: shouldStop,
                                   communicator: communicator).run()
    }

    private func noteStaleLock(_ lock: RunLock, reporter: ProgressReporter) {
        if let pid = lock.staleHolder {
            reporter.message("took over the lock of pid \(pid), which is no longer running (a run killed before it could release it)")
        }
    }

    private func makeReporter(_ request: TrainingRequest, counters: TrainingCounters) -> ProgressReporter {
        // Ranks other than 0 stay quiet.
        ProgressReporter(mode: !communicator.isWriter ? .quiet : progressMode ?? ProgressReporter.detectMode(quiet: request.quiet),
                         startSteps: counters.environmentSteps, startEpisodes: counters.episodes, write: write)
    }

    private func budget(_ configuration: RunConfiguration) -> String {
        [configuration.totalSteps.map { "\($0) steps" }, configuration.episodes.map { "\($0) episodes" },
         configuration.stopAtReturn.map { "a mean return of the last 100 episodes ≥ \(MetricsLog.format($0))" }]
            .compactMap { $0 }.joined(separator: " or ")
    }
}

/// What a user asked `rl-train` for, before defaults, presets and checkpoints are consulted.
public struct TrainingRequest: Sendable {
    /// The options given on the command line, by configuration key (`environment` and
    /// `estimator` included); keys not given are absent, so presets and checkpoints fill them.
    public var overrides: ConfigurationOverrides
    /// `--preset`: a preset file to use instead of `envs/<env>.json`.
    public var presetPath: String?
    /// `--no-preset`: ignore `envs/<env>.json`.
    public var ignorePreset: Bool
    /// `--run-dir`; by default `runs/<env>-<estimator>-<seed>`, or the resumed checkpoint's run.
    public var runDirectory: String?
    /// `--resume`: a checkpoint file or a run directory.
    public var resume: String?
    /// `--force`: start a fresh run in a directory holding an earlier run's files.
    public var force: Bool
    /// `--quiet`: no progress, only errors and the summary.
    public var quiet: Bool

    public init(overrides: ConfigurationOverrides = ConfigurationOverrides(), presetPath: String? = nil,
                ignorePreset: Bool = false, runDirectory: String? = nil, resume: String? = nil,
                force: Bool = false, quiet: Bool = false) {
        self.overrides = overrides
        self.presetPath = presetPath
        self.ignorePreset = ignorePreset
        self.runDirectory = runDirectory
        self.resume = resume
        self.force = force
        self.quiet = quiet
    }
}
