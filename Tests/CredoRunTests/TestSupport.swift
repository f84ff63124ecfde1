import CredoRun
import Foundation

/// A fresh directory under the system temporary directory, removed when the value is released.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("credo-run-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `name` inside the directory.
    func file(_ name: String) -> String { path + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Collects what a launcher or reporter writes.
final class OutputCapture: @unchecked Sendable {
    private(set) var text = ""
    func write(_ string: String) { text += string }
}

/// Every file under `path` with its bytes, by relative path: a snapshot to compare before and
/// after something that must not change anything.
func snapshot(_ path: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    guard let enumerator = FileManager.default.enumerator(atPath: path) else { return files }
    for case let relative as String in enumerator {
        var isDirectory: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: path + "/" + relative, isDirectory: &isDirectory)
        if !isDirectory.boolValue { files[relative] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + relative)) }
    }
    return files
}

/// A launcher over the counting catalog that writes into `output`, never asks to stop by
/// default, and reads presets from `presets`.
func countingLauncher(output: OutputCapture = OutputCapture(), presets: String = "/nonexistent",
                      catalog: TrainerCatalog = countingCatalog(), shouldStop: @escaping () -> Bool = { false }) -> TrainingLauncher {
    TrainingLauncher(catalog: catalog, presetDirectory: presets, progressMode: .lines,
                     write: { output.write($0) }, shouldStop: shouldStop)
}

/// A request for a short counting run in `directory`.
func countingRequest(_ directory: String, totalSteps: Int, checkpointEvery: Int = 40, extra: [String: ConfigurationOverrides.Value] = [:],
                     resume: String? = nil) -> TrainingRequest {
    var values: [String: ConfigurationOverrides.Value] = [
        "environment": .text("cartpole"), "estimator": .text("a2c"), "seed": .integer(7), "totalSteps": .integer(totalSteps),
        "environmentCount": .integer(2), "rolloutSteps": .integer(5), "hiddenSizes": .integers([3, 2]),
        "checkpointEvery": .integer(checkpointEvery), "keepCheckpoints": .integer(2), "learningRate": .number(0.05),
    ]
    values.merge(extra) { $1 }
    if resume != nil { values = ["totalSteps": .integer(totalSteps)].merging(extra) { $1 } }
    return TrainingRequest(overrides: ConfigurationOverrides(values), runDirectory: resume == nil ? directory : nil, resume: resume)
}

/// The text of the metrics file at `path` without its last column, `wall_seconds` (the one
/// column two identical runs differ in).
func metricsWithoutWallClock(_ path: String) throws -> String {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in line.lastIndex(of: ",").map { String(line[..<$0]) } ?? String(line) }
        .joined(separator: "\n")
}
