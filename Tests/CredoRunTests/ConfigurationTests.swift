import CredoAgents
import CredoRun
import Foundation
import Testing

/// Layering (defaults, preset, command line), presets' own errors, and range checks.
@Suite("Run configuration and presets")
struct ConfigurationTests {
    private let catalog = countingCatalog()

    private func writePreset(_ json: String, in directory: TemporaryDirectory, env: String = "cartpole") throws -> String {
        let path = directory.file("\(env).json")
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func commandLineOverridesPresetWhichOverridesDefaults() throws {
        let temporary = try TemporaryDirectory()
        _ = try writePreset("""
            {"description": "test", "defaults": {"gamma": 0.9, "environmentCount": 4, "kSteps": 32},
             "estimators": {"a2c": {"gamma": 0.95, "hiddenSizes": [16]}, "reinforce": {"gamma": 0.5}}}
            """, in: temporary)
        let launcher = countingLauncher(presets: temporary.path)
        let request = TrainingRequest(overrides: ConfigurationOverrides(["estimator": .text("a2c"), "kSteps": .integer(8)]))
        let configuration = try launcher.configuration(for: request)
        #expect(configuration.agent.gamma == 0.95)          // the estimator's section beats the preset defaults
        #expect(configuration.agent.environmentCount == 4)  // the preset beats the built-in default of 8
        #expect(configuration.agent.kSteps == 8)            // the command line beats the preset
        #expect(configuration.agent.hiddenSizes == [16])
        #expect(configuration.agent.learningRate == TrainingConfig().learningRate)
        var ignoring = request
        ignoring.ignorePreset = true
        #expect(try launcher.configuration(for: ignoring).agent.gamma == TrainingConfig().gamma)
    }

    @Test func aBudgetGivenAloneReplacesTheOther() throws {
        let launcher = countingLauncher()
        let episodes = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides(["estimator": .text("a2c"), "episodes": .integer(50)])))
        #expect(episodes.episodes == 50 && episodes.totalSteps == nil)
        let both = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            "estimator": .text("a2c"), "episodes": .integer(50), "totalSteps": .integer(900)])))
        #expect(both.episodes == 50 && both.totalSteps == 900)
    }

    @Test func presetErrorsNameTheFileAndTheKey() throws {
        let temporary = try TemporaryDirectory()
        let unknownKey = try writePreset(#"{"defaults": {"gammma": 0.9}}"#, in: temporary)
        #expect(throws: RunError.self) { try Preset.load(path: unknownKey) }
        do {
            _ = try Preset.load(path: unknownKey)
        } catch {
            #expect(error.description == "preset \(unknownKey): unknown key \"gammma\"; valid keys: " + TrainerCatalog.standard.keys.joined(separator: ", "))
            #expect(TrainerCatalog.standard.keys.contains("bufferSize") && TrainerCatalog.standard.keys.contains("epochs"), "every family\'s keys")
        }
        let mistyped = try writePreset(#"{"defaults": {"environmentCount": 2.5, "episodicRollouts": 1, "target": "td1"}}"#,
                                       in: temporary, env: "mistyped")
        let preset = try Preset.load(path: mistyped)
        #expect(throws: RunError.invalidPreset(path: mistyped, reason: "key \"environmentCount\" must be an integer, got 2.5")) {
            try preset.apply(to: RunConfiguration())
        }
        var layers = preset.defaults
        layers["environmentCount"] = nil
        #expect(throws: RunError.invalidPreset(path: "p", reason: "key \"episodicRollouts\" must be true or false, got 1")) {
            try RunConfiguration().applying(layers, source: "p")
        }
        layers["episodicRollouts"] = .bool(true)
        #expect(throws: RunError.invalidPreset(path: "p", reason: "key \"target\" must be one of monte-carlo, k-step, lambda, td0, got \"td1\"")) {
            try RunConfiguration().applying(layers, source: "p")
        }
        layers["target"] = .text("td0")
        #expect(try RunConfiguration().applying(layers, source: "p").agent.target == .td0)
        let unknownEstimator = try writePreset(#"{"estimators": {"relaxx": {}}}"#, in: temporary, env: "estimator")
        #expect(throws: RunError.invalidPreset(path: unknownEstimator, reason: "section for unknown estimator \"relaxx\"; valid estimators: a2c, reinforce")) {
            try Preset.load(path: unknownEstimator).validate(estimators: catalog.estimators)
        }
        let choosesEnv = try writePreset(#"{"defaults": {"environment": "lunarlander"}}"#, in: temporary, env: "env")
        #expect(throws: RunError.invalidPreset(path: choosesEnv, reason: "\"environment\" cannot be set in a preset (the preset is chosen by it)")) {
            try Preset.load(path: choosesEnv)
        }
        let topLevel = try writePreset(#"{"default": {}}"#, in: temporary, env: "top")
        #expect(throws: RunError.invalidPreset(path: topLevel, reason: "unknown key \"default\"; valid top-level keys: description, goal, defaults, estimators")) {
            try Preset.load(path: topLevel)
        }
        #expect(throws: RunError.self) { try Preset.load(path: temporary.file("missing.json")) }
    }

    @Test func unknownNamesListTheValidOnes() {
        let launcher = countingLauncher()
        #expect(throws: RunError.unknownEstimator(name: "relax", valid: ["a2c", "reinforce"])) {
            try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides(["estimator": .text("relax")])))
        }
        let error = RunError.unknownEnvironment(name: "pong", valid: ["cartpole", "lunarlander"])
        #expect(error.description == "unknown environment \"pong\"; valid environments: cartpole, lunarlander, or gym:<id> for a Gymnasium environment")
        #expect(throws: RunError.unknownEnvironment(name: "pong", valid: catalog.environments)) {
            try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides(["environment": .text("pong"), "estimator": .text("a2c")])))
        }
    }

    @Test func rangeChecksNameTheOption() {
        var configuration = RunConfiguration(agent: .with { $0.estimator = .a2c; $0.gamma = -0.1 })
        #expect(throws: RunError.invalidValue(key: "gamma", value: "-0.1", requirement: "must lie in [0, 1]")) {
            try catalog.validate(configuration)
        }
        configuration = RunConfiguration(totalSteps: nil, episodes: nil)
        #expect(throws: RunError.self) { try catalog.validate(configuration) }
        configuration = RunConfiguration(agent: .with { $0.hiddenSizes = [64, 0] })
        #expect(throws: RunError.invalidValue(key: "hiddenSizes", value: "[64, 0]", requirement: "every layer width must be at least 1")) {
            try catalog.validate(configuration)
        }
        configuration = RunConfiguration(keepCheckpoints: 0)
        #expect(throws: RunError.invalidValue(key: "keepCheckpoints", value: "0", requirement: "must be at least 1")) {
            try catalog.validate(configuration)
        }
        #expect(RunConfiguration.optionName(forKey: "controlVariateLearningRate") == "--control-variate-learning-rate")
        #expect(RunConfiguration.optionName(forKey: "environment") == "--env")
        #expect(RunConfiguration.optionName(forKey: "environmentCount") == "--num-envs")
        #expect(RunError.invalidValue(key: "environmentCount", value: "0", requirement: "must be at least 1").description
            == "invalid --num-envs 0: must be at least 1")
        #expect(throws: Never.self) { try catalog.validate(RunConfiguration()) }
    }

    @Test func theConfigurationRoundTripsThroughJSON() throws {
        let configuration = RunConfiguration(agent: .with {
            $0.environment = "lunarlander"; $0.seed = .max; $0.gamma = 0.975; $0.hiddenSizes = [32, 16, 8]
            $0.target = .kStep; $0.normalizeRewards = true; $0.learningRate = 0.0007
        }, totalSteps: nil, episodes: 12)
        #expect(try RunConfiguration(json: configuration.compactJSON, source: "test") == configuration)
        #expect(try RunConfiguration(json: configuration.prettyJSON, source: "test") == configuration)
        // The same object is the agent's own configuration.
        #expect(try JSONDecoder().decode(TrainingConfig.self, from: Data(configuration.compactJSON.utf8)) == configuration.agent)
        let other = try configuration.applying(ConfigurationOverrides(["gamma": .number(0.5), "seed": .unsigned(.max)]), source: "test")
        #expect(other.differences(from: configuration).map(\.key) == ["gamma"])
        #expect(RunConfiguration.keys.count == Set(RunConfiguration.keys).count)
    }
}

