import CredoAgents
import Foundation

/// An environment's preset, `envs/<env>.json`: settings for every estimator plus tuned
/// overrides per estimator, the way rl-baselines3-zoo keeps `hyperparams/<algo>.yml`.
///
///     {
///       "description": "CartPole-v1: 500 steps a episode, solved at a mean return of 475",
///       "goal": 475,
///       "defaults": { "totalSteps": 200000, "environmentCount": 8, "gamma": 0.99 },
///       "estimators": {
///         "relax": { "environmentCount": 1, "episodicRollouts": true, "target": "monte-carlo" },
///         "reinforce": { "learningRate": 0.005 }
///       }
///     }
///
/// Keys are `RunConfiguration`'s JSON keys (every field of a trainer's section, such as
/// `TrainingConfig`'s, the budget and the checkpoint policy). Command-line options override the preset, and the preset overrides the
/// built-in defaults; an unknown key, a mistyped value, or a section for an unknown estimator is
/// an error naming it. `environment` and `estimator` pick the preset, so a preset cannot set
/// them.
public struct Preset: Equatable, Sendable {
    /// Where the preset was read from, for messages.
    public var path: String
    /// A sentence about the environment and what the values aim at.
    public var description: String?
    /// The mean return over 100 consecutive episodes that counts as solving the environment
    /// (what `rl-sweep` reports success against); rl-train does not use it.
    public var goal: Double? = nil
    /// Values for every estimator.
    public var defaults: ConfigurationOverrides
    /// Values for one estimator, over `defaults`.
    public var estimators: [String: ConfigurationOverrides]

    /// The conventional preset file of an environment: `<directory>/<stem>.json`, with
    /// `fileStem(env:)`.
    public static func defaultPath(env: String, directory: String = "envs") -> String {
        directory + "/" + fileStem(env: env) + ".json"
    }

    /// The file name (without `.json`) and built-in preset key of an environment: its name with
    /// every `:` and `/` replaced by `-`, since `:` is awkward in file names and `/` separates
    /// folders. Built-in names have neither (`lunarlander` → `lunarlander`); a Gymnasium name
    /// does: `gym:LunarLander-v3` → `gym-LunarLander-v3`, `gym:my_pkg:MyEnv-v0` →
    /// `gym-my_pkg-MyEnv-v0`, `gym:ALE/Pong-v5` → `gym-ALE-Pong-v5`.
    public static func fileStem(env: String) -> String {
        String(env.map { $0 == ":" || $0 == "/" ? "-" : $0 })
    }

    /// Reads and checks the preset at `path`.
    public static func load(path: String, validKeys: [String] = TrainerCatalog.standard.keys) throws(RunError) -> Preset {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .invalidPreset(path: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        return try parse(data, path: path, validKeys: validKeys)
    }

    /// Parses preset JSON; `path` names it in messages; `validKeys` are the keys some trainer of
    /// the catalog (or the run) has.
    public static func parse(_ data: Data, path: String, validKeys: [String] = TrainerCatalog.standard.keys) throws(RunError) -> Preset {
        struct File: Decodable {
            var description: String?
            var goal: Double?
            var defaults: [String: ConfigurationOverrides.Value]?
            var estimators: [String: [String: ConfigurationOverrides.Value]]?
        }
        let topLevel: [String: Any]
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw RunError.invalidPreset(path: path, reason: "the file must hold a JSON object")
            }
            topLevel = object
        } catch let error as RunError {
            throw error
        } catch {
            throw .invalidPreset(path: path, reason: "not valid JSON (\(error.localizedDescription))")
        }
        for key in topLevel.keys.sorted() where !["description", "goal", "defaults", "estimators"].contains(key) {
            throw .invalidPreset(path: path, reason: "unknown key \"\(key)\"; valid top-level keys: description, goal, defaults, estimators")
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw .invalidPreset(path: path, reason: "expected \"goal\" to be a number, \"defaults\" an object of values and \"estimators\" an object of such objects (\(error))")
        }
        if let goal = file.goal, !goal.isFinite {
            throw .invalidPreset(path: path, reason: "\"goal\" must be a finite number")
        }
        var preset = Preset(path: path, description: file.description,
                            defaults: try ConfigurationOverrides.parse(file.defaults ?? [:], source: path, validKeys: validKeys),
                            estimators: [:])
        preset.goal = file.goal
        for (name, section) in file.estimators ?? [:] {
            preset.estimators[name] = try ConfigurationOverrides.parse(section, source: path + " (estimator \"\(name)\")",
                                                                       validKeys: validKeys)
        }
        for layer in [preset.defaults] + Array(preset.estimators.values) {
            for key in ["environment", "estimator"] where layer[key] != nil {
                throw .invalidPreset(path: path, reason: "\"\(key)\" cannot be set in a preset (the preset is chosen by it)")
            }
        }
        return preset
    }

    /// Throws when a section names an estimator outside `estimators`.
    public func validate(estimators valid: [EstimatorName]) throws(RunError) {
        let names = valid.map(\.rawValue)
        for name in estimators.keys.sorted() where !names.contains(name) {
            throw .invalidPreset(path: path, reason: "section for unknown estimator \"\(name)\"; valid estimators: \(names.joined(separator: ", "))")
        }
    }

    /// `configuration` with the preset's defaults and then its section for
    /// `configuration.estimator` applied. The defaults serve every estimator, so a key that the
    /// configuration's trainer lacks (another family's option) is left out; a section names its
    /// estimator's keys only.
    public func apply(to configuration: RunConfiguration) throws(RunError) -> RunConfiguration {
        let own = Set(configuration.keys)
        var result = try configuration.applying(ConfigurationOverrides(defaults.values.filter { own.contains($0.key) }), source: path)
        if let section = estimators[configuration.estimator.rawValue] {
            result = try result.applying(section, source: path + " (estimator \"\(configuration.estimator.rawValue)\")")
        }
        return result
    }
}
