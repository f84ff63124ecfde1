import CredoCheckpoint
import CredoEnvironments
import Foundation

/// How `rl-eval --record FILE.svg` spreads the evaluated episodes over files.
public enum RecordMode: String, CaseIterable, Sendable {
    /// The first episode only, into FILE.svg (as `--render` draws the first).
    case first
    /// Each episode into its own file: `FILE-1.svg`, `FILE-2.svg`, …
    case each
    /// All episodes into FILE.svg, one after another.
    case all
}

/// `rl-eval --record`: the evaluated episodes as self-contained animated SVGs
/// (`AnimatedSVG`), captioned with the environment, estimator, checkpoint step and, per frame,
/// the step and the episode's return so far.
///
/// It records through the catalog: `catalog(wrapping:)` returns a copy whose registry makes the
/// run's environment inside a `RecordingEnvironment`, so `PolicyEvaluation.evaluate` plays as
/// usual and every state it reaches is drawn. Frames are encoded as they come (memory grows with
/// the output, about 0.3 MB per 1000 LunarLander frames); with `.each` a file is written when
/// its episode ends; `finish()` writes the rest.
public final class EpisodeRecording: @unchecked Sendable {
    /// The most episodes `.each` and `.all` record.
    public static let maximumEpisodes = 100
    /// The most frames one file holds; later frames are left out (and `finish` says so).
    public static let maximumFrames = 200_000

    public let output: String
    public let mode: RecordMode
    /// The configuration of the checkpoint being recorded.
    public let configuration: RunConfiguration
    let caption: String
    private let lock = NSLock()
    private var animation: AnimatedSVG?
    private var episode = 0, episodeReturn = 0.0, dropped = 0
    private var written: [String] = []
    private var failure: (any Error)?

    /// Checks everything before a step is played: `output` ends in `.svg`; `.each` and `.all`
    /// record at most `maximumEpisodes`; the checkpoint at `checkpoint` (a file or a run
    /// directory) loads and its environment draws itself (`Renderable`).
    public init(output: String, mode: RecordMode, episodes: Int, checkpoint: String, catalog: TrainerCatalog,
                deterministic: Bool) throws {
        guard output.lowercased().hasSuffix(".svg"), output.count > 4 else { throw RecordingError.notSVG(path: output) }
        guard mode == .first || episodes <= Self.maximumEpisodes else {
            throw RecordingError.tooManyEpisodes(episodes, mode: mode, maximum: Self.maximumEpisodes)
        }
        let location = try ResumeLocator.locate(checkpoint)
        let (loaded, configuration) = try RunCheckpoint.load(path: location.checkpoint)
        try Self.checkDrawable(configuration.env, registry: catalog.registry)
        self.output = output
        self.mode = mode
        self.configuration = configuration
        let step = (try? loaded.scalar("counters/environment_steps", as: Int64.self)).map { " · checkpoint step \($0)" } ?? ""
        caption = "\(configuration.env) · \(configuration.estimator.rawValue)\(step) · " + (deterministic ? "deterministic" : "sampled")
    }

    /// Throws `RecordingError.notDrawable` unless `registry` makes `name` as a `Renderable`.
    public static func checkDrawable(_ name: String, registry: EnvironmentRegistry) throws {
        let drawable = registry.names.filter { (try? registry.make($0)).flatMap(renderable) != nil }
        guard !name.hasPrefix("gym:"), drawable.contains(name) else {
            throw RecordingError.notDrawable(environment: name, drawable: drawable)
        }
    }

    /// `catalog` with its registry making the recorded environment inside a
    /// `RecordingEnvironment` that reports here.
    public func catalog(wrapping catalog: TrainerCatalog) -> TrainerCatalog {
        var wrapped = catalog
        let base = catalog.registry, name = configuration.env
        wrapped.registry.register(name) { [self] in
            guard let environment = try? base.make(name) else { preconditionFailure("\(name) is registered") }
            return RecordingEnvironment(environment) { self.add($0) } ?? environment
        }
        return wrapped
    }

