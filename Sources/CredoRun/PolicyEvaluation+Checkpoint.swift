import CredoAgents
import CredoEnvironments
import CredoTensor
import Foundation

extension PolicyEvaluation {
    /// `rl-eval`'s work: reads the checkpoint `path` points at (a file or a run directory),
    /// rebuilds its policy through `catalog`, and plays `episodes` episodes in a fresh copy of
    /// its environment. The first episode starts from `reset(seed:)` with `seed`, by default the
    /// training seed plus one (a stream training never used).
    ///
    /// The checkpoint's content is checked first (`RunCheckpoint.verifyContent`).
    ///
    /// Throws the checkpoint's errors (missing, truncated, corrupt: `CheckpointError`), a
    /// configuration naming an environment or estimator the catalog lacks (`RunError`), and the
    /// policy factory's own (a parameter of another shape).
    public static func evaluate(checkpoint path: String, catalog: TrainerCatalog, episodes: Int, seed: UInt64? = nil,
                                deterministic: Bool,
                                frame: ((_ configuration: RunConfiguration, _ observation: [Float], _ step: Int, _ totalReward: Double) -> Void)? = nil)
        throws -> (checkpoint: String, configuration: RunConfiguration, result: EvaluationResult) {
        let location = try ResumeLocator.locate(path)
        let (checkpoint, saved) = try RunCheckpoint.load(path: location.checkpoint)
        let configuration = try catalog.resolve(saved)
        var environment = try catalog.registry.make(configuration.env, keywordArguments: configuration.environmentKwargs)
        // One trainer: its fresh checkpoint is the reference the content is checked against,
        // then it is restored and acts.
        var trainer = try catalog.makeTrainer(configuration)
        try RunCheckpoint.verifyContent(checkpoint, path: location.checkpoint,
                                        reference: try RunCheckpoint.reference(for: trainer, configuration: configuration),
                                        trainer: trainer)
        try trainer.restore(from: checkpoint)
        guard var policy = trainer.actingPolicy(generator: RandomGenerator(seed: configuration.seed &+ 1)) else {
            throw RunError.invalidCheckpointConfiguration(path: location.checkpoint,
                                                          reason: "its trainer (\(configuration.estimator.rawValue)) has no policy to evaluate")
        }
        let result = try run(policy: &policy, environment: &environment, episodes: episodes,
                             seed: seed ?? configuration.seed &+ 1, deterministic: deterministic,
                             frame: frame.map { draw in { draw(configuration, $0, $1, $2) } })
        return (location.checkpoint, configuration, result)
    }
}

