import CredoAgents
import CredoCheckpoint
import CredoDistributed
import Foundation

/// The training loop of `rl-train`: update, log, checkpoint, until the budget is spent.
///
/// Each turn calls `trainer.update()`, appends the episodes and the update to `metrics.csv`,
/// and once the step count passes the next multiple of `checkpointEvery` writes a checkpoint
/// through the run's `CheckpointRotation` (metrics flushed first, the learning curve redrawn
/// after, at most every `curveRedrawInterval` seconds). At the end it writes a final checkpoint. Checkpoint steps depend only on the step
/// counts, and saving never touches the trainer's state, so a run resumed from any checkpoint
/// continues exactly as the uninterrupted run.
///
/// With `stopAtReturn` set it ends early, as `.goalReached`, after the first update at which the
/// mean return of the last 100 episodes (a full window) reaches it, with a final checkpoint.
///
/// It stops early, keeping the last good checkpoint, when a metric or an episode return is NaN
/// or infinite, when a checkpoint about to be written holds a non-finite value (a diverged
/// parameter is never saved), or when `update()` throws. Between updates it asks `shouldStop`
/// (SIGINT): when true it writes a final checkpoint and ends as `.interrupted`.
///
/// Under several ranks (`communicator`), every rank runs its own session over its own trainer,
/// in step: the counters, episodes and checkpoints are the same on every rank, the stop request
/// is agreed on between updates (any rank's request stops all of them at the same update), and
/// rank 0 alone writes metrics, the curve, progress and checkpoints (`metrics` is nil elsewhere).
public final class TrainingSession {
    public let configuration: RunConfiguration
    public let runDirectory: RunDirectory
    /// The trainer being driven.
    public private(set) var trainer: any Trainer
    private let metrics: MetricsLog?
    private let communicator: any Communicator
    private var isWriter: Bool { communicator.isWriter }
    private var curve: LearningCurve
    private let reporter: ProgressReporter
    private let shouldStop: () -> Bool
    private var returns: EpisodeWindow
    private var lastCheckpoint: String?
    private var lastCheckpointStep: Int?
    private var lastCurveDrawing: Date?

    /// The shortest time between two drawings of the learning curve at checkpoints: drawing it
    /// costs about a quarter of an update at thousands of points, so at a checkpoint every few
    /// milliseconds it would dominate. The curve is always drawn when the session ends.
    public static let curveRedrawInterval: TimeInterval = 10

    /// A session over a trainer that is fresh, or restored from the checkpoint at
    /// `resumedFrom` (whose rows `metrics` already holds, whose last episode returns are
    /// `recentReturns`, and whose learning curve so far is `curve`).
    public init(configuration: RunConfiguration, runDirectory: RunDirectory, trainer: any Trainer,
                metrics: MetricsLog?, reporter: ProgressReporter, recentReturns: [Double] = [], curve: LearningCurve = LearningCurve(),
                resumedFrom checkpoint: String? = nil, shouldStop: @escaping () -> Bool = { false },
                communicator: any Communicator = SingleProcessCommunicator()) {
        precondition(metrics != nil || !communicator.isWriter, "the writing rank needs a metrics log")
        self.communicator = communicator
        self.configuration = configuration
        self.runDirectory = runDirectory
        self.trainer = trainer
        self.metrics = metrics
        self.curve = curve
        self.reporter = reporter
        self.shouldStop = shouldStop
        self.returns = EpisodeWindow(capacity: 100, returns: recentReturns)
        self.lastCheckpoint = checkpoint
        self.lastCheckpointStep = checkpoint == nil ? nil : trainer.counters.environmentSteps
    }

