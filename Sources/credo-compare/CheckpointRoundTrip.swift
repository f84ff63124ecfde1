import ArgumentParser
import CredoCheckpoint
import CredoRun
import Foundation

/// Saves and loads a CartPole agent (by default a2c: policy, critic and their optimizers, as SB3
/// PPO's; plus counters and generator states) the way rl-train does: `checkpoint()` plus
/// the run's attributes, written atomically to HDF5 (temporary file, fsync, rename); loading
/// reads and verifies the file, builds the agent and restores it. Reports the median
/// milliseconds of each over `--repeats` round trips (SB3's side: `model.save` / `PPO.load`).
struct CheckpointRoundTrip: Workload {
    static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "CartPole agent checkpoint save and load, milliseconds.")

    @Option(help: "Round trips to take the median of.") var repeats = 20
    @Option(help: "Estimator of the agent to save (a2c: policy and critic, as SB3 PPO's).") var estimator = "a2c"
    @Option(help: "Folder of the <env>.json presets.") var presets = "envs"

    func validate() throws {
        guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1 (got \(repeats))") }
    }

    func measure() throws -> WorkloadResult {
        let configuration = try runConfiguration(estimator: estimator, presets: presets)
        var trainer = try TrainerCatalog.standard.makeTrainer(configuration)
        for _ in 0..<5 { _ = try trainer.update() }  // optimizer moments and counters are non-trivial
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-compare-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/agent.h5"
        var saves: [Double] = [], loads: [Double] = []
        for _ in 0..<repeats {
            var start = ContinuousClock.now
            var checkpoint = try trainer.checkpoint()
            try RunCheckpoint.annotate(&checkpoint, configuration: configuration, counters: trainer.counters)
            try checkpoint.write(to: path)
            saves.append(seconds(since: start))

            start = ContinuousClock.now
            let (loaded, saved) = try RunCheckpoint.load(path: path)
            var restored = try TrainerCatalog.standard.makeTrainer(saved)
            try RunCheckpoint.restore(&restored, from: loaded, path: path)
            loads.append(seconds(since: start))
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        return WorkloadResult(value: 1e3 * median(saves), unit: "ms", what: "Credo \(estimator) CartPole agent: HDF5 checkpoint write (fsync) / read + restore",
                        extra: ["load": 1e3 * median(loads), "bytes": bytes])
    }
}
