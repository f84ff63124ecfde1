import ArgumentParser
import Foundation

/// A subcommand of credo-compare: measures its workload; running it prints the measurement.
protocol Workload: ParsableCommand {
    func measure() throws -> WorkloadResult
}

extension Workload {
    func run() throws { try measure().emit() }
}

/// One measured workload, printed as a JSON object: `value` in `unit`, what exactly was
/// measured, and any further numbers (`extra`) the table or the raw results need.
struct WorkloadResult {
    var value: Double
    var unit: String
    var what: String
    var extra: [String: Any] = [:]

    /// The JSON object, keys sorted.
    func json() throws -> String {
        var object = extra
        object["value"] = value
        object["unit"] = unit
        object["what"] = what
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    func emit() throws {
        print(try json())
    }
}

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

/// The median of non-empty `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
