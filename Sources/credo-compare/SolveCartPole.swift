import ArgumentParser
import CredoAgents
import CredoRun
import Foundation

/// Trains as `rl-train --env <env> --estimator <estimator> --seed <seed>` would (the env's
/// preset) until the mean return of the last 100 finished episodes reaches the goal (475 for
/// CartPole, 200 for LunarLander, also Gymnasium's through `gym:LunarLander-v3`), or until `--max-steps` or `--max-seconds` run out, and reports
/// the wall-clock seconds from building the agent to that point, the environment steps, the
/// episodes and the best rolling mean reached. The other side runs SB3's A2C and PPO with
/// rl-baselines3-zoo's hyperparameters for the same environment, to the same criterion.
struct SolveCartPole: Workload {
    static let configuration = CommandConfiguration(commandName: "solve", abstract: "Time and env steps to solve CartPole (or LunarLander).")

    @Option(help: "Environment: cartpole, lunarlander or gym:LunarLander-v3 (Gymnasium's Box2D lander through the bridge).") var env = "cartpole"
    @Option(help: "Estimator, as rl-train names it.") var estimator = "a2c"
    @Option(help: "Seed.") var seed = 0
    @Option(help: "Give up after this many environment steps.") var maxSteps = 500_000
    @Option(help: "Give up after this many seconds of wall-clock.") var maxSeconds = 90.0
    @Option(help: "Folder of the <env>.json presets.") var presets = "envs"

    /// The rolling-100 mean return that counts as solved.
    var goal: Double { env == "cartpole" ? 475 : 200 }

    static let environments = ["cartpole", "lunarlander", "gym:LunarLander-v3"]

    func validate() throws {
        guard Self.environments.contains(env) else {
            throw ValidationError("--env must be one of \(Self.environments.joined(separator: ", ")) (got \(env))")
        }
        guard maxSteps >= 1 else { throw ValidationError("--max-steps must be at least 1 (got \(maxSteps))") }
        guard seed >= 0 else { throw ValidationError("--seed must be non-negative (got \(seed))") }
        guard maxSeconds > 0 else { throw ValidationError("--max-seconds must be positive (got \(maxSeconds))") }
    }

    func measure() throws -> WorkloadResult {
        let configuration = try runConfiguration(env: env, estimator: estimator, seed: seed, presets: presets)
        let start = ContinuousClock.now
        var trainer = try TrainerCatalog.standard.makeTrainer(configuration)
        var recent = EpisodeWindow(capacity: 100)
        var solved = false, best = -Double.infinity
        while !solved && trainer.counters.environmentSteps < maxSteps && seconds(since: start) < maxSeconds {
            for episode in try trainer.update().episodes {
                recent.append(episode.totalReward)
                if recent.isFull, let mean = recent.meanReturn {
                    best = max(best, mean)
                    if mean >= goal { solved = true }
                }
            }
        }
        let elapsed = seconds(since: start)
        return WorkloadResult(value: elapsed, unit: "s", what: "Credo \(estimator) (envs/\(Preset.fileStem(env: env)).json), seed \(seed)",
                        extra: ["solved": solved, "best_rolling_return": best.isFinite ? best : 0, "steps": trainer.counters.environmentSteps,
                                "episodes": trainer.counters.episodes, "updates": trainer.counters.updates,
                                "seconds_per_update": elapsed / Double(max(1, trainer.counters.updates))])
    }
}