    /// The file of episode `episode` (1-based): `output` itself, or with `.each` `stem-k.svg`.
    public func path(forEpisode episode: Int) -> String {
        guard mode == .each else { return output }
        return String(output.dropLast(4)) + "-\(episode)" + String(output.suffix(4))
    }

    func add(_ frame: RecordedFrame) {
        lock.lock()
        defer { lock.unlock() }
        if frame.step == 0 {
            episode += 1
            episodeReturn = 0
            if mode == .each, let done = animation { write(done, to: path(forEpisode: episode - 1)); animation = nil }
        }
        guard mode != .first || episode == 1 else { return }
        episodeReturn += frame.reward
        var animation = self.animation ?? AnimatedSVG(framesPerSecond: frame.framesPerSecond)
        self.animation = nil
        if animation.frameCount < Self.maximumFrames {
            let episodeLabel = mode == .first ? "" : " · episode \(episode)"
            animation.append(frame.scene, caption: caption + episodeLabel,
                             status: "step \(frame.step) · return " + String(format: "%.2f", episodeReturn))
        } else {
            dropped += 1
        }
        self.animation = animation
    }

    private func write(_ animation: AnimatedSVG, to path: String) {
        guard failure == nil else { return }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
            try AtomicFile.write(Data(animation.svg().utf8), to: path)
            written.append(path)
        } catch {
            failure = error
        }
    }

    /// Writes what is not written yet and returns every file written, with a note when frames
    /// were left out; throws the first write error, or `nothingRecorded` when no environment
    /// made through `catalog(wrapping:)` was ever reset.
    public func finish() throws -> (files: [String], note: String?) {
        lock.lock()
        defer { lock.unlock() }
        if let animation { write(animation, to: path(forEpisode: episode)); self.animation = nil }
        if let failure { throw failure }
        guard episode > 0 else { throw RecordingError.nothingRecorded(environment: configuration.env) }
        let note = dropped > 0 ? "left out the last \(dropped) frames: a file holds at most \(Self.maximumFrames)" : nil
        return (written, note)
    }
}

/// What `rl-eval --record` refuses.
public enum RecordingError: Error, Equatable, CustomStringConvertible {
    case notSVG(path: String)
    case tooManyEpisodes(Int, mode: RecordMode, maximum: Int)
    case notDrawable(environment: String, drawable: [String])
    case nothingRecorded(environment: String)
    /// A `gym:` environment with a file name other than .gif or .mp4.
    case gymNeedsVideo(environment: String, path: String)
    /// A .gif or .mp4 file name for an environment that draws itself (as SVG).
    case videoNeedsGym(environment: String, path: String)
    /// The output cannot be created (checked before the first step).
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .notSVG(let path): "--record writes an animated SVG: the file name must end in .svg, got \"\(path)\""
        case .tooManyEpisodes(let episodes, let mode, let maximum):
            "--record-mode \(mode.rawValue) records at most \(maximum) episodes, got --episodes \(episodes); "
                + "use --record-mode first to record only the first"
        case .notDrawable(let environment, let drawable):
            "--record does not support \(environment): "
                + (environment.hasPrefix("gym:") ? "Gymnasium draws it: record it as .gif or .mp4 (--record episode.gif); "
                    : "it does not draw itself (Renderable); ")
                + "environments that draw themselves: \(drawable.joined(separator: ", "))"
        case .nothingRecorded(let environment):
            "--record recorded no frame: the evaluation never reset a \(environment) made by the recording catalog"
        case .gymNeedsVideo(let environment, let path):
            "--record records \(environment) from Gymnasium's own rgb_array frames as an animated GIF or an MP4: "
                + "the file name must end in .gif or .mp4, got \"\(path)\" (.svg is for the environments that draw themselves)"
        case .videoNeedsGym(let environment, let path):
            "--record writes .gif and .mp4 for gym: environments (Gymnasium's frames); \(environment) draws itself "
                + "as an animated SVG: the file name must end in .svg, got \"\(path)\""
        case .unwritable(let path, let reason):
            "--record cannot write \(path): \(reason)"
        }
    }
}
