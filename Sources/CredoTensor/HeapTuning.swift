import CredoKernels

/// glibc's allocator settings for training loops, applied once per process.
///
/// A training step allocates and frees many short-lived tensor buffers. With glibc's defaults
/// the top of the heap is handed back to the kernel (`brk`) whenever 128 KiB are free there,
/// and buffers over a (dynamically raised) mmap threshold get their own `mmap`; the next step
/// then page-faults the same memory back in. Measured on CartPole with RELAX
/// (`credo-compare solve --estimator relax`), that churn was a quarter of the wall-clock time.
/// `apply()` keeps up to 128 MiB of freed heap (`M_TRIM_THRESHOLD`) and serves buffers up to
/// 32 MiB from the heap (`M_MMAP_THRESHOLD`, glibc's largest), so the memory is reused instead.
///
/// `ActorCritic` calls it when built; call it yourself before a hand-written training loop.
/// It changes process-wide settings, and does nothing on platforms without glibc.
public enum HeapTuning {
    /// Bytes of free memory kept at the top of the heap.
    public static let trimThreshold = 128 << 20
    /// Allocations at least this large are mapped separately.
    public static let mmapThreshold = 32 << 20

    /// Applies the settings the first time it is called; later calls do nothing.
    public static func apply() { _ = applied }

    /// Whether glibc took the settings (false elsewhere).
    public static var isApplied: Bool { applied }

    private static let applied = credo_set_heap_thresholds(trimThreshold, mmapThreshold) == 1
}
