import Foundation

/// Starts processes from one thread that lives as long as the program: Linux sends a child its
/// `PR_SET_PDEATHSIG` signal when the *thread* that started it ends, so workers started from a
/// short-lived thread (a task's, a test's) would be killed with it.
final class GymSpawner: @unchecked Sendable {
    static let shared = GymSpawner()
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [unowned self] in
            while true {
                condition.lock()
                while jobs.isEmpty { condition.wait() }
                let job = jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = "credo-gym-spawner"
        thread.start()
    }

    /// Runs `body` on the spawning thread and waits for it.
    func run(_ body: @escaping () throws -> Void) throws {
        final class Box: @unchecked Sendable { var error: (any Error)?; let done = DispatchSemaphore(value: 0) }
        let box = Box()
        condition.lock()
        jobs.append { do { try body() } catch { box.error = error }; box.done.signal() }
        condition.signal()
        condition.unlock()
        box.done.wait()
        if let error = box.error { throw error }
    }
}
