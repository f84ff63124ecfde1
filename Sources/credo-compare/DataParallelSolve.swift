import ArgumentParser
import CredoAgents
import CredoDistributed
import CredoMPI
import CredoRun
import Foundation

/// Wall-clock and environment steps to solve an environment with rl-train's settings (the
/// built-in defaults under `<presets>/<env>.json`, and any `--set`), on one process or on every
/// rank of `mpirun -np N`: the ranks split the preset's copies (environmentSplit auto, when N
/// divides them) or each trains its own (data parallel), and the run is
/// solved when the mean return of the last 100 episodes of all ranks (in rank order) reaches the
/// threshold (CartPole 475, LunarLander 200). Rank 0 prints the JSON; steps/s counts every
/// rank's steps; `collective_seconds_by_rank` is each rank's wall-clock inside MPI calls.
///
///     OPENBLAS_NUM_THREADS=1 mpirun --allow-run-as-root -np 2 .build/release/credo-compare solve-ranks --env cartpole --estimator ppo
struct DataParallelSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "solve-ranks",
        abstract: "Time and env steps to solve CartPole or LunarLander, on one process or every rank of mpirun.")

    @Option(help: "Environment (cartpole, lunarlander).") var env = "cartpole"
    @Option(help: "Estimator, as rl-train names it.") var estimator = "ppo"
    @Option(help: "Seed.") var seed = 0
    @Option(help: "Give up after this many environment steps (all ranks).") var maxSteps = 3_000_000
    @Option(help: "Give up after this many seconds of wall-clock.") var maxSeconds = 600.0
    @Option(help: "Folder of the <env>.json presets (else the one built into rl-train).") var presets = "envs"
    @Flag(help: "Use no preset: TrainingConfig's defaults (8 copies × 16 steps).") var noPreset = false
    @Option(name: .customLong("set"), help: "key=value over the preset (JSON value), repeatable.") var settings: [String] = []

    func run() throws {
        let communicator = try MPICommunicator.worldIfLaunched()
        var overrides = ConfigurationOverrides(["environment": .text(env), "estimator": .text(estimator), "seed": .integer(seed)])
        for setting in settings {
            let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--set needs key=value, got \(setting)") }
            overrides[parts[0]] = (try? JSONDecoder().decode(ConfigurationOverrides.Value.self, from: Data(parts[1].utf8)))
                ?? .text(parts[1])
        }
        let configuration = try TrainingLauncher(catalog: .standard, presetDirectory: presets)
            .configuration(for: TrainingRequest(overrides: overrides, ignorePreset: noPreset))
        let threshold: Double = env.hasPrefix("lunarlander") ? 200 : 475
        let start = ContinuousClock.now
        var trainer = try TrainerCatalog.standard.makeTrainer(configuration, communicator: communicator)
        var recent = EpisodeWindow(capacity: 100)
        var solved = false
        var elapsed = 0.0
        while !solved && trainer.counters.environmentSteps < maxSteps && elapsed < maxSeconds {
            for episode in try trainer.update().episodes {
                recent.append(episode.totalReward)
                if recent.isFull, let mean = recent.meanReturn, mean >= threshold { solved = true }
            }
            // The ranks agree on the clock (rank 0's), so that all of them stop at the same update.
            var now = [seconds(since: start)]
            try communicator.broadcast(&now, root: 0)
            elapsed = now[0]
        }
        let counters = trainer.counters
        // Each rank's time inside MPI calls (waiting for the other ranks included), gathered.
        let mpi = communicator as? MPICommunicator
        let waits = try communicator.gather([mpi?.collectiveSeconds ?? 0, Double(mpi?.collectiveCalls ?? 0)], root: 0)
        let share = (trainer as? ActorCritic)?.environmentShare
        if communicator.isWriter {
            try WorkloadResult(value: elapsed, unit: "s",
                               what: "Credo \(estimator) (\(noPreset ? "no preset" : "\(presets)/\(env).json")), seed \(seed), \(communicator.size) rank(s)",
                               extra: ["solved": solved, "steps": counters.environmentSteps, "episodes": counters.episodes,
                                       "updates": counters.updates, "ranks": communicator.size,
                                       "steps_per_second": Double(counters.environmentSteps) / elapsed,
                                       "environment_count_per_rank": share?.count ?? configuration.agent.environmentCount,
                                       "environment_split": share?.isSplit ?? false,
                                       "collective_seconds_by_rank": waits.map { $0[0] },
                                       "collective_calls_by_rank": waits.map { Int($0[1]) },
                                       "final_mean_return": recent.meanReturn ?? .nan]).emit()
        }
        (communicator as? MPICommunicator)?.finalize()
    }
}
