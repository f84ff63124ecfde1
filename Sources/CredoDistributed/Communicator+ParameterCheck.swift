extension Communicator {
    /// The names of the buffers whose bits differ between ranks (empty when all agree), the same
    /// list on every rank. Each buffer is hashed (64-bit FNV-1a over its bytes and its count) and
    /// one allreduce with `max` over the hashes and their complements gives max and min at once
    /// (min h = ~max ~h); a buffer differs somewhere when its max and min differ. Costs a hash
    /// pass over the buffers and two tiny allreduces; meant for every K updates, not every one.
    public func buffersDifferingAcrossRanks<Scalar: CommunicatorScalar>(
        _ buffers: [(name: String, values: [Scalar])]
    ) throws -> [String] {
        // The ranks must agree on how many buffers there are before their hashes can be compared.
        let counts = try allgather([Int64(buffers.count)]).map { Int($0[0]) }
        guard counts.allSatisfy({ $0 == counts[0] }) else {
            throw CommunicatorError.countMismatch(operation: "buffersDifferingAcrossRanks", counts: counts)
        }
        let hashes = buffers.map { fnv1a64($0.values) }
        var extremes = hashes + hashes.map { ~$0 }
        try allreduce(&extremes, .max)
        let n = buffers.count
        return (0 ..< n).filter { extremes[$0] != ~extremes[n + $0] }.map { buffers[$0].name }
    }

    /// Throws `CommunicatorError.parametersDiverged` naming the buffers (and the update) whose
    /// bits differ between ranks; every rank throws the same error.
    public func requireEqualAcrossRanks<Scalar: CommunicatorScalar>(
        _ buffers: [(name: String, values: [Scalar])], update: Int? = nil
    ) throws {
        let differing = try buffersDifferingAcrossRanks(buffers)
        if !differing.isEmpty { throw CommunicatorError.parametersDiverged(names: differing, update: update) }
    }
}

/// 64-bit FNV-1a over the bytes of `values`, eight bytes per step, seeded with the count so that
/// buffers of different lengths hash apart.
public func fnv1a64<Scalar: CommunicatorScalar>(_ values: [Scalar]) -> UInt64 {
    let prime: UInt64 = 0x0000_0100_0000_01B3
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    hash = (hash ^ UInt64(values.count)) &* prime
    values.withUnsafeBytes { raw in
        let words = raw.count / 8
        for w in 0 ..< words {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: w * 8, as: UInt64.self)) &* prime
            hash ^= hash >> 29  // fold high bits down: a word-wide multiply alone mixes upwards only
        }
        for b in (words * 8) ..< raw.count { hash = (hash ^ UInt64(raw[b])) &* prime }
    }
    return hash
}
