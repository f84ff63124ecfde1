import CredoTensor

extension Checkpoint {
    /// Stores a tensor's values (Float32) in its logical shape under `name`.
    public mutating func set(_ name: String, _ tensor: Tensor) throws(CheckpointError) {
        try set(name, tensor.scalars, shape: tensor.shape)
    }

    /// Stores every tensor of `tensors` under `prefix/<key>`.
    public mutating func set(prefix: String, _ tensors: [String: Tensor]) throws(CheckpointError) {
        for key in tensors.keys.sorted() { try set("\(prefix)/\(key)", tensors[key]!) }
    }

    /// The Float32 dataset `name` as a constant tensor; checks the shape when given.
    public func tensor(_ name: String, shape: [Int]? = nil) throws(CheckpointError) -> Tensor {
        let values = try values(name, as: Float.self, shape: shape)
        return Tensor(shape: try dataset(name).shape, scalars: values)
    }

    /// Every Float32 dataset under `prefix/`, keyed by the rest of its name.
    public func tensors(prefix: String) throws(CheckpointError) -> [String: Tensor] {
        var out: [String: Tensor] = [:]
        for name in names where name.hasPrefix(prefix + "/") {
            out[String(name.dropFirst(prefix.count + 1))] = try tensor(name)
        }
        return out
    }

    /// Stores a random generator's state (four UInt64 words) under `name`.
    public mutating func set(_ name: String, generator: RandomGenerator) throws(CheckpointError) {
        try set(name, generator.stateWords, shape: [4])
    }

    /// The random generator saved under `name`.
    public func generator(_ name: String) throws(CheckpointError) -> RandomGenerator {
        let words = try values(name, as: UInt64.self, shape: [4])
        guard words.contains(where: { $0 != 0 }) else {
            throw .wrongShape(name: name, expected: [4], found: [4])
        }
        return RandomGenerator(stateWords: words)
    }
}
