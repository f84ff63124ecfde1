/// The process-wide settings a training program makes for itself: `HeapTuning` (keep freed heap
/// for the next step's buffers) and one OpenBLAS thread unless the user set a count
/// (`BLASThreads`: an agent's products are small). The library never makes them on its own —
/// building a trainer changes nothing outside it — so `rl-train`, `rl-eval`, the benchmarks and
/// the examples call this once at start, and so should a program of yours that trains:
///
///     TrainingProcess.configure()
///     var trainer = try ActorCritic(config: .with { $0.estimator = .relax })
public enum TrainingProcess {
    /// Applies both settings (the first call; later calls do nothing).
    public static func configure() {
        HeapTuning.apply()
        BLASThreads.useOneThreadUnlessConfigured()
    }
}
