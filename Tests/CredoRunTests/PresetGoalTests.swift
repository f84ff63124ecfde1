import CredoRun
import Foundation
import Testing

/// The preset's `goal` (what rl-sweep counts success against).
@Suite("Preset goal")
struct PresetGoalTests {
    @Test func aGoalIsReadAndCheckedAndTheShippedPresetsHaveOne() throws {
        let preset = try Preset.parse(Data(#"{"goal": -150.5, "defaults": {"totalSteps": 10}}"#.utf8), path: "p.json")
        #expect(preset.goal == -150.5)
        #expect(try Preset.parse(Data(#"{"defaults": {}}"#.utf8), path: "p.json").goal == nil)
        #expect(throws: RunError.self) { try Preset.parse(Data(#"{"goal": "high"}"#.utf8), path: "p.json") }
        // Negative control: a misspelt key is still refused, naming the valid ones.
        #expect(throws: RunError.invalidPreset(path: "p.json", reason: "unknown key \"goals\"; valid top-level keys: description, goal, defaults, estimators")) {
            try Preset.parse(Data(#"{"goals": 1}"#.utf8), path: "p.json")
        }
        let envs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("envs").path
        let goals = try ["cartpole", "cartpole-continuous", "lunarlander", "lunarlander-continuous"].map {
            try Preset.load(path: envs + "/\($0).json").goal
        }
        #expect(goals == [475, 475, 200, 200])
    }
}
