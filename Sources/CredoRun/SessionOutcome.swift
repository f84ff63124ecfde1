import CredoAgents

/// How a training session ended, what it left behind, and the exit status the command reports.
public struct SessionOutcome: Equatable, Sendable {
    /// Why the session stopped.
    public enum Reason: Equatable, Sendable {
        /// The budget (`totalSteps` or `episodes`) is spent; a final checkpoint is written.
        case completed
        /// The mean return of the last 100 episodes reached `stopAtReturn` (the value) before the
        /// budget was spent; a final checkpoint is written.
        case goalReached(Double)
        /// SIGINT (or another stop request); a final checkpoint is written.
        case interrupted
        /// A loss, metric, return or parameter became NaN or infinite; nothing after the last
        /// good checkpoint is saved. The text names the value.
        case nonFinite(String)
        /// `Trainer.update()` threw; the last good checkpoint is kept. The text is the error.
        case updateFailed(String)
    }

    public var reason: Reason
    /// The trainer's counters at the end.
    public var counters: TrainingCounters
    /// The newest checkpoint on disk, if any.
    public var lastCheckpoint: String?
    /// The mean return of the last 100 episodes.
    public var meanReturn: Double?
    /// Wall-clock seconds the session trained.
    public var seconds: Double
    /// Environment steps taken in this session (fewer than `counters` after a resume).
    public var sessionSteps: Int

    /// 0 when completed, 130 when interrupted, 1 when training failed.
    public var exitStatus: Int32 {
        switch reason {
        case .completed, .goalReached: 0
        case .interrupted: InterruptSignal.exitStatus
        case .nonFinite, .updateFailed: 1
        }
    }

    /// The closing lines of a run, for the terminal.
    public var summary: String {
        let head: String = switch reason {
        case .completed: "Training finished"
        case .goalReached(let goal): "Training finished: the mean return of the last 100 episodes reached the goal \(MetricsLog.format(goal))"
        case .interrupted: "Interrupted; stopped after a final checkpoint"
        case .nonFinite(let what): "Training stopped: \(what)"
        case .updateFailed(let what): "Training stopped: the update failed: \(what)"
        }
        let rate = seconds > 0 ? Double(sessionSteps) / seconds : 0
        var lines = [head,
                     "  \(counters.environmentSteps) environment steps, \(counters.episodes) episodes, \(counters.updates) updates"
                        + " in \(ProgressReporter.duration(seconds))" + (seconds > 0 ? String(format: " (%.0f steps/s this session)", rate) : ""),
                     "  mean return of the last 100 episodes: " + (meanReturn.map { String(format: "%.2f", $0) } ?? "no episode finished")]
        switch (reason, lastCheckpoint) {
        case (.completed, let path?), (.goalReached, let path?), (.interrupted, let path?):
            lines.append("  checkpoint: \(path)")
        case (_, let path?):
            lines.append("  the last good checkpoint is kept: \(path)")
        case (_, nil):
            lines.append("  no checkpoint was written")
        }
        return lines.joined(separator: "\n")
    }
}
