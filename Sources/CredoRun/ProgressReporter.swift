#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Shows how a run is going: on a terminal, one progress bar redrawn in place with `\r` (at most
/// ten times a second); otherwise (a log file, a pipe) a plain line every `lineInterval`
/// seconds; nothing with `--quiet` except what `message` is given.
///
///     [########------------]  41%  41000/100000 steps  3512 steps/s  ETA 0:00:16  return(100) 187.3  episodes 410
///
/// Time comes from `clock` (seconds) and text goes to `write`, so tests can drive it.
public final class ProgressReporter {
    /// How progress is shown.
    public enum Mode: Sendable, Equatable {
        case bar, lines, quiet
    }

    public let mode: Mode
    /// Seconds between plain lines.
    public var lineInterval: Double
    private let clock: () -> Double
    private let write: (String) -> Void
    private let startTime: Double
    private let startSteps: Int
    private let startEpisodes: Int
    private var lastDraw = -Double.infinity
    private var barVisible = false

    /// The mode for standard output: a bar on a terminal, lines otherwise, nothing when quiet.
    public static func detectMode(quiet: Bool) -> Mode {
        quiet ? .quiet : (isatty(STDOUT_FILENO) != 0 ? .bar : .lines)
    }

    /// A reporter starting at `startSteps` and `startEpisodes` (non-zero for a resumed run, so
    /// steps/s and the ETA count only this session's progress).
    public init(mode: Mode, startSteps: Int = 0, startEpisodes: Int = 0, lineInterval: Double = 10,
                clock: @escaping () -> Double = { Date().timeIntervalSinceReferenceDate },
                write: @escaping (String) -> Void = { text in FileHandle.standardOutput.write(Data(text.utf8)) }) {
        self.mode = mode
        self.lineInterval = lineInterval
        self.clock = clock
        self.write = write
        self.startTime = clock()
        self.startSteps = startSteps
        self.startEpisodes = startEpisodes
    }

    private func startFraction(totalSteps: Int?, totalEpisodes: Int?) -> Double? {
        if let totalSteps { return Double(startSteps) / Double(totalSteps) }
        if let totalEpisodes { return Double(startEpisodes) / Double(totalEpisodes) }
        return nil
    }

    /// Reports the state after an update; draws only when the interval since the last draw has
    /// passed, or when `force`.
    public func update(steps: Int, episodes: Int, meanReturn: Double?, totalSteps: Int?, totalEpisodes: Int?, force: Bool = false) {
        let now = clock()
        let interval = mode == .bar ? 0.1 : lineInterval
        guard mode != .quiet, force || now - lastDraw >= interval else { return }
        lastDraw = now
        let elapsed = now - startTime
        let rate = elapsed > 0 ? Double(steps - startSteps) / elapsed : 0
        let fraction: Double? = if let totalSteps { Double(steps) / Double(totalSteps) }
            else if let totalEpisodes { Double(episodes) / Double(totalEpisodes) } else { nil }
        var parts: [String] = []
        if mode == .bar, let fraction {
            let filled = Int((min(max(fraction, 0), 1) * 20).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 20 - filled) + "]")
        }
        if let fraction { parts.append(String(format: "%3.0f%%", min(fraction, 1) * 100)) }
        parts.append(totalSteps.map { "\(steps)/\($0) steps" } ?? "\(steps) steps")
        parts.append(String(format: "%.0f steps/s", rate))
        if let fraction, let startFraction = startFraction(totalSteps: totalSteps, totalEpisodes: totalEpisodes),
           fraction > startFraction, elapsed > 0 {
            // This session's pace so far, extrapolated over what is left.
            parts.append("ETA " + Self.duration(elapsed * (1 - min(fraction, 1)) / (fraction - startFraction)))
        }
        parts.append("return(100) " + (meanReturn.map { String(format: "%.1f", $0) } ?? "-"))
        parts.append(totalEpisodes.map { "episodes \(episodes)/\($0)" } ?? "episodes \(episodes)")
        let line = parts.joined(separator: "  ")
        if mode == .bar {
            write("\r" + line + "\u{1B}[K")
            barVisible = true
        } else {
            write(line + "\n")
        }
    }

    /// Prints a line of its own (a checkpoint written, a warning), keeping the bar intact below
    /// it; shown in every mode, `--quiet` included, when `important`.
    public func message(_ text: String, important: Bool = false) {
        guard mode != .quiet || important else { return }
        endBar()
        write(text + "\n")
    }

    /// Ends the bar's line so later output starts on a fresh one.
    public func endBar() {
        if barVisible { write("\n") }
        barVisible = false
    }

    /// `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
    }
}
