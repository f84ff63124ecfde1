/// A training run's saved state, in memory: named datasets plus root attributes.
///
/// Dataset names are slash paths that become HDF5 groups and datasets in the file:
/// `params/policy/layer0/weight`, `optimizer/adam/m/policy/layer0/weight`, `rng/agent`,
/// `counters/env_steps`. Names keep the order they were first set in; the file records that
/// order, so h5py lists groups in writing order. Attributes are UTF-8 strings: `format_version`
/// (set by `init()`), `config` (JSON), `env`, `estimator`, `credo_version`.
///
/// Two checkpoints are equal when they hold the same attributes and the same datasets under the
/// same names; the order of names does not take part. Values compare with `==`, so a dataset
/// holding a NaN never equals itself: compare bit patterns when that matters.
///
///     var checkpoint = Checkpoint()
///     try checkpoint.set("params/policy/layer0/weight", weights, shape: [64, 4])
///     try checkpoint.set("counters/env_steps", scalar: Int64(50_000))
///     checkpoint.attributes["env"] = "CartPole-v1"
///     try checkpoint.write(to: "runs/a/ckpt.h5")
///     let steps = try Checkpoint.read(from: "runs/a/ckpt.h5").scalar("counters/env_steps", as: Int64.self)
public struct Checkpoint: Equatable, Sendable {
    /// The layout version this code writes, stored as the `format_version` attribute.
    public static let formatVersion = "1"

    /// Root attributes, key to UTF-8 text.
    public var attributes: [String: String]

    /// Dataset names in the order they were first set.
    public private(set) var names: [String] = []

    private var datasets: [String: CheckpointDataset] = [:]

    /// For each group path (every proper prefix of a name, `a` and `a/b` for `a/b/c`), how
    /// many datasets lie under it: how `set` tells in O(depth) that a name would be both.
    private var groupSizes: [String: Int] = [:]

    /// An empty checkpoint whose only attribute is `format_version`.
    public init() {
        attributes = ["format_version": Self.formatVersion]
    }

    /// The dataset named `name`, or `nil`.
    public subscript(name: String) -> CheckpointDataset? { datasets[name] }

    /// The number of datasets.
    public var count: Int { names.count }

    /// Stores `dataset` under `name`, replacing a dataset of the same name in place.
    ///
    /// Throws `.invalidName` when the name is malformed (empty, a leading, trailing or doubled
    /// slash, a `.` or `..` component) or when it would make a dataset also a group: `a/b`
    /// cannot coexist with `a/b/c`.
    public mutating func set(_ name: String, _ dataset: CheckpointDataset) throws(CheckpointError) {
        if datasets[name] == nil {
            try Self.validate(name: name)
            if groupSizes[name] != nil, let existing = names.first(where: { $0.hasPrefix(name + "/") }) {
                throw .invalidName(name: name, reason: "conflicts with dataset \"\(existing)\" (a name cannot be both a dataset and a group)")
            }
            let groups = Self.groups(of: name)
            if let existing = groups.first(where: { datasets[$0] != nil }) {
                throw .invalidName(name: name, reason: "conflicts with dataset \"\(existing)\" (a name cannot be both a dataset and a group)")
            }
            for group in groups { groupSizes[group, default: 0] += 1 }
            names.append(name)
        }
        datasets[name] = dataset
    }

    /// The groups a dataset name lies in, outermost first: `a`, `a/b` for `a/b/c`.
    private static func groups(of name: String) -> [String] {
        var groups: [String] = []
        var index = name.startIndex
        while let slash = name[index...].firstIndex(of: "/") {
            groups.append(String(name[..<slash]))
            index = name.index(after: slash)
        }
        return groups
    }

    /// Stores `values` with `shape` under `name`; throws when the count does not fit the shape.
    public mutating func set<Element: CheckpointElement>(_ name: String, _ values: [Element], shape: [Int]) throws(CheckpointError) {
        guard let expected = CheckpointDataset.elementCount(of: shape), expected == values.count else {
            throw .valueCountMismatch(name: name, shape: shape, count: values.count)
        }
        try set(name, CheckpointDataset(values, shape: shape))
    }

    /// Stores one value as a scalar dataset (shape `[]`) under `name`.
    public mutating func set<Element: CheckpointElement>(_ name: String, scalar: Element) throws(CheckpointError) {
        try set(name, CheckpointDataset(scalar: scalar))
    }

    /// Removes and returns the dataset named `name`, if any.
    @discardableResult
    public mutating func remove(_ name: String) -> CheckpointDataset? {
        guard let removed = datasets.removeValue(forKey: name) else { return nil }
        names.removeAll { $0 == name }
        for group in Self.groups(of: name) {
            groupSizes[group]! -= 1
            if groupSizes[group] == 0 { groupSizes[group] = nil }
        }
        return removed
    }

    /// The dataset named `name`; throws `.missingDataset` when there is none.
    public func dataset(_ name: String) throws(CheckpointError) -> CheckpointDataset {
        guard let dataset = datasets[name] else { throw .missingDataset(name: name) }
        return dataset
    }

    /// The values of dataset `name` as `Element`, checking the element type and, when given,
    /// the shape. Throws `.missingDataset`, `.wrongElementType` or `.wrongShape`.
    public func values<Element: CheckpointElement>(
        _ name: String, as type: Element.Type = Element.self, shape: [Int]? = nil
    ) throws(CheckpointError) -> [Element] {
        let dataset = try dataset(name)
        guard let values = dataset.values(as: Element.self) else {
            throw .wrongElementType(name: name, expected: Element.checkpointElementType, found: dataset.elementType)
        }
        if let shape, shape != dataset.shape {
            throw .wrongShape(name: name, expected: shape, found: dataset.shape)
        }
        return values
    }

    /// The value of the scalar dataset `name` (shape `[]`). Throws `.missingDataset`,
    /// `.wrongElementType`, or `.wrongShape` when the dataset is not a scalar.
    public func scalar<Element: CheckpointElement>(_ name: String, as type: Element.Type = Element.self) throws(CheckpointError) -> Element {
        try values(name, as: Element.self, shape: [])[0]
    }

    /// The attribute `key`; throws `.missingAttribute` when there is none.
    public func attribute(_ key: String) throws(CheckpointError) -> String {
        guard let value = attributes[key] else { throw .missingAttribute(key: key) }
        return value
    }

    public static func == (a: Checkpoint, b: Checkpoint) -> Bool {
        a.attributes == b.attributes && a.datasets == b.datasets
    }

    /// Checks the shape of a name: non-empty slash-separated components, none `.` or `..`, no NUL.
    static func validate(name: String) throws(CheckpointError) {
        guard !name.isEmpty else { throw .invalidName(name: name, reason: "the name is empty") }
        guard !name.utf8.contains(0) else { throw .invalidName(name: name, reason: "contains a NUL character") }
        for component in name.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty {
                throw .invalidName(name: name, reason: "has an empty component (a leading, trailing or doubled \"/\")")
            }
            if component == "." || component == ".." {
                throw .invalidName(name: name, reason: "has a \"\(component)\" component")
            }
        }
    }
}
