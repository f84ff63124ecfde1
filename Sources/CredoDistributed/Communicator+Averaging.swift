extension Communicator {
    /// Sums `buffer` element-wise over the ranks, in place: one collective call on one buffer,
    /// so flatten every gradient of a network into a single buffer first.
    public func allreduceSum(_ buffer: inout [Float]) throws {
        try allreduce(&buffer, .sum)
    }

    /// The element-wise mean over the ranks, in place: `allreduceSum`, then each element divided
    /// by `size` (one correctly rounded division; exact in the sum's rounding for 2^k ranks).
    public func allreduceMean(_ buffer: inout [Float]) throws {
        try allreduce(&buffer, .sum)
        guard size > 1 else { return }
        let ranks = Float(size)
        for i in buffer.indices { buffer[i] /= ranks }
    }

    /// The element-wise mean over the ranks of a Double buffer, in place.
    public func allreduceMean(_ buffer: inout [Double]) throws {
        try allreduce(&buffer, .sum)
        guard size > 1 else { return }
        let ranks = Double(size)
        for i in buffer.indices { buffer[i] /= ranks }
    }

    /// `op` over the ranks' `value`.
    public func allreduce<Scalar: CommunicatorScalar>(_ value: Scalar, _ op: ReduceOperation) throws -> Scalar {
        var buffer = [value]
        try allreduce(&buffer, op)
        return buffer[0]
    }

    /// Every rank's `values` concatenated in rank order, on every rank (for example the returns
    /// of the episodes each rank finished, so the rolling mean covers all of them).
    public func allgatherConcatenated<Scalar: CommunicatorScalar>(_ values: [Scalar]) throws -> [Scalar] {
        try allgather(values).flatMap { $0 }
    }
}
