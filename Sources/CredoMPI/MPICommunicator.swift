import CMPI
import CredoDistributed
import Foundation

/// `Communicator` over OpenMPI's MPI_COMM_WORLD: start the program with
/// `mpirun -np N program ...` (as root add `--allow-run-as-root`, and `--oversubscribe` for
/// more ranks than cores). Started without mpirun it is a one-rank MPI job (singleton init).
///
/// MPI is initialised once per process (`MPI_Init_thread`, MPI_THREAD_SERIALIZED: any thread may
/// call, one at a time, which a lock enforces). Errors are returned, not fatal
/// (MPI_ERRORS_RETURN), and thrown as `CommunicatorError.mpi` with MPI_Error_string's text.
///
/// Ending: on success every rank calls `finalize()` after its last collective and then exits 0.
/// Any other way out (an error that reaches `exit(1)`, a crash) leaves MPI unfinalised, which
/// mpirun reports and turns into the end of every rank within about a second, with the first
/// failing rank's status. This is deliberate: finalising at exit would be a collective that
/// waits for ranks still blocked in an allreduce with the rank that failed, so an error would
/// hang the job until the watchdog fired. To end every rank with one message, call
/// `abort(message:)`.
///
/// Faults: when a rank dies (kill -9, a crash, an exit without finalising), mpirun notices and
/// terminates the others within about a second, printing which rank died, and mpirun exits
/// nonzero. What mpirun cannot see, a rank that hangs or a lost peer on a network that never
/// reports it, the watchdog covers: a collective that has not returned within
/// `collectiveTimeout` seconds writes `credo: rank R: MPI_Allreduce has not returned after T s
/// ...` and ends the process with status 70 (EX_SOFTWARE), which mpirun turns into the end of
/// the whole job.
public final class MPICommunicator: Communicator, @unchecked Sendable {
    public let rank: Int
    public let size: Int
    /// The thread level the library granted (at least MPI_THREAD_SERIALIZED, or `init` throws).
    public let threadLevel: Int32

    private let lock = NSLock()
    private let watchdog: CollectiveWatchdog
    /// Wall-clock seconds this rank has spent inside MPI calls (transfer, and waiting for the
    /// slowest rank to arrive), and the number of calls: what a run loses to synchronisation.
    public var collectiveSeconds: Double { lock.withLock { collectiveTime } }
    public var collectiveCalls: Int { lock.withLock { calls } }
    private var collectiveTime = 0.0
    private var calls = 0

    nonisolated(unsafe) private static var world: MPICommunicator?
    private static let worldLock = NSLock()

    /// The world communicator, initialising MPI on first use. `collectiveTimeout` (seconds; 0
    /// turns the watchdog off) applies from the first call on; later calls return the same
    /// communicator and ignore it. The environment variable CREDO_MPI_TIMEOUT overrides it.
    public static func world(collectiveTimeout: Double = 300) throws -> MPICommunicator {
        worldLock.lock()
        defer { worldLock.unlock() }
        if let world { return world }
        var timeout = collectiveTimeout
        if let text = ProcessInfo.processInfo.environment["CREDO_MPI_TIMEOUT"], let value = Double(text) {
            timeout = value
        }
        let communicator = try MPICommunicator(collectiveTimeout: timeout)
        world = communicator
        return communicator
    }

    private init(collectiveTimeout: Double) throws {
        var initialized: Int32 = 0
        MPI_Initialized(&initialized)
        var provided: Int32 = 0
        if initialized == 0 {
            let code = MPI_Init_thread(nil, nil, credo_MPI_THREAD_SERIALIZED(), &provided)
            guard code == credo_MPI_SUCCESS() else {
                throw CommunicatorError.mpi(function: "MPI_Init_thread", code: code, message: mpiErrorString(code))
            }
        } else {
            MPI_Query_thread(&provided)
        }
        guard provided >= credo_MPI_THREAD_SERIALIZED() else {
            throw CommunicatorError.mpi(function: "MPI_Init_thread", code: -1,
                                        message: "the library grants thread level \(provided), Credo needs MPI_THREAD_SERIALIZED")
        }
        threadLevel = provided
        try check(MPI_Comm_set_errhandler(credo_MPI_COMM_WORLD(), credo_MPI_ERRORS_RETURN()), "MPI_Comm_set_errhandler")
        var r: Int32 = 0, s: Int32 = 0
        try check(MPI_Comm_rank(credo_MPI_COMM_WORLD(), &r), "MPI_Comm_rank")
        try check(MPI_Comm_size(credo_MPI_COMM_WORLD(), &s), "MPI_Comm_size")
        rank = Int(r)
        size = Int(s)
        watchdog = CollectiveWatchdog(rank: Int(r), timeout: collectiveTimeout)
    }