/// The presets shipped in `envs/` load, name only known estimators and environments (registered
/// ones, or Gymnasium ids as `gym-<id>.json`), and give valid configurations for every estimator.
@Suite("Shipped presets")
struct ShippedPresetTests {
    static let envs = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("envs").path

    @Test func everyShippedPresetIsValidForTheStandardCatalog() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.envs).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.contains("cartpole.json") && files.contains("lunarlander.json"))
        let catalog = TrainerCatalog.standard
        for file in files {
            let stem = String(file.dropLast(".json".count))
            // A Gymnasium id's preset is named by `Preset.fileStem` (gym:LunarLander-v3 → gym-LunarLander-v3).
            let env = stem.hasPrefix("gym-") ? "gym:" + stem.dropFirst("gym-".count) : stem
            #expect(catalog.environments.contains(env) || (env.hasPrefix("gym:") && Preset.fileStem(env: env) == stem),
                    "\(file) is not named after a registered environment or a gym: id")
            let preset = try Preset.load(path: Self.envs + "/" + file, validKeys: catalog.keys)
            try preset.validate(estimators: catalog.estimators)
            for estimator in catalog.estimators {
                // Each estimator from its own family's defaults, as the launcher starts a run.
                let base = try catalog.defaults(for: estimator)
                    .applying(ConfigurationOverrides(["environment": .text(env), "estimator": .text(estimator.rawValue)]), source: "test")
                try catalog.validate(try preset.apply(to: base))
            }
        }
    }

    /// The section applied is the requested estimator's, not its family's default estimator's
    /// (td3's and ppo's sections on pendulum, neither of which is its family's default).
    @Test func theRequestedEstimatorsSectionApplies() throws {
        let launcher = TrainingLauncher(catalog: .standard, presetDirectory: Self.envs)
        let preset = try Preset.load(path: Self.envs + "/pendulum.json", validKeys: TrainerCatalog.standard.keys)
        for estimator in ["td3", "ppo"] {
            let configuration = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
                "environment": .text("pendulum"), "estimator": .text(estimator)])))
            let section = try #require(preset.estimators[estimator])
            #expect(section["gamma"] != nil)
            #expect(configuration.settings["gamma"] == section["gamma"], "\(estimator)")
            #expect(configuration.estimator.rawValue == estimator)
        }
        // Negative control: the family defaults' estimators (sac, a2c) keep a different gamma, so
        // their sections (or none) applied in place of the requested one would be seen above.
        #expect(try TrainerCatalog.standard.defaults(for: .sac).settings["gamma"] != preset.estimators["td3"]?["gamma"])
        #expect(try TrainerCatalog.standard.defaults(for: "ppo").settings["gamma"] != preset.estimators["ppo"]?["gamma"])
    }

    @Test func makeRunTrainsCartPoleWithRelaxInThePaperSetting() throws {
        let launcher = TrainingLauncher(catalog: .standard, presetDirectory: Self.envs)
        let configuration = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            "environment": .text("cartpole"), "estimator": .text("relax")])))
        #expect(configuration.totalSteps == 300_000 && configuration.episodes == nil)
        #expect(configuration.agent.environmentCount == 1 && configuration.agent.episodicRollouts)
        #expect(configuration.agent.target == .monteCarlo)
    }

    /// The preset's section for the estimator asked for applies, in either trainer family.
    @Test func thePresetsSectionForTheEstimatorApplies() throws {
        let launcher = TrainingLauncher(catalog: .standard, presetDirectory: Self.envs)
        let ppo = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            "environment": .text("pendulum"), "estimator": .text("ppo")])))
        #expect(ppo.agent.epochs == 10 && ppo.agent.rolloutSteps == 1024 && ppo.agent.environmentCount == 4)
        let a2c = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            "environment": .text("pendulum"), "estimator": .text("a2c")])))
        #expect(a2c.agent.epochs == 1, "ppo's section stays ppo's")
        let sac = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            "environment": .text("pendulum"), "estimator": .text("sac")])))
        #expect(sac.estimator == "sac" && sac.settings["epochs"] == nil && sac.settings["bufferSize"] != nil)
    }
}
