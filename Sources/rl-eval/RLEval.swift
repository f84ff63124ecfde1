import ArgumentParser
import CredoAgents
import CredoRun
import CredoTensor
import Foundation

/// `rl-eval`: plays a trained policy from a checkpoint and reports its mean return ± standard
/// deviation; `--render` draws CartPole and LunarLander as text while it plays.
@main
struct RLEval: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rl-eval",
        abstract: "Evaluate a trained policy from a checkpoint.",
        discussion: "Prints the mean return ± standard deviation over the episodes. Exits with status 1 "
            + "when the checkpoint is missing, truncated, corrupt or does not fit the policy.")

    /// The most episodes one evaluation plays.
    static let maximumEpisodes = 1_000_000

    /// The catalog whose policies rebuild checkpoints (the agent layer's).
    static let catalog = TrainerCatalog.standard

    @Option(help: ArgumentHelp("A checkpoint file, or a run directory (its newest checkpoint).", valueName: "path"))
    var checkpoint: String

    @Option(parsing: .unconditional, help: "Episodes to play.")
    var episodes = 10

    @Flag(help: "Take the most likely action instead of sampling the policy.")
    var deterministic = false

    @Option(parsing: .unconditional, help: "Seed of the first episode (default: the training seed + 1).")
    var seed: UInt64?

    @Flag(help: "Draw the first episode as text (cartpole, lunarlander).")
    var render = false

    @Option(help: ArgumentHelp("Write the episode as an animated SVG (environments that draw themselves: cartpole, "
        + "lunarlander, bandits, pendulum, acrobot, mountaincar), or for a gym: environment as a GIF or MP4 of "
        + "Gymnasium's own frames (docs/recording.md).", valueName: "file.svg|gif|mp4"))
    var record: String?

    @Option(help: ArgumentHelp("With --record: first (the first episode into the file), each (episode k into FILE-k.svg), "
        + "all (the episodes one after another in the file)."))
    var recordMode: RecordMode = .first

    @Option(help: ArgumentHelp("The Python interpreter of a gym: environment (default: $CREDO_PYTHON, else .build/gym-venv/bin/python, else python3).",
                               valueName: "path"))
    var python: String?

    func validate() throws {
        if let problem = MatrixProducts.settingProblem { throw ValidationError(problem) }
        guard episodes >= 1 else { throw ValidationError("invalid --episodes \(episodes): must be at least 1") }
        guard episodes <= Self.maximumEpisodes else {
            throw ValidationError("invalid --episodes \(episodes): must be at most \(Self.maximumEpisodes): "
                + "every episode is played to its end and its return kept")
        }
    }

    func run() throws {
        TrainingProcess.configure()
        if let python { setenv("CREDO_PYTHON", python, 1) }
        let terminal = isatty(STDOUT_FILENO) != 0
        let frame: ((RunConfiguration, [Float], Int, Double) -> Void)? = render ? { configuration, observation, step, total in
            guard let draw = ASCIIRendering.renderer(forEnvironment: configuration.env) else { return }
            // On a terminal, redraw in place at about 30 frames a second; otherwise print every frame.
            print((terminal ? "\u{1B}[H\u{1B}[2J" : "") + draw(observation) + String(format: "\nstep %d  return %.2f\n", step, total))
            if terminal { usleep(33_000) }
        } : nil
        do {
            let recording = try record.map {
                try makeEvaluationRecording(output: $0, mode: recordMode, episodes: episodes, checkpoint: checkpoint,
                                            catalog: Self.catalog, deterministic: deterministic)
            }
            let evaluation = try PolicyEvaluation.evaluate(checkpoint: checkpoint, catalog: recording?.catalog(wrapping: Self.catalog) ?? Self.catalog,
                                                           episodes: episodes, seed: seed, deterministic: deterministic, frame: frame)
            print("\(evaluation.checkpoint): \(evaluation.configuration.env), \(evaluation.configuration.estimator.rawValue), "
                + (deterministic ? "deterministic" : "sampled") + " actions")
            print(evaluation.result.summary)
            if let recorded = try recording?.finish() {
                print("recorded " + recorded.files.joined(separator: ", ") + (recorded.note.map { " (\($0))" } ?? ""))
            }
        } catch {
            FileHandle.standardError.write(Data("rl-eval: error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension RecordMode: ExpressibleByArgument {}
