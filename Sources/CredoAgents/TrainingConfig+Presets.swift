/// Tuned hyperparameters per environment and estimator, the way rl-baselines3-zoo keeps
/// `hyperparams/*.yml`; the numbers behind each are in docs/agents.md.
extension TrainingConfig {
    /// The tuned configuration for `estimator` on `environment`, or nil when none was tuned
    /// (the defaults then apply).
    public static func preset(environment: String, estimator: EstimatorName) -> TrainingConfig? {
        var c = TrainingConfig()
        c.environment = environment
        c.estimator = estimator
        switch (environment, estimator) {
        case ("cartpole", .a2c), ("cartpole", .relax):
            // The RELAX paper's setting: one environment, one update per whole episode, Monte
            // Carlo returns with the value baseline (and c_φ): fewest episodes and steps.
            c.environmentCount = 1
            c.episodicRollouts = true
            c.target = .monteCarlo
        case ("cartpole", .reinforce), ("cartpole", .reinforceBaseline):
            c.learningRate = 5e-3
        case ("lunarlander", .a2c), ("lunarlander", .relax):
            c.normalizeObservations = true
            c.normalizeRewards = true
            c.entropyCoefficient = 0.005
            c.lambda = 0.98
            c.gamma = 0.995
            c.rolloutSteps = 32
            c.learningRate = 2e-3
            c.criticLearningRate = 2e-3
        case ("cartpole-continuous", .pathwise), ("cartpole-continuous", .lax), ("cartpole-continuous", .sobolev):
            break  // the defaults (horizon 32, β = 100)
        case (let env, let e) where env.hasPrefix("bandit") && [.reinforce, .reinforceBaseline, .relax, .a2c].contains(e):
            c.rolloutSteps = 1
            c.learningRate = 1e-2
            c.criticLearningRate = 1e-2
        default:
            return nil
        }
        return c
    }
}
