import Foundation

/// The configuration as JSON: `config.json`, the `config` attribute of checkpoints, and the
/// key-by-key comparison a resumed run makes against its checkpoint.
extension RunConfiguration {
    /// Indented JSON with sorted keys and unescaped slashes.
    public var prettyJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Compact JSON with sorted keys, as stored in a checkpoint's `config` attribute.
    public var compactJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// Decodes a configuration from JSON text; `source` names it in the error.
    public init(json: String, source: String) throws(RunError) {
        do {
            self = try JSONDecoder().decode(RunConfiguration.self, from: Data(json.utf8))
        } catch {
            throw .invalidCheckpointConfiguration(path: source, reason: "the configuration JSON does not decode (\(error))")
        }
    }

    /// The configuration as a JSON object (optional keys that are unset are absent).
    var jsonObject: [String: Any] {
        let data = (try? JSONEncoder().encode(self)) ?? Data("{}".utf8)
        return ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:]
    }

    /// The keys whose values differ between `self` and `other`, with both values as JSON text.
    public func differences(from other: RunConfiguration) -> [(key: String, mine: String, theirs: String)] {
        let mine = jsonObject, theirs = other.jsonObject
        let keys = self.keys + other.keys.filter { !self.keys.contains($0) }
        return keys.compactMap { key in
            let a = Self.jsonText(mine[key]), b = Self.jsonText(theirs[key])
            return a == b ? nil : (key, a, b)
        }
    }

    private static func jsonText(_ value: Any?) -> String {
        guard let value else { return "null" }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
            return "\(value)"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
