#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One rank: every collective is the identity (allreduce leaves the buffer, gathers return
/// `[values]`), so a trainer written against `Communicator` runs unchanged without MPI.
public struct SingleProcessCommunicator: Communicator {
    public init() {}

    public var rank: Int { 0 }
    public var size: Int { 1 }

    public func allreduce<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], _ op: ReduceOperation) throws {}

    public func broadcast<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], root: Int) throws {
        try checkRoot(root)
    }

    public func allgather<Scalar: CommunicatorScalar>(_ values: [Scalar]) throws -> [[Scalar]] { [values] }

    public func gather<Scalar: CommunicatorScalar>(_ values: [Scalar], root: Int) throws -> [[Scalar]] {
        try checkRoot(root)
        return [values]
    }

    public func barrier() throws {}

    public func abort(message: String, exitCode: Int32) -> Never {
        writeToStandardError("credo: rank 0: \(message)\n")
        exit(exitCode == 0 ? 1 : exitCode)
    }
}

extension Communicator {
    /// Throws unless `root` is a rank of this communicator.
    public func checkRoot(_ root: Int) throws {
        guard (0 ..< size).contains(root) else { throw CommunicatorError.invalidRoot(root, size: size) }
    }
}

/// Writes `text` to file descriptor 2 in one call, unbuffered (so it is out before an abort).
public func writeToStandardError(_ text: String) {
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeBytes { raw in
            write(2, raw.baseAddress! + offset, raw.count - offset)
        }
        if written <= 0 { break }
        offset += written
    }
}
