import CredoTestSupport
import Foundation
import Testing
@testable import CredoRun

/// The presets ship inside rl-train: run from any directory it applies them, a user's own
/// `envs/<env>.json` in the working directory or `--preset FILE` overrides them, and the first
/// line of output says which is in use.
@Suite struct PresetResolutionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("presets-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func configuration(_ runDirectory: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: runDirectory + "/config.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The compiled-in presets are exactly the repository's envs/*.json (`make presets` regenerates them).
    @Test func builtInPresetsAreTheRepositorysFiles() throws {
        let folder = Self.repository.appendingPathComponent("envs")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(BuiltInPresets.files.keys),
                "run `make presets` after adding or removing a preset")
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(BuiltInPresets.files[String(file.dropLast(5))] == text.trimmingCharacters(in: .newlines),
                    "\(file) differs from its built-in copy: run `make presets`")
        }
    }

    @Test func fromAnotherDirectoryTheBuiltInPresetApplies() throws {
        let cwd = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cwd) }
        let result = try ToolProcess.run("rl-train", ["--env", "lunarlander", "--estimator", "a2c", "--total-steps", "64",
                                                      "--run-dir", cwd + "/run"], in: cwd)
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output.split(separator: "\n").first == "preset: built-in preset envs/lunarlander.json")
        let config = try configuration(cwd + "/run")
        #expect(config["gamma"] as? Double == 0.995, "the preset's a2c gamma")
        #expect(config["normalizeObservations"] as? Bool == true)
    }

    @Test func aLocalPresetOverridesTheBuiltInOne() throws {
        let cwd = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cwd) }
        try FileManager.default.createDirectory(atPath: cwd + "/envs", withIntermediateDirectories: true)
        try Data(#"{"defaults": {"gamma": 0.9}}"#.utf8).write(to: URL(fileURLWithPath: cwd + "/envs/lunarlander.json"))
        let result = try ToolProcess.run("rl-train", ["--env", "lunarlander", "--estimator", "a2c", "--total-steps", "64",
                                                      "--run-dir", cwd + "/run"], in: cwd)
        #expect(result.status == 0, "\(result.text)")
        #expect(result.output.split(separator: "\n").first == "preset: envs/lunarlander.json (in the working directory)")
        let config = try configuration(cwd + "/run")
        #expect(config["gamma"] as? Double == 0.9)
        #expect(config["normalizeObservations"] as? Bool == false, "the built-in preset is not applied under the local one")
    }

    @Test func aMissingExplicitPresetIsAnError() throws {
        let cwd = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: cwd) }
        let result = try ToolProcess.run("rl-train", ["--env", "cartpole", "--preset", "nope.json", "--run-dir", cwd + "/run"], in: cwd)
        #expect(result.status != 0)
        #expect(result.errors.contains("nope.json") && result.errors.contains("no such file"), "\(result.text)")
        #expect(!FileManager.default.fileExists(atPath: cwd + "/run"))
    }

    @Test func anEnvironmentWithoutPresetSaysSo() throws {
        let choice = try PresetChoice.resolve(env: "bandit-contextual-linear", explicitPath: nil, ignore: false,
                                              directory: "/nonexistent", builtIn: BuiltInPresets.files)
        #expect(choice.preset == nil)
        #expect(choice.summary.hasPrefix("preset: none for bandit-contextual-linear"))
    }
}
