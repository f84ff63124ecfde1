import CredoAgents
import CredoNN
import Foundation

/// Applying a layer of values by key, with each value checked against its key's type.
extension RunConfiguration {
    /// This configuration with `overrides` replacing its values. Throws `.invalidPreset` with
    /// `source` as the path when a value has the wrong type for its key (a fraction for an
    /// integer, text for a number, a name outside an enumeration).
    public func applying(_ overrides: ConfigurationOverrides, source: String) throws(RunError) -> RunConfiguration {
        if overrides.isEmpty { return self }
        var object = jsonObject
        for key in Self.keys {
            guard let value = overrides[key] else { continue }
            // JSON has no NaN or infinity: reject them here, by name, rather than as a JSON error.
            if case .number(let number) = value, !number.isFinite {
                throw .invalidValue(key: key, value: MetricsLog.format(number), requirement: "must be a finite number")
            }
            if let requirement = Self.typeRequirement(of: key, for: value) {
                throw .invalidPreset(path: source, reason: "key \"\(key)\" must be \(requirement), got \(value)")
            }
            // A Float32 key holds at most about 3.4e38; beyond that decoding would fail without a name.
            if Self.agentDefaults[key] is Float, let number = value.number, abs(number) > Double(Float.greatestFiniteMagnitude) {
                throw .invalidValue(key: key, value: "\(number)",
                                    requirement: "must be a finite 32-bit float, at most \(Float.greatestFiniteMagnitude) in magnitude")
            }
            object[key] = value.jsonObject
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(RunConfiguration.self, from: data)
        } catch {
            throw .invalidPreset(path: source, reason: "\(error)")
        }
    }

    /// The names an enumerated key takes.
    static let enumeratedValues: [String: [String]] = [
        "estimator": EstimatorName.allCases.map(\.rawValue), "target": ReturnTargetName.allCases.map(\.rawValue),
        "optimizer": OptimizerName.allCases.map(\.rawValue), "activation": Activation.allCases.map(\.rawValue),
    ]

    /// Each agent key's default value, whose type is the key's type.
    private static var agentDefaults: [String: Any] { Dictionary(
        uniqueKeysWithValues: Mirror(reflecting: TrainingConfig()).children.compactMap { child in child.label.map { ($0, child.value) } }) }

    /// What `key` needs when `value` does not fit it, or `nil` when it fits.
    static func typeRequirement(of key: String, for value: ConfigurationOverrides.Value) -> String? {
        if let names = enumeratedValues[key] {
            if case .text(let name) = value, names.contains(name) { return nil }
            return "one of " + names.joined(separator: ", ")
        }
        if runKeys.contains(key) {
            switch value {
            case .integer: return nil
            case .null where key == "totalSteps" || key == "episodes": return nil
            default: return key == "totalSteps" || key == "episodes" ? "an integer or null" : "an integer"
            }
        }
        if key == "environmentKwargs" {  // optional text: gymnasium.make's keyword arguments as JSON
            if case .text = value { return nil }
            if case .null = value { return nil }
            return #"a JSON object written as a string, e.g. "{\"continuous\": true}""#
        }
        switch (agentDefaults[key], value) {
        case (is Bool, .bool), (is String, .text), (is [Int], .integers), (is Int, .integer): return nil
        case (is UInt64, .integer(let seed)) where seed >= 0: return nil
        case (is UInt64, .unsigned): return nil
        case (is Float, .integer), (is Float, .number), (is Double, .integer), (is Double, .number): return nil
        case (is Bool, _): return "true or false"
        case (is String, _): return "a string"
        case (is [Int], _): return "a list of integers"
        case (is Int, _): return "an integer"
        case (is UInt64, _): return "an integer from 0 to 2^64 - 1"
        default: return "a number"
        }
    }
}
