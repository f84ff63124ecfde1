import Foundation

/// Times a closure: runs it until at least `minimumSeconds` have passed and returns the mean
/// microseconds per call over the best of three such rounds.
func microsecondsPerCall(minimumSeconds: Double = 0.3, _ body: () -> Void) -> Double {
    body()  // warm up
    var best = Double.infinity
    for _ in 0..<3 {
        var calls = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            body()
            calls += 1
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        best = min(best, elapsed / Double(calls) * 1e6)
    }
    return best
}

/// The resident set size of this process in MiB, from /proc/self/statm.
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
          let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func formatted(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }

/// CREDO_BENCH_BATCH=64 limits the MLP section to one batch size (for profiling).
enum ProcessInfoBatch {
    static var sizes: [Int]? {
        ProcessInfo.processInfo.environment["CREDO_BENCH_BATCH"].flatMap { Int($0) }.map { [$0] }
    }
}
