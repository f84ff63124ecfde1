extension Communicator {
    /// A collective agreement on failure: each rank passes its own failure (nil when it has
    /// none); if any rank failed, every rank throws the same `CommunicatorError.rankFailed`
    /// with the lowest failing rank's message, so all of them stop at the same point and rank 0
    /// can report it and keep its last checkpoint. Costs one one-element allreduce when no rank
    /// failed (call it once per update, e.g. with "non-finite loss at update 812").
    public func throwIfAnyRankFailed(_ failure: String?) throws {
        let failed = try allreduce(Int32(failure == nil ? 0 : 1), .sum)
        guard failed > 0 else { return }
        let messages = try allgather(Array((failure ?? "").utf8))
        let flags = try allgather([Int32(failure == nil ? 0 : 1)])
        let first = flags.firstIndex { $0[0] != 0 } ?? 0
        throw CommunicatorError.rankFailed(rank: first, message: String(decoding: messages[first], as: UTF8.self))
    }
}
