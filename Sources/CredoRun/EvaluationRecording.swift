import CredoEnvironments
import Foundation

/// What `rl-eval --record` uses of a recording: the catalog that makes the recorded environment,
/// and `finish()`, which writes what is left and names the files. `EpisodeRecording` (animated
/// SVG, environments that draw themselves) and `GymEpisodeRecording` (GIF or MP4 of Gymnasium's
/// frames, `gym:` environments) are the two.
public protocol EvaluationRecording: AnyObject {
    func catalog(wrapping catalog: TrainerCatalog) -> TrainerCatalog
    func finish() throws -> (files: [String], note: String?)
}

extension EpisodeRecording: EvaluationRecording {}
extension GymEpisodeRecording: EvaluationRecording {}

/// `rl-eval --record FILE`: the recording for the checkpoint's environment and FILE's extension,
/// checked before any episode is played. A `gym:` environment is recorded from Gymnasium's
/// frames as `.gif` or `.mp4` (`.svg` refused, naming them); any other environment as `.svg` when
/// it draws itself (`.gif`/`.mp4` refused, naming `.svg`).
public func makeEvaluationRecording(output: String, mode: RecordMode, episodes: Int, checkpoint: String,
                                    catalog: TrainerCatalog, deterministic: Bool) throws -> any EvaluationRecording {
    let location = try ResumeLocator.locate(checkpoint)
    let (_, configuration) = try RunCheckpoint.load(path: location.checkpoint)
    if EnvironmentRegistry.gymID(configuration.env) != nil, !catalog.registry.names.contains(configuration.env) {
        return try GymEpisodeRecording(output: output, mode: mode, episodes: episodes, configuration: configuration)
    }
    if GymVideoFormat(path: output) != nil { throw RecordingError.videoNeedsGym(environment: configuration.env, path: output) }
    return try EpisodeRecording(output: output, mode: mode, episodes: episodes, checkpoint: checkpoint, catalog: catalog,
                                deterministic: deterministic)
}