    /// The MPI library's own version line, e.g. "Open MPI v4.1.4, package: Debian OpenMPI, ...".
    public static var libraryVersion: String {
        var buffer = [CChar](repeating: 0, count: Int(credo_MPI_MAX_LIBRARY_VERSION_STRING()) + 1)
        var length: Int32 = 0
        _ = credo_MPI_library_version(&buffer, &length)
        // The length counts the terminating NUL; keep the first line only.
        let bytes = buffer.prefix(Int(length)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        let line = String(decoding: bytes, as: UTF8.self)
        return line.split(separator: "\n").first.map(String.init) ?? line
    }

    // MARK: Collectives

    public func allreduce<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], _ op: ReduceOperation) throws {
        let count = try mpiCount(buffer.count, "MPI_Allreduce")
        try collective("MPI_Allreduce") {
            buffer.withUnsafeMutableBytes { raw in
                MPI_Allreduce(credo_MPI_IN_PLACE(), raw.baseAddress ?? placeholder, count,
                              datatype(Scalar.kind), mpiOp(op), credo_MPI_COMM_WORLD())
            }
        }
    }

    public func broadcast<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], root: Int) throws {
        try checkRoot(root)
        // The count first, so that every rank can size its buffer to root's.
        var count = [Int64(buffer.count)]
        try collective("MPI_Bcast") {
            count.withUnsafeMutableBytes { raw in
                MPI_Bcast(raw.baseAddress, 1, credo_MPI_INT64_T(), Int32(root), credo_MPI_COMM_WORLD())
            }
        }
        let n = Int(count[0])
        if buffer.count != n { buffer = Self.uninitialized(n) }
        guard n > 0 else { return }
        let mpiN = try mpiCount(n, "MPI_Bcast")
        try collective("MPI_Bcast") {
            buffer.withUnsafeMutableBytes { raw in
                MPI_Bcast(raw.baseAddress, mpiN, datatype(Scalar.kind), Int32(root), credo_MPI_COMM_WORLD())
            }
        }
    }

    public func allgather<Scalar: CommunicatorScalar>(_ values: [Scalar]) throws -> [[Scalar]] {
        let count = try mpiCount(values.count, "MPI_Allgather")
        var counts = [Int32](repeating: 0, count: size)
        var mine = count
        try collective("MPI_Allgather") {
            MPI_Allgather(&mine, 1, credo_MPI_INT32_T(), &counts, 1, credo_MPI_INT32_T(), credo_MPI_COMM_WORLD())
        }
        let (offsets, total) = try displacements(counts, "MPI_Allgatherv")
        // Every rank knows every count, so all of them skip the second call together.
        guard total > 0 else { return counts.map { _ in [] } }
        var all: [Scalar] = Self.uninitialized(total)
        try collective("MPI_Allgatherv") {
            values.withUnsafeBytes { send in
                all.withUnsafeMutableBytes { receive in
                    MPI_Allgatherv(send.baseAddress ?? UnsafeRawPointer(placeholder), count, datatype(Scalar.kind),
                                   receive.baseAddress, counts, offsets, datatype(Scalar.kind), credo_MPI_COMM_WORLD())
                }
            }
        }
        return split(all, counts, offsets)
    }

    public func gather<Scalar: CommunicatorScalar>(_ values: [Scalar], root: Int) throws -> [[Scalar]] {
        try checkRoot(root)
        let count = try mpiCount(values.count, "MPI_Gather")
        var counts = [Int32](repeating: 0, count: size)
        var mine = count
        try collective("MPI_Gather") {
            MPI_Gather(&mine, 1, credo_MPI_INT32_T(), &counts, 1, credo_MPI_INT32_T(), Int32(root), credo_MPI_COMM_WORLD())
        }
        // Only root knows the counts; it is the only rank that needs them.
        let (offsets, total) = rank == root ? try displacements(counts, "MPI_Gatherv") : ([Int32](repeating: 0, count: size), 0)
        // Every rank calls MPI_Gatherv even when all counts are 0: only root knows they are.
        var all: [Scalar] = Self.uninitialized(total)
        try collective("MPI_Gatherv") {
            values.withUnsafeBytes { send in
                all.withUnsafeMutableBytes { receive in
                    MPI_Gatherv(send.baseAddress ?? UnsafeRawPointer(placeholder), count, datatype(Scalar.kind),
                                receive.baseAddress ?? placeholder, counts, offsets, datatype(Scalar.kind),
                                Int32(root), credo_MPI_COMM_WORLD())
                }
            }
        }
        return rank == root ? split(all, counts, offsets) : []
    }

    public func barrier() throws {
        try collective("MPI_Barrier") { MPI_Barrier(credo_MPI_COMM_WORLD()) }
    }

    public func abort(message: String, exitCode: Int32) -> Never {
        writeToStandardError("credo: rank \(rank): \(message)\n")
        MPI_Abort(credo_MPI_COMM_WORLD(), exitCode == 0 ? 1 : exitCode)
        _exit(exitCode == 0 ? 1 : exitCode)  // MPI_Abort does not return; this satisfies Never
    }

    /// Finalises MPI (collective: every rank calls it after its last collective; later calls do
    /// nothing). Call it on the way to a successful exit; a process that exits without it counts
    /// as failed. Guarded by the watchdog: if a peer never reaches it, this rank ends after the
    /// timeout.
    public func finalize() {
        Self.finalizeOnce()
    }

    // MARK: Plumbing

    /// Runs one MPI call under the lock and the watchdog; throws its error code as text.
    private func collective(_ function: String, _ call: () -> Int32) throws {
        lock.lock()
        defer { lock.unlock() }
        // An MPI call after MPI_Finalize is undefined behaviour (Open MPI aborts the process).
        guard !Self.isFinalized else {
            throw CommunicatorError.mpi(function: function, code: -1, message: "called after finalize()")
        }
        watchdog.arm(function)
        let start = ContinuousClock.now
        let code = call()
        let elapsed = start.duration(to: .now)
        watchdog.disarm()
        collectiveTime += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        calls += 1
        try check(code, function)
    }

    private func mpiCount(_ count: Int, _ function: String) throws -> Int32 {
        guard let n = Int32(exactly: count) else {
            throw CommunicatorError.mpi(function: function, code: -1,
                                        message: "\(count) elements exceed MPI's 32-bit count; split the buffer")
        }
        return n
    }

    private func displacements(_ counts: [Int32], _ function: String) throws -> ([Int32], Int) {
        var offsets = [Int32](repeating: 0, count: counts.count)
        var total = 0
        for (i, c) in counts.enumerated() {
            offsets[i] = try mpiCount(total, function)
            total += Int(c)
        }
        _ = try mpiCount(total, function)
        return (offsets, total)
    }

    private func split<Scalar>(_ all: [Scalar], _ counts: [Int32], _ offsets: [Int32]) -> [[Scalar]] {
        zip(counts, offsets).map { c, o in Array(all[Int(o) ..< Int(o) + Int(c)]) }
    }

    /// `count` elements for MPI to overwrite (the element types are trivial, so no element is
    /// read before the library has written it).
    private static func uninitialized<Scalar: CommunicatorScalar>(_ count: Int) -> [Scalar] {
        [Scalar](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    nonisolated(unsafe) private static var finalized = false

    private static var isFinalized: Bool {
        worldLock.lock()
        defer { worldLock.unlock() }
        return finalized
    }

    private static func finalizeOnce() {
        worldLock.lock()
        defer { worldLock.unlock() }
        guard !finalized else { return }
        finalized = true
        var already: Int32 = 0
        MPI_Finalized(&already)
        guard already == 0 else { return }
        world?.watchdog.arm("MPI_Finalize")
        MPI_Finalize()
        world?.watchdog.disarm()
        world?.watchdog.stop()
    }

}

/// A non-null address for MPI arguments that are not read (zero counts).
nonisolated(unsafe) private var placeholderStorage: UInt64 = 0
private var placeholder: UnsafeMutableRawPointer { withUnsafeMutablePointer(to: &placeholderStorage) { UnsafeMutableRawPointer($0) } }

private func datatype(_ kind: ScalarKind) -> MPI_Datatype {
    switch kind {
    case .float32: return credo_MPI_FLOAT()
    case .float64: return credo_MPI_DOUBLE()
    case .int32: return credo_MPI_INT32_T()
    case .int64: return credo_MPI_INT64_T()
    case .uint64: return credo_MPI_UINT64_T()
    case .uint8: return credo_MPI_UINT8_T()
    }
}

private func mpiOp(_ op: ReduceOperation) -> MPI_Op {
    switch op {
    case .sum: return credo_MPI_SUM()
    case .max: return credo_MPI_MAX()
    case .min: return credo_MPI_MIN()
    }
}

/// Throws `CommunicatorError.mpi` unless `code` is MPI_SUCCESS.
func check(_ code: Int32, _ function: String) throws {
    guard code != credo_MPI_SUCCESS() else { return }
    throw CommunicatorError.mpi(function: function, code: code, message: mpiErrorString(code))
}

/// MPI_Error_string's text for `code`.
func mpiErrorString(_ code: Int32) -> String {
    var buffer = [CChar](repeating: 0, count: Int(credo_MPI_MAX_ERROR_STRING()) + 1)
    var length: Int32 = 0
    guard MPI_Error_string(code, &buffer, &length) == credo_MPI_SUCCESS() else { return "unknown MPI error \(code)" }
    return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
