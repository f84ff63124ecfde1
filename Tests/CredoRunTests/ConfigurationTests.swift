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
            {"description": "test", "defaults": {"gamma": 0.9, "numEnvs": 4, "kSteps": 32},
             "estimators": {"counting": {"gamma": 0.95, "hiddenSizes": [16]}, "counting-too": {"gamma": 0.5}}}
            """, in: temporary)
        let launcher = countingLauncher(presets: temporary.path)
        let request = TrainingRequest(overrides: ConfigurationOverrides([.estimator: .text("counting"), .kSteps: .integer(8)]))
        let configuration = try launcher.configuration(for: request)
        #expect(configuration.gamma == 0.95)          // the estimator's section beats the preset defaults
        #expect(configuration.numEnvs == 4)           // the preset beats the built-in default of 8
        #expect(configuration.kSteps == 8)            // the command line beats the preset
        #expect(configuration.hiddenSizes == [16])
        #expect(configuration.policyLearningRate == RunConfiguration().policyLearningRate)
        var ignoring = request
        ignoring.ignorePreset = true
        #expect(try launcher.configuration(for: ignoring).gamma == RunConfiguration().gamma)
    }

    @Test func aBudgetGivenAloneReplacesTheOther() throws {
        let launcher = countingLauncher()
        let episodes = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([.estimator: .text("counting"), .episodes: .integer(50)])))
        #expect(episodes.episodes == 50 && episodes.totalSteps == nil)
        let both = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            .estimator: .text("counting"), .episodes: .integer(50), .totalSteps: .integer(900)])))
        #expect(both.episodes == 50 && both.totalSteps == 900)
    }

    @Test func presetErrorsNameTheFileAndTheKey() throws {
        let temporary = try TemporaryDirectory()
        let unknownKey = try writePreset(#"{"defaults": {"gammma": 0.9}}"#, in: temporary)
        #expect(throws: RunError.self) { try Preset.load(path: unknownKey) }
        do {
            _ = try Preset.load(path: unknownKey)
        } catch {
            #expect(error.description.hasPrefix("preset \(unknownKey): unknown key \"gammma\"; valid keys: env, estimator, seed, totalSteps"))
        }
        let mistyped = try writePreset(#"{"defaults": {"numEnvs": 2.5}}"#, in: temporary, env: "mistyped")
        let preset = try Preset.load(path: mistyped)
        #expect(throws: RunError.invalidPreset(path: mistyped, reason: "key \"numEnvs\" must be an integer, got 2.5")) {
            try preset.apply(to: RunConfiguration())
        }
        let unknownEstimator = try writePreset(#"{"estimators": {"relaxx": {}}}"#, in: temporary, env: "estimator")
        #expect(throws: RunError.invalidPreset(path: unknownEstimator, reason: "section for unknown estimator \"relaxx\"; valid estimators: counting, counting-too")) {
            try Preset.load(path: unknownEstimator).validate(estimators: catalog.estimators)
        }
        let choosesEnv = try writePreset(#"{"defaults": {"env": "lunarlander"}}"#, in: temporary, env: "env")
        #expect(throws: RunError.invalidPreset(path: choosesEnv, reason: "\"env\" cannot be set in a preset (the preset is chosen by it)")) {
            try Preset.load(path: choosesEnv)
        }
        let topLevel = try writePreset(#"{"default": {}}"#, in: temporary, env: "top")
        #expect(throws: RunError.invalidPreset(path: topLevel, reason: "unknown key \"default\"; valid top-level keys: description, defaults, estimators")) {
            try Preset.load(path: topLevel)
        }
        #expect(throws: RunError.self) { try Preset.load(path: temporary.file("missing.json")) }
    }

    @Test func unknownNamesListTheValidOnes() {
        let launcher = countingLauncher()
        #expect(throws: RunError.unknownEstimator(name: "relax", valid: ["counting", "counting-too"])) {
            try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([.estimator: .text("relax")])))
        }
        let error = RunError.unknownEnvironment(name: "pong", valid: ["cartpole", "lunarlander"])
        #expect(error.description == "unknown environment \"pong\"; valid environments: cartpole, lunarlander")
        #expect(throws: RunError.unknownEnvironment(name: "pong", valid: catalog.environments)) {
            try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([.env: .text("pong"), .estimator: .text("counting")])))
        }
    }

    @Test func rangeChecksNameTheOption() {
        var configuration = RunConfiguration(estimator: "counting")
        configuration.gamma = -0.1
        #expect(throws: RunError.invalidValue(key: "gamma", value: "-0.1", requirement: "must lie in [0, 1]")) {
            try catalog.validate(configuration)
        }
        configuration = RunConfiguration(estimator: "counting", totalSteps: nil, episodes: nil)
        #expect(throws: RunError.self) { try catalog.validate(configuration) }
        configuration = RunConfiguration(estimator: "counting", hiddenSizes: [])
        #expect(throws: RunError.invalidValue(key: "hiddenSizes", value: "[]", requirement: "give one or more layer widths, each at least 1")) {
            try catalog.validate(configuration)
        }
        #expect(RunConfiguration.optionName(forKey: "controlVariateLearningRate") == "--control-variate-learning-rate")
        #expect(throws: Never.self) { try catalog.validate(RunConfiguration(estimator: "counting")) }
    }

    @Test func theConfigurationRoundTripsThroughJSON() throws {
        let configuration = RunConfiguration(env: "lunarlander", estimator: "counting", seed: .max, totalSteps: nil, episodes: 12,
                                             gamma: 0.975, hiddenSizes: [32, 16, 8])
        #expect(try RunConfiguration(json: configuration.compactJSON, source: "test") == configuration)
        #expect(try RunConfiguration(json: configuration.prettyJSON, source: "test") == configuration)
        let other = try configuration.applying(ConfigurationOverrides([.gamma: .number(0.5), .seed: .unsigned(.max)]), source: "test")
        #expect(other.differences(from: configuration).map(\.key) == [.gamma])
    }
}

/// The presets shipped in `envs/` load, name only known estimators and environments, and give
/// valid configurations for every estimator.
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
            let env = String(file.dropLast(".json".count))
            #expect(catalog.environments.contains(env), "\(file) is not named after a registered environment")
            let preset = try Preset.load(path: Self.envs + "/" + file)
            try preset.validate(estimators: catalog.estimators)
            for estimator in catalog.estimators {
                let configuration = try preset.apply(to: RunConfiguration(env: env, estimator: estimator))
                try catalog.validate(configuration)
            }
        }
    }

    @Test func makeRunsDefaultsTrainCartPoleWithRelaxForTwoHundredThousandSteps() throws {
        let launcher = TrainingLauncher(catalog: .standard, presetDirectory: Self.envs)
        let configuration = try launcher.configuration(for: TrainingRequest(overrides: ConfigurationOverrides([
            .env: .text("cartpole"), .estimator: .text("relax")])))
        #expect(configuration.totalSteps == 200_000 && configuration.episodes == nil)
        #expect(configuration.entropyCoefficient == 0.005)
    }
}
