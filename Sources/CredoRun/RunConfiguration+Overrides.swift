import CredoAgents
import Foundation

/// Applying a layer of values by key, with each value checked against its key's kind.
extension RunConfiguration {
    /// This configuration with `overrides` replacing its values. Throws `.invalidPreset` with
    /// `source` as the path when a key is not one of this configuration's (its trainer's section
    /// and the run's) or a value has the wrong kind for its key (a fraction for an integer, text
    /// for a number, a name outside an enumeration).
    public func applying(_ overrides: ConfigurationOverrides, source: String) throws(RunError) -> RunConfiguration {
        if overrides.isEmpty { return self }
        let keys = self.keys
        let schema = self.schema ?? inferredSchema
        var result = self
        for (key, value) in overrides.values.sorted(by: { $0.key < $1.key }) {
            guard keys.contains(key) else {
                throw .invalidPreset(path: source, reason: "unknown key \"\(key)\"; valid keys: \(keys.joined(separator: ", "))")
            }
            // JSON has no NaN or infinity: reject them here, by name, rather than as a JSON error.
            if case .number(let number) = value, !number.isFinite {
                throw .invalidValue(key: key, value: MetricsLog.format(number), requirement: "must be a finite number")
            }
            if let requirement = Self.runKeys.contains(key) ? Self.runKeyRequirement(key, value) : schema.requirement(of: key, for: value) {
                throw .invalidPreset(path: source, reason: "key \"\(key)\" must be \(requirement), got \(value)")
            }
            // A Float32 key holds at most about 3.4e38; beyond that decoding would fail without a name.
            if schema.kinds[key] == .float32, let number = value.number, abs(number) > Double(Float.greatestFiniteMagnitude) {
                throw .invalidValue(key: key, value: "\(number)",
                                    requirement: "must be a finite 32-bit float, at most \(Float.greatestFiniteMagnitude) in magnitude")
            }
            switch key {
            case "totalSteps": result.totalSteps = value.integerValue
            case "episodes": result.episodes = value.integerValue
            case "stopAtReturn": result.stopAtReturn = value.number
            case "checkpointEvery": result.checkpointEvery = value.integerValue!
            case "keepCheckpoints": result.keepCheckpoints = value.integerValue!
            case "parameterCheckInterval": result.parameterCheckInterval = value.integerValue
            default: result.settings[key] = value == .null ? nil : value
            }
        }
        return result
    }

    /// The schema of a section read from JSON: its keys, sorted, each of the kind its value has.
    private var inferredSchema: SettingsSchema {
        var schema = SettingsSchema(of: TrainingConfig.self)
        schema.keys = settings.keys.sorted()
        for (key, value) in settings where schema.kinds[key] == nil {
            switch value {
            case .bool: schema.kinds[key] = .bool
            case .integer, .unsigned, .number: schema.kinds[key] = .double
            case .integers: schema.kinds[key] = .integers
            default: schema.kinds[key] = .string
            }
        }
        return schema
    }

    /// What a run key needs when `value` does not fit it.
    private static func runKeyRequirement(_ key: String, _ value: ConfigurationOverrides.Value) -> String? {
        if key == "stopAtReturn" {
            switch value {
            case .integer, .number, .null: return nil
            default: return "a number or null"
            }
        }
        switch value {
        case .integer: return nil
        case .null where key == "totalSteps" || key == "episodes" || key == "parameterCheckInterval": return nil
        default: return key == "totalSteps" || key == "episodes" ? "an integer or null" : "an integer"
        }
    }
}

extension ConfigurationOverrides.Value {
    /// The value as an integer (nil for `null`).
    var integerValue: Int? { if case .integer(let value) = self { value } else { nil } }
}
