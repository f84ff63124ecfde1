import CredoAgents
import CredoNN
import CredoTensor
import Foundation

/// The keys of a trainer's configuration section and the kind of value each takes, read once from
/// its `TrainerSettings` type (its fields, in declaration order, and their default values). The
/// run layer checks presets and command-line values against it before any trainer is built, so
/// an error names the key (`key "target" must be one of monte-carlo, k-step, lambda, td0`).
public struct SettingsSchema: Equatable, Sendable {
    /// The kind of JSON value a key takes.
    public enum ValueKind: Equatable, Sendable {
        case bool, integer, unsigned, float32, double, string, integers
        /// A name out of a fixed list.
        case name([String])
    }

    /// The section's keys, in declaration order.
    public var keys: [String]
    /// Each key's kind.
    public var kinds: [String: ValueKind]
    /// The default values, as JSON values (an optional key unset by default is absent).
    public var defaults: [String: ConfigurationOverrides.Value]
    /// The keys that may be unset (`null`).
    public var optionalKeys: Set<String> = []

    /// The schema of `Settings`: its fields by `Mirror`, their kinds by their default values'
    /// types, names by `Settings.enumeratedValues`.
    public init<Settings: TrainerSettings>(of type: Settings.Type) {
        let defaults = Settings()
        keys = Mirror(reflecting: defaults).children.compactMap(\.label)
        var kinds: [String: ValueKind] = [:], optionalKeys: Set<String> = []
        for child in Mirror(reflecting: defaults).children {
            guard let key = child.label else { continue }
            if let names = Settings.enumeratedValues[key] { kinds[key] = .name(names); continue }
            // By the field's declared type (a nil of one optional type casts to any other).
            let type = Swift.type(of: child.value)
            if Mirror(reflecting: child.value).displayStyle == .optional { optionalKeys.insert(key) }
            if type == Bool.self || type == Bool?.self { kinds[key] = .bool }
            else if type == Int.self || type == Int?.self { kinds[key] = .integer }
            else if type == UInt64.self || type == UInt64?.self { kinds[key] = .unsigned }
            else if type == Float.self || type == Float?.self { kinds[key] = .float32 }
            else if type == Double.self || type == Double?.self { kinds[key] = .double }
            else if type == [Int].self || type == [Int]?.self { kinds[key] = .integers }
            else { kinds[key] = .string }
        }
        self.kinds = kinds
        self.optionalKeys = optionalKeys
        self.defaults = Self.values(of: defaults)
    }

    /// A typed section as JSON values by key.
    public static func values<Settings: TrainerSettings>(of settings: Settings) -> [String: ConfigurationOverrides.Value] {
        let data = (try? JSONEncoder().encode(settings)) ?? Data("{}".utf8)
        return (try? JSONDecoder().decode([String: ConfigurationOverrides.Value].self, from: data)) ?? [:]
    }

    /// What `key` needs when `value` does not fit it, or nil when it fits.
    func requirement(of key: String, for value: ConfigurationOverrides.Value) -> String? {
        if value == .null && optionalKeys.contains(key) { return nil }
        switch (kinds[key] ?? .string, value) {
        case (.name(let names), .text(let name)): return names.contains(name) ? nil : "one of " + names.joined(separator: ", ")
        case (.name(let names), _): return "one of " + names.joined(separator: ", ")
        case (.bool, .bool), (.string, .text), (.integers, .integers), (.integer, .integer): return nil
        case (.unsigned, .integer(let seed)) where seed >= 0: return nil
        case (.unsigned, .unsigned): return nil
        case (.float32, .integer), (.float32, .number), (.double, .integer), (.double, .number): return nil
        case (.bool, _): return "true or false"
        case (.string, _): return "a string"
        case (.integers, _): return "a list of integers"
        case (.integer, _): return "an integer"
        case (.unsigned, _): return "an integer from 0 to 2^64 - 1"
        default: return "a number"
        }
    }
}
