/// The ranks of a data-parallel run and the collective operations between them (OpenAI
/// Baselines' pattern: every rank steps its own environments, the ranks average their gradients
/// with one allreduce of a single flattened buffer per network per update, rank 0 broadcasts the
/// initial parameters and is the only writer).
///
/// Every operation is *collective*: every rank of the communicator must call it, in the same
/// order, with compatible arguments (the same `root`, the same element type, equal counts where
/// a count is fixed). A rank that skips a call leaves the others waiting.
///
/// `SingleProcessCommunicator` (one rank, every collective the identity) lives here;
/// `MPICommunicator` (OpenMPI) lives in its own module, `CredoMPI`, so nothing that depends on
/// this module links MPI.
public protocol Communicator: Sendable {
    /// This process's index, `0 ..< size`; rank 0 is the writer.
    var rank: Int { get }
    /// The number of ranks.
    var size: Int { get }

    /// Replaces every element of `buffer` with `op` over the ranks' elements at that index. All
    /// ranks pass the same count. The result is the same on every rank, bit for bit.
    func allreduce<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], _ op: ReduceOperation) throws

    /// On return every rank holds `root`'s buffer (resized to its count if need be).
    func broadcast<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], root: Int) throws

    /// Every rank's `values` (counts may differ between ranks), indexed by rank, on every rank.
    func allgather<Scalar: CommunicatorScalar>(_ values: [Scalar]) throws -> [[Scalar]]

    /// Every rank's `values` (counts may differ), indexed by rank, on `root`; `[]` elsewhere.
    func gather<Scalar: CommunicatorScalar>(_ values: [Scalar], root: Int) throws -> [[Scalar]]

    /// Returns once every rank has called it.
    func barrier() throws

    /// Stops every rank of the run: writes `credo: rank R: message` to standard error, then ends
    /// this process and (under MPI) every other one with a nonzero status. Not collective: one
    /// rank may call it alone.
    func abort(message: String, exitCode: Int32) -> Never
}

extension Communicator {
    /// Whether this rank writes files, progress and metrics (rank 0).
    public var isWriter: Bool { rank == 0 }

    public func abort(message: String) -> Never { abort(message: message, exitCode: 1) }
}

/// The element-wise operation of an allreduce.
public enum ReduceOperation: String, Sendable, CaseIterable {
    case sum, max, min
}

/// The element types the collectives carry, each with a fixed-size MPI datatype.
public enum ScalarKind: Sendable {
    case float32, float64, int32, int64, uint64, uint8
}

/// A fixed-size element type a collective can carry.
public protocol CommunicatorScalar: Sendable, Equatable {
    static var kind: ScalarKind { get }
}

extension Float: CommunicatorScalar { public static var kind: ScalarKind { .float32 } }
extension Double: CommunicatorScalar { public static var kind: ScalarKind { .float64 } }
extension Int32: CommunicatorScalar { public static var kind: ScalarKind { .int32 } }
extension Int64: CommunicatorScalar { public static var kind: ScalarKind { .int64 } }
extension UInt64: CommunicatorScalar { public static var kind: ScalarKind { .uint64 } }
extension UInt8: CommunicatorScalar { public static var kind: ScalarKind { .uint8 } }
