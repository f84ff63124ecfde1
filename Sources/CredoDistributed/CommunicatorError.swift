/// What a collective can fail with. Every case reads as a sentence naming what went wrong.
public enum CommunicatorError: Error, Equatable, CustomStringConvertible {
    /// An MPI call returned `code`; `message` is MPI_Error_string's text.
    case mpi(function: String, code: Int32, message: String)
    /// A root outside `0 ..< size`.
    case invalidRoot(Int, size: Int)
    /// An allreduce whose ranks passed different counts.
    case countMismatch(operation: String, counts: [Int])
    /// The named buffers differ between ranks (found by `checkEqualAcrossRanks`).
    case parametersDiverged(names: [String], update: Int?)
    /// A rank reported a failure through `throwIfAnyRankFailed`; every rank throws this.
    case rankFailed(rank: Int, message: String)

    public var description: String {
        switch self {
        case let .mpi(function, code, message):
            return "\(function) failed (MPI error \(code)): \(message)"
        case let .invalidRoot(root, size):
            return "root rank \(root) is outside 0..<\(size)"
        case let .countMismatch(operation, counts):
            return "\(operation): the ranks passed different counts \(counts) (indexed by rank)"
        case let .parametersDiverged(names, update):
            let when = update.map { " at update \($0)" } ?? ""
            return "parameters differ between ranks\(when): \(names.joined(separator: ", "))"
        case let .rankFailed(rank, message):
            return "rank \(rank) failed: \(message)"
        }
    }
}
