import Foundation
import Testing
@testable import CredoRun

/// Presets for Gymnasium names (`gym:<id>`) ship like the built-in ones, under the file stem
/// `Preset.fileStem(env:)` (`gym:LunarLander-v3` → `envs/gym-LunarLander-v3.json`): rl-train
/// resolves them, and a `gym:` id without one keeps the defaults. No Python is needed to resolve.
@Suite("Gymnasium presets")
struct GymPresetTests {
    @Test func fileStemsReplaceColonsAndSlashes() {
        #expect(Preset.fileStem(env: "lunarlander") == "lunarlander", "built-in names are unchanged")
        #expect(Preset.fileStem(env: "gym:LunarLander-v3") == "gym-LunarLander-v3")
        #expect(Preset.fileStem(env: "gym:my_pkg:MyEnv-v0") == "gym-my_pkg-MyEnv-v0")
        #expect(Preset.fileStem(env: "gym:ALE/Pong-v5") == "gym-ALE-Pong-v5")
        #expect(Preset.defaultPath(env: "gym:InvertedPendulum-v5") == "envs/gym-InvertedPendulum-v5.json")
    }

    @Test func aGymNameResolvesToItsBuiltInPreset() throws {
        let expected: [(String, Double?, Int)] = [("gym:LunarLander-v3", 200, 16), ("gym:InvertedPendulum-v5", 950, 8),
                                                  ("gym:HalfCheetah-v5", nil, 1)]
        for (env, goal, copies) in expected {
            let choice = try PresetChoice.resolve(env: env, explicitPath: nil, ignore: false, directory: "/nonexistent",
                                                  builtIn: BuiltInPresets.files)
            let preset = try #require(choice.preset, "\(env) has a built-in preset")
            #expect(choice.summary == "preset: built-in preset envs/\(Preset.fileStem(env: env)).json")
            #expect(preset.goal == goal)
            #expect(preset.estimators["ppo"]?.values["environmentCount"] == .integer(copies), "\(env)'s ppo settings")
        }
        // Negative control: looked up by the raw name (without the mapping) there is no preset.
        #expect(BuiltInPresets.files["gym:LunarLander-v3"] == nil)
    }

    @Test func lunarLanderCarriesTheOwnLanderSettingsAndTheIssuesBudget() throws {
        let gym = try #require(try PresetChoice.resolve(env: "gym:LunarLander-v3", explicitPath: nil, ignore: false,
                                                        directory: "/nonexistent", builtIn: BuiltInPresets.files).preset)
        let own = try #require(try PresetChoice.resolve(env: "lunarlander", explicitPath: nil, ignore: false,
                                                        directory: "/nonexistent", builtIn: BuiltInPresets.files).preset)
        #expect(gym.estimators["ppo"] == own.estimators["ppo"])
        #expect(gym.defaults.values["totalSteps"] == .integer(1_500_000))
        #expect(gym.defaults.values["totalSteps"] != own.defaults.values["totalSteps"], "negative control: the budgets differ")
    }

    @Test func aGymIdWithoutPresetKeepsTheDefaults() throws {
        let choice = try PresetChoice.resolve(env: "gym:Acrobot-v1", explicitPath: nil, ignore: false, directory: "/nonexistent",
                                              builtIn: BuiltInPresets.files)
        #expect(choice.preset == nil)
        #expect(choice.summary == "preset: none for gym:Acrobot-v1 (no /nonexistent/gym-Acrobot-v1.json here or built in): the built-in defaults")
    }

    @Test func aLocalGymPresetOverridesTheBuiltInOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gym-presets-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data(#"{"goal": 100, "defaults": {"gamma": 0.9}}"#.utf8)
            .write(to: URL(fileURLWithPath: folder + "/gym-LunarLander-v3.json"))
        let choice = try PresetChoice.resolve(env: "gym:LunarLander-v3", explicitPath: nil, ignore: false, directory: folder,
                                              builtIn: BuiltInPresets.files)
        #expect(choice.summary == "preset: \(folder)/gym-LunarLander-v3.json (in the working directory)")
        #expect(choice.preset?.goal == 100)
    }
}
