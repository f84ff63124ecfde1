#if canImport(Glibc)
import Glibc

/// Counts the Swift heap allocations (`swift_allocObject`: arrays, class instances, boxes) made
/// by the calling thread while `body` runs, through the Swift runtime's `_swift_allocObject`
/// hook. Returns nil where the hook is unavailable.
///
/// Use it in a single-threaded program only: with the hook installed while other threads
/// allocate, the Swift 6.3 runtime crashes (seen in the parallel test runner), which is why this
/// check lives in the benchmark and not in the tests.
enum AllocationCounter {
    typealias AllocObject = @convention(c) (UnsafeRawPointer?, Int, Int) -> UnsafeMutableRawPointer?

    nonisolated(unsafe) private static var original: AllocObject?
    nonisolated(unsafe) private static var countingThread: pthread_t?
    nonisolated(unsafe) private static var count = 0
    nonisolated(unsafe) private static let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private static let lockReady: Bool = { pthread_mutex_init(lock, nil); return true }()

    private static let counting: AllocObject = { metadata, size, alignment in
        if let thread = AllocationCounter.countingThread, pthread_equal(thread, pthread_self()) != 0 {
            AllocationCounter.count += 1
        }
        return AllocationCounter.original!(metadata, size, alignment)
    }

    static func allocations(in body: () -> Void) -> Int? {
        guard lockReady, let hook = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "_swift_allocObject") else { return nil }
        let slot = hook.assumingMemoryBound(to: AllocObject?.self)
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        original = slot.pointee
        count = 0
        countingThread = pthread_self()
        slot.pointee = counting
        body()
        slot.pointee = original
        countingThread = nil
        return count
    }
}
#endif
