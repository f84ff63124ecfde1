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
        return try Output.json(object)
    }

    func emit() throws {
        print(try json())
    }
}

/// How credo-compare prints: JSON objects on one line each (keys sorted), and the text tables'
/// left-aligned columns. Standard output is flushed after each line, so a driver reading a pipe
/// sees progress lines as they come.
enum Output {
    /// `object` as one line of JSON, keys sorted.
    static func json(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// Prints `object` as one JSON line.
    static func emit(_ object: [String: Any]) throws { line(try json(object)) }

    /// Prints one line and flushes standard output.
    static func line(_ text: String) {
        print(text)
        fflush(nil)  // every output stream (naming `stdout` is not concurrency-safe in Swift 6)
    }

    /// A table row: each cell padded to its width (the last cell as it is).
    static func row(_ cells: [(String, Int)]) -> String {
        cells.map { text, width in text.padding(toLength: max(width, text.count), withPad: " ", startingAt: 0) }.joined()
    }

    /// `x` with `digits` digits after the point.
    static func fixed(_ x: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", x) }
}
