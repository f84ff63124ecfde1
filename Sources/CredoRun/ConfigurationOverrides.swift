import Foundation

/// One layer of configuration values by key: a preset's section or the options given on the
/// command line. Layers apply in order over the defaults (defaults, then the preset's `defaults`,
/// then its section for the estimator, then the command line), each replacing only the keys it
/// sets.
///
///     var overrides = ConfigurationOverrides()
///     overrides["gamma"] = .number(0.98)
///     let configuration = try RunConfiguration().applying(overrides, source: "the command line")
public struct ConfigurationOverrides: Equatable, Sendable {
    /// A JSON value a key can take.
    public enum Value: Equatable, Sendable, Codable, CustomStringConvertible {
        case integer(Int)
        /// An integer above `Int.max` (a 64-bit seed).
        case unsigned(UInt64)
        case number(Double)
        case text(String)
        case integers([Int])
        case bool(Bool)
        /// JSON `null`: clears an optional key such as `episodes`.
        case null

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .null }
            else if let value = try? container.decode(Bool.self) { self = .bool(value) }
            else if let value = try? container.decode(Int.self) { self = .integer(value) }
            else if let value = try? container.decode(UInt64.self) { self = .unsigned(value) }
            else if let value = try? container.decode(Double.self) { self = .number(value) }
            else if let value = try? container.decode(String.self) { self = .text(value) }
            else if let value = try? container.decode([Int].self) { self = .integers(value) }
            else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a number, a string, true or false, a list of integers or null")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .integer(let value): try container.encode(value)
            case .unsigned(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .text(let value): try container.encode(value)
            case .integers(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            case .null: try container.encodeNil()
            }
        }

        /// The value as a number, when it is one.
        var number: Double? {
            switch self {
            case .integer(let value): Double(value)
            case .number(let value): value
            default: nil
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
            case .bool(let value): value
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
            case .bool(let value): "\(value)"
            case .null: "null"
            }
        }
    }

    /// The values this layer sets, by `RunConfiguration` key.
    public var values: [String: Value] = [:]

    public init(_ values: [String: Value] = [:]) {
        self.values = values
    }

    public subscript(key: String) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }

    public var isEmpty: Bool { values.isEmpty }

    /// A layer from a JSON object's keys; throws `.invalidPreset` naming a key no trainer of
    /// `validKeys` has, and listing them.
    static func parse(_ object: [String: Value], source path: String, validKeys: [String]) throws(RunError) -> ConfigurationOverrides {
        var layer = ConfigurationOverrides()
        for (name, value) in object.sorted(by: { $0.key < $1.key }) {
            guard validKeys.contains(name) else {
                throw .invalidPreset(path: path, reason: "unknown key \"\(name)\"; valid keys: \(validKeys.joined(separator: ", "))")
            }
            layer[name] = value
        }
        return layer
    }
}
