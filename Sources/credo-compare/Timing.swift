import Foundation

// The one set of timing helpers of credo-compare: a monotonic clock (`ContinuousClock`), a rate
// over a fixed duration, a best-of-rounds time per call, and the median.

/// Seconds elapsed on a monotonic clock since `start`.
func seconds(since start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// Calls `chunk` (which returns how many units of work it did) for at least `duration` seconds
/// after one warm-up call; returns units per second.
func rate(seconds duration: Double, _ chunk: () -> Int) -> Double {
    _ = chunk()
    let start = ContinuousClock.now
    var done = 0
    while seconds(since: start) < duration { done += chunk() }
    return Double(done) / seconds(since: start)
}

/// Times a closure: after one warm-up call, runs it until at least `minimumSeconds` have passed,
/// three rounds; returns the mean microseconds per call of the best round (the least disturbed
/// by other processes).
func microsecondsPerCall(minimumSeconds: Double = 0.3, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = ContinuousClock.now
        var elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = seconds(since: start)
        } while elapsed < minimumSeconds
        best = min(best, elapsed / Double(calls) * 1e6)
    }
    return best
}

/// The median of non-empty `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// The resident set size of this process in MiB, from /proc/self/statm.
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}
