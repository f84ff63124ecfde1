import ArgumentParser
import Foundation

/// The `--<field> <value>` options of `to-goal` and `off-policy`: any field of a trainer's
/// configuration (`TrainingConfig`, `OffPolicyConfig`), set over its defaults. A value is read as
/// JSON (`--hiddenSizes '[64,64]'`, `--learningRate 3e-4`) unless the field holds text.
struct ConfigurationFields {
    /// The configuration's fields as JSON values, defaults first.
    var values: [String: Any]

    init<Config: Encodable>(defaults: Config) throws {
        values = try JSONSerialization.jsonObject(with: JSONEncoder().encode(defaults)) as? [String: Any] ?? [:]
    }

    /// (key, value) pairs from `--key value` words, in order.
    static func pairs(_ words: [String]) throws -> [(key: String, value: String)] {
        guard words.count % 2 == 0 else {
            throw ValidationError("configuration fields come as --<field> <value> pairs; got \(words.joined(separator: " "))")
        }
        return try stride(from: 0, to: words.count, by: 2).map { i in
            guard words[i].hasPrefix("--"), words[i].count > 2 else {
                throw ValidationError("expected --<field>, got \(words[i])")
            }
            return (String(words[i].dropFirst(2)), words[i + 1])
        }
    }

    /// Sets `key` to `value`; an unknown key is an error naming the fields.
    mutating func set(_ key: String, _ value: String) throws {
        guard let current = values[key] else {
            throw ValidationError("unknown option --\(key); fields: \(values.keys.sorted().joined(separator: ", "))")
        }
        if !(current is String), let parsed = try? JSONSerialization.jsonObject(with: Data(value.utf8), options: [.fragmentsAllowed]) {
            values[key] = parsed
        } else {
            values[key] = value
        }
    }

    /// Sets every field of a JSON object that the configuration has (the others are ignored).
    mutating func apply(_ layer: [String: Any]) {
        for (key, value) in layer where values[key] != nil { values[key] = value }
    }

    /// The configuration these fields decode to.
    func decode<Config: Decodable>(_ type: Config.Type) throws -> Config {
        try JSONDecoder().decode(type, from: JSONSerialization.data(withJSONObject: values))
    }
}
