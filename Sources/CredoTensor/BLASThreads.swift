import CCBLAS
import Foundation

/// OpenBLAS's worker threads, for training loops of small networks.
///
/// An agent's matrix products are small (a 64-wide MLP on a few hundred rows), where a second
/// OpenBLAS thread buys nothing and costs a wake-up per call; on a machine whose cores are
/// busy, the idle worker spins in `sched_yield`. Measured with `credo-compare solve`, LunarLander
/// to 200 with ppo took 28.6 s with OpenBLAS's default threads on this 2-core machine and 14.0 s
/// with one. `useOneThreadUnlessConfigured()` sets one thread unless the user chose a count with
/// `OPENBLAS_NUM_THREADS` (or `OMP_NUM_THREADS`), which it leaves alone. Results do not depend on
/// the thread count (OpenBLAS splits the rows and columns of a product, never the sums).
/// `ActorCritic` calls it when built; it changes a process-wide setting.
public enum BLASThreads {
    /// Applies the setting the first time it is called; later calls do nothing.
    public static func useOneThreadUnlessConfigured() { _ = applied }

    /// OpenBLAS's current thread count.
    public static var count: Int { Int(openblas_get_num_threads()) }

    private static let applied: Bool = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["OPENBLAS_NUM_THREADS"] == nil, environment["OMP_NUM_THREADS"] == nil else { return false }
        openblas_set_num_threads(1)
        return true
    }()
}