    /// Trains until the budget is spent or something stops it. Throws only when a file cannot
    /// be written (a checkpoint, the metrics); training problems end in an outcome.
    public func run() throws -> SessionOutcome {
        let start = Date()
        let startSteps = trainer.counters.environmentSteps
        var nextCheckpoint = (startSteps / configuration.checkpointEvery + 1) * configuration.checkpointEvery
        var reason = SessionOutcome.Reason.completed
        var previousUpdates = trainer.counters.updates
        var lastFlush = Date()
        func outcome() -> SessionOutcome {
            SessionOutcome(reason: reason, counters: trainer.counters, lastCheckpoint: lastCheckpoint, meanReturn: returns.meanReturn,
                           seconds: Date().timeIntervalSince(start), sessionSteps: trainer.counters.environmentSteps - startSteps)
        }
        training: while !configuration.isBudgetSpent(environmentSteps: trainer.counters.environmentSteps,
                                                     episodes: trainer.counters.episodes) {
            if try stopRequested() {
                reason = .interrupted
                break training
            }
            let report: UpdateReport
            do {
                report = try trainer.update()
            } catch {
                reason = .updateFailed("\(error)")
                try stop()
                return outcome()
            }
            let counters = trainer.counters
            guard counters.updates > previousUpdates else {
                reason = .updateFailed("update() returned without advancing the update counter (\(counters.updates))")
                try stop()
                return outcome()
            }
            previousUpdates = counters.updates
            metrics?.append(report, counters: counters)
            if isWriter { curve.add(report, counters: counters) }
            if let problem = Self.firstNonFinite(in: report, counters: counters) {
                reason = .nonFinite(problem)
                try stop()
                return outcome()
            }
            for episode in report.episodes { returns.append(episode.totalReward) }
            if counters.environmentSteps >= nextCheckpoint {
                if let problem = try saveCheckpoint() {
                    reason = .nonFinite(problem)
                    try stop()
                    return outcome()
                }
                nextCheckpoint = (counters.environmentSteps / configuration.checkpointEvery + 1) * configuration.checkpointEvery
            } else if let metrics, metrics.pendingRows >= 512 || Date().timeIntervalSince(lastFlush) >= 5 {
                // Flush regularly, so a crash loses little and `tail -f metrics.csv` keeps up.
                try metrics.flush()
                lastFlush = Date()
            }
            reporter.update(steps: counters.environmentSteps, episodes: counters.episodes, meanReturn: returns.meanReturn,
                            totalSteps: configuration.totalSteps, totalEpisodes: configuration.episodes)
            // Every rank holds the same episodes, so all of them stop at the same update.
            if configuration.isGoalReached(returns), let goal = configuration.stopAtReturn {
                reason = .goalReached(goal)
                break training
            }
        }
        if lastCheckpointStep != trainer.counters.environmentSteps || lastCheckpoint == nil, let problem = try saveCheckpoint() {
            reason = .nonFinite(problem)
        }
        try stop()
        return outcome()
    }

    /// Whether to stop before the next update: `shouldStop()`, agreed on by every rank (one
    /// one-element allreduce under several ranks, so that they all stop at the same update).
    private func stopRequested() throws -> Bool {
        let mine = shouldStop()
        guard communicator.size > 1 else { return mine }
        return try communicator.allreduce(Int32(mine ? 1 : 0), .max) > 0
    }

    /// Flushes the metrics, redraws the curve and ends the progress bar.
    private func stop() throws {
        guard isWriter else { return }
        try metrics?.flush()
        try writeLearningCurve()
        reporter.endBar()
    }

    /// Writes the trainer's checkpoint with the run's attributes and counters; returns a
    /// description of the problem instead when the checkpoint holds a NaN or infinity.
    private func saveCheckpoint() throws -> String? {
        let counters = trainer.counters
        // Under several ranks a collective: every rank gets the same checkpoint, so every rank
        // decides the same about it.
        var checkpoint = try trainer.checkpoint()
        if let name = Self.firstNonFiniteDataset(in: checkpoint) {
            return "checkpoint dataset \"\(name)\" holds a NaN or infinite value at step \(counters.environmentSteps); it was not saved"
        }
        guard isWriter, let metrics else {
            lastCheckpoint = "(written by rank 0)"
            lastCheckpointStep = counters.environmentSteps
            return nil
        }
        try RunCheckpoint.annotate(&checkpoint, configuration: configuration, counters: counters)
        try metrics.flush()
        lastCheckpoint = try runDirectory.rotation(keep: configuration.keepCheckpoints).save(checkpoint, step: counters.environmentSteps)
        lastCheckpointStep = counters.environmentSteps
        if lastCurveDrawing.map({ Date().timeIntervalSince($0) >= Self.curveRedrawInterval }) ?? true {
            try writeLearningCurve()
        }
        reporter.message("checkpoint \(lastCheckpoint!)")
        return nil
    }

    private func writeLearningCurve() throws {
        lastCurveDrawing = Date()
        let svg = curve.svg(title: "\(configuration.env), \(configuration.estimator.rawValue), seed \(configuration.seed)")
        try RunDirectory.writeAtomically(Data(svg.utf8), to: runDirectory.learningCurvePath)
    }

    /// The first non-finite metric or episode return of a report, described.
    static func firstNonFinite(in report: UpdateReport, counters: TrainingCounters) -> String? {
        let place = "at update \(counters.updates) (environment step \(counters.environmentSteps))"
        for name in report.metrics.keys.sorted() where !report.metrics[name]!.isFinite {
            return "\(name) is \(MetricsLog.format(report.metrics[name]!)) \(place)"
        }
        for episode in report.episodes where !episode.totalReward.isFinite {
            return "an episode return is \(MetricsLog.format(episode.totalReward)) \(place)"
        }
        return nil
    }

    /// The name of the first floating-point dataset holding a NaN or an infinity.
    static func firstNonFiniteDataset(in checkpoint: Checkpoint) -> String? {
        checkpoint.names.first { name in
            let dataset = checkpoint[name]!
            if let values = dataset.values(as: Float.self) { return values.contains { !$0.isFinite } }
            if let values = dataset.values(as: Double.self) { return values.contains { !$0.isFinite } }
            return false
        }
    }
}
