import Foundation

/// One layer of configuration values by key: a preset's section or the options given on the
/// command line. Layers apply in order over the defaults (defaults, then the preset's `defaults`,
/// then its section for the estimator, then the command line), each replacing only the keys it
/// sets.
///
///     var overrides = ConfigurationOverrides()
///     overrides[.gamma] = .number(0.98)
///     let configuration = try RunConfiguration().applying(overrides, source: "the command line")
public struct ConfigurationOverrides: Equatable, Sendable {
    /// A JSON value a key can take.
    public enum Value: Equatable, Sendable, Decodable, CustomStringConvertible {
        case integer(Int)
        /// An integer above `Int.max` (a 64-bit seed).
        case unsigned(UInt64)
        case number(Double)
        case text(String)
        case integers([Int])
        /// JSON `null`: clears an optional key such as `episodes`.
        case null

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Int.self) { self = .integer(value) }
            else if let value = try? container.decode(UInt64.self) { self = .unsigned(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .text(value) }
            else if let value = try? container.decode([Int].self) { self = .integers(value) }
            else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number, a string, a list of integers or null")
            }
        }

        /// The value as a `JSONSerialization` object.
        var jsonObject: Any {
            switch self {
            case .integer(let value): value
            case .unsigned(let value): value
            case .number(let value): value
            case .text(let value): value
            case .integers(let value): value
            case .null: NSNull()
            }
        }

        public var description: String {
            switch self {
            case .integer(let value): "\(value)"
            case .unsigned(let value): "\(value)"
            case .number(let value): "\(value)"
            case .text(let value): "\"\(value)\""
            case .integers(let value): "\(value)"
            case .null: "null"
            }
        }
    }

    /// The values this layer sets.
    public var values: [RunConfiguration.CodingKeys: Value] = [:]

    public init(_ values: [RunConfiguration.CodingKeys: Value] = [:]) {
        self.values = values
    }

    public subscript(key: RunConfiguration.CodingKeys) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// A layer from a JSON object's keys; throws `.invalidPreset` naming an unknown key and
    /// listing the valid ones.
    static func parse(_ object: [String: Value], source path: String) throws(RunError) -> ConfigurationOverrides {
        var layer = ConfigurationOverrides()
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard let key = RunConfiguration.CodingKeys(rawValue: name) else {
                let valid = RunConfiguration.CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidPreset(path: path, reason: "unknown key \"\(name)\"; valid keys: \(valid)")
            }
            layer[key] = value
        }
        return layer
    }
}

extension RunConfiguration {
    /// This configuration with `overrides` replacing its values. Throws `.invalidPreset` with
    /// `source` as the path when a value has the wrong type for its key (a fraction for an
    /// integer, text for a number).
    public func applying(_ overrides: ConfigurationOverrides, source: String) throws(RunError) -> RunConfiguration {
        if overrides.isEmpty { return self }
        var object = jsonObject
        for key in CodingKeys.allCases {
            guard let value = overrides[key] else { continue }
            // JSON has no NaN or infinity: reject them here, by name, rather than as a JSON error.
            if case .number(let number) = value, !number.isFinite {
                throw .invalidValue(key: key.rawValue, value: MetricsLog.format(number), requirement: "must be a finite number")
            }
            if let requirement = Self.typeRequirement(of: key, for: value) {
                throw .invalidPreset(path: source, reason: "key \"\(key.rawValue)\" must be \(requirement), got \(value)")
            }
            object[key.rawValue] = value.jsonObject
        }
        do {
            let data = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(RunConfiguration.self, from: data)
        } catch {
            throw .invalidPreset(path: source, reason: "\(error)")
        }
    }

    /// What `key` needs when `value` does not fit it, or `nil` when it fits.
    private static func typeRequirement(of key: CodingKeys, for value: ConfigurationOverrides.Value) -> String? {
        switch (key, value) {
        case (.env, .text), (.estimator, .text), (.hiddenSizes, .integers): return nil
        case (.env, _), (.estimator, _): return "a string"
        case (.hiddenSizes, _): return "a list of integers"
        case (.seed, .integer(let seed)) where seed >= 0: return nil
        case (.seed, .unsigned): return nil
        case (.seed, _): return "an integer from 0 to 2^64 - 1"
        case (.totalSteps, .null), (.episodes, .null): return nil
        case (.totalSteps, .integer), (.episodes, .integer), (.numEnvs, .integer), (.kSteps, .integer),
             (.checkpointEvery, .integer), (.keepCheckpoints, .integer): return nil
        case (.totalSteps, _), (.episodes, _): return "an integer or null"
        case (.numEnvs, _), (.kSteps, _), (.checkpointEvery, _), (.keepCheckpoints, _): return "an integer"
        case (_, .integer), (_, .number): return nil
        default: return "a number"
        }
    }
}
