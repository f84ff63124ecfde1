import Foundation

/// A tiny `--name value` parser: every option takes one value; unknown options are errors.
struct Arguments {
    private var values: [String: String] = [:]
    private var used: Set<String> = []

    init(_ arguments: ArraySlice<String>, allowed: [String]) throws {
        var it = arguments.makeIterator()
        while let a = it.next() {
            guard a.hasPrefix("--"), allowed.contains(String(a.dropFirst(2))) else {
                throw ExperimentError("unknown argument '\(a)'; options: \(allowed.map { "--" + $0 }.joined(separator: " "))")
            }
            guard let v = it.next() else { throw ExperimentError("\(a) needs a value") }
            values[String(a.dropFirst(2))] = v
        }
    }

    func string(_ name: String) -> String? { values[name] }

    func int(_ name: String, default d: Int) throws -> Int {
        guard let s = values[name] else { return d }
        guard let v = Int(s) else { throw ExperimentError("--\(name) expects an integer, got '\(s)'") }
        return v
    }

    func float(_ name: String, default d: Float) throws -> Float {
        guard let s = values[name] else { return d }
        guard let v = Float(s) else { throw ExperimentError("--\(name) expects a number, got '\(s)'") }
        return v
    }

    func ints(_ name: String, default d: [Int]) throws -> [Int] {
        guard let s = values[name] else { return d }
        let parts = s.split(separator: ",").map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else {
            throw ExperimentError("--\(name) expects comma-separated integers, got '\(s)'")
        }
        return parts.map { $0! }
    }
}

struct ExperimentError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Where results go: CSV to stdout, or `DIR/name.csv` with `--out DIR`; the SVG to DIR (the
/// current directory by default).
struct Output {
    let directory: String?

    init(_ directory: String?) throws {
        self.directory = directory
        if let directory {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
    }

    func path(_ file: String) -> String { directory.map { "\($0)/\(file)" } ?? file }

    func writeCSV(_ lines: [String], name: String) throws {
        let text = lines.joined(separator: "\n") + "\n"
        if directory != nil {
            try text.write(toFile: path(name), atomically: true, encoding: .utf8)
            FileHandle.standardError.write("wrote \(path(name))\n".data(using: .utf8)!)
        } else {
            print(text, terminator: "")
        }
    }
}
