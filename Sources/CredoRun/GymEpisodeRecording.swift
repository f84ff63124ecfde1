import CredoCheckpoint
import CredoEnvironments
import CredoTensor
import Foundation

/// `rl-eval --record FILE.gif` (or `.mp4`) for a `gym:` environment: the evaluated episodes as
/// Gymnasium draws them (`render_mode="rgb_array"`), encoded in the environment's worker at
/// `metadata["render_fps"]` (`GymRecorderScript`: GIF by Pillow, MP4 by imageio-ffmpeg), one
/// frame per state (the reset's, then one after every step: frames = steps + 1).
///
/// As `EpisodeRecording`, it records through the catalog: `catalog(wrapping:)` registers the
/// run's `gym:` name with a factory returning the one recording environment made (and checked)
/// by `init`, wrapped so that it opens a file before an episode's reset and finishes it when the
/// episode ends (`.first`, `.each`) or in `finish()` (`.all`). Each file is written under its
/// temporary name (`FILE.tmp-<pid>`) and renamed over FILE when complete, so an error never
/// leaves a torn file or loses the one that was there.
public final class GymEpisodeRecording: @unchecked Sendable {
    /// The most frames one file holds; later frames are left out (and `finish` says so).
    /// At 50 fps, 20,000 frames are 400 s; a GIF frame took 0.27 KB for CartPole-v1, 1.7 KB for
    /// LunarLander-v3 here (docs/recording.md), so a full file is some 5-35 MB.
    public static let maximumFrames = 20_000

    public let output: String
    public let format: GymVideoFormat
    public let mode: RecordMode
    public let configuration: RunConfiguration
    /// The recording environment (one copy, one worker), made and checked by `init`.
    public let environment: GymEnvironment
    private let lock = NSLock()
    private var episode = 0, open: String?, dropped = 0
    private var written: [String] = []
    private var summaries: [GymRecordingSummary] = []
    private var failure: (any Error)?

    /// Checks everything before a step is played: the extension (.gif, .mp4), the number of
    /// episodes, that the output's folder exists (it is created) and takes a file, and, by making
    /// the environment, that the interpreter has Gymnasium and the encoder, that the environment
    /// has the `rgb_array` render mode and renders a frame.
    public init(output: String, mode: RecordMode, episodes: Int, configuration: RunConfiguration) throws {
        guard let id = EnvironmentRegistry.gymID(configuration.env) else {
            throw RecordingError.notDrawable(environment: configuration.env, drawable: [])
        }
        guard let format = GymVideoFormat(path: output), (output as NSString).lastPathComponent.count > 4 else {
            throw RecordingError.gymNeedsVideo(environment: configuration.env, path: output)
        }
        guard mode == .first || episodes <= EpisodeRecording.maximumEpisodes else {
            throw RecordingError.tooManyEpisodes(episodes, mode: mode, maximum: EpisodeRecording.maximumEpisodes)
        }
        self.output = output
        self.format = format
        self.mode = mode
        self.configuration = configuration
        try Self.checkWritable(output)
        environment = try GymEnvironment(id: id, keywordArguments: configuration.environmentKwargs, seed: configuration.seed,
                                         recording: format)
    }

    /// An evaluation that threw with a file open leaves no temporary file behind.
    deinit {
        if let open { unlink(AtomicFile.temporaryPath(for: open)) }
    }

    /// Creates the output's folder and checks that a file can be created in it (then removes it).
    static func checkWritable(_ output: String) throws {
        let directory = (output as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        } catch {
            let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
            let reason = underlying.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
            throw RecordingError.unwritable(path: output, reason: "its folder \(directory) cannot be created: \(reason)")
        }
        let probe = AtomicFile.temporaryPath(for: output)
        guard FileManager.default.createFile(atPath: probe, contents: nil) else {
            throw RecordingError.unwritable(path: output, reason: String(cString: strerror(errno)))
        }
        unlink(probe)
    }

    /// `catalog` with its registry making the run's `gym:` environment as the recording one.
    public func catalog(wrapping catalog: TrainerCatalog) -> TrainerCatalog {
        var wrapped = catalog
        wrapped.registry.register(configuration.env) { [self] in Recorded(base: environment, owner: self) }
        return wrapped
    }

    /// The file of episode `episode` (1-based): `output`, or with `.each` `stem-k.ext`.
    public func path(forEpisode episode: Int) -> String {
        guard mode == .each else { return output }
        let ext = (output as NSString).pathExtension
        return String(output.dropLast(ext.count + 1)) + "-\(episode)." + ext
    }

    /// Before a reset: a new episode; opens its file when it is recorded.
    func willReset() {
        lock.lock()
        defer { lock.unlock() }
        episode += 1
        // An episode cut short without an end (PolicyEvaluation's step bound) closes its file here.
        if mode == .each { close() }
        guard failure == nil, open == nil, mode == .each || episode == 1 else { return }
        let path = path(forEpisode: episode)
        do {
            try environment.vector.startRecording(to: AtomicFile.temporaryPath(for: path), maximumFrames: Self.maximumFrames)
            open = path
        } catch {
            failure = error
        }
    }

    /// After a step that ended an episode: `.first` and `.each` finish its file.
    func didEndEpisode() {
        lock.lock()
        defer { lock.unlock() }
        if mode != .all { close() }
    }

    /// Finishes the open file and renames it into place (or removes it on an error).
    private func close() {
        guard let path = open else { return }
        open = nil
        do {
            try AtomicFile.replace(path) { temporary throws(CheckpointError) in
                do {
                    summaries.append(try environment.vector.finishRecording(path: path))
                } catch {
                    throw .fileSystem(path: temporary, operation: "write the recording", reason: "\(error)")
                }
            }
            written.append(path)
            dropped += summaries.last?.dropped ?? 0
        } catch {
            if failure == nil { failure = error }
        }
    }

    /// Finishes what is open and returns every file written, with a note when frames were left
    /// out; throws the first error.
    public func finish() throws -> (files: [String], note: String?) {
        lock.lock()
        defer { lock.unlock() }
        close()
        environment.vector.close()
        if let failure { throw failure }
        guard episode > 0 else { throw RecordingError.nothingRecorded(environment: configuration.env) }
        let frames = summaries.map { "\($0.frames) frames at \(String(format: "%g", $0.framesPerSecond)) fps" }
        var notes = [Set(frames).count == 1 ? frames[0] + (frames.count > 1 ? " each" : "") : frames.joined(separator: ", ")]
        if dropped > 0 { notes.append("left out the last \(dropped) frames: a file holds at most \(Self.maximumFrames)") }
        return (written, notes.joined(separator: "; "))
    }

    /// The recording environment as the evaluation sees it: Gymnasium's copy, with the file
    /// opened before a reset and finished when an episode ends.
    struct Recorded: Environment {
        var base: GymEnvironment
        let owner: GymEpisodeRecording
        var observationSpace: Space { base.observationSpace }
        var actionSpace: Space { base.actionSpace }
        var rng: RandomGenerator {
            get { base.rng }
            set { base.rng = newValue }
        }

        mutating func reset(seed: UInt64?) -> [Float] {
            owner.willReset()
            return base.reset(seed: seed)
        }

        mutating func step(_ action: Action) -> StepResult {
            let result = base.step(action)
            if result.terminated || result.truncated { owner.didEndEpisode() }
            return result
        }
    }
}

extension RunConfiguration {
    /// The keyword arguments of a `gym:` environment (JSON object text), nil for none.
    public var environmentKwargs: String? {
        if case .text(let text)? = settings["environmentKwargs"], !text.isEmpty { text } else { nil }
    }
}
