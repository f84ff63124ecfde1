import Foundation

/// Everything that can go wrong building, writing, reading or looking inside a checkpoint.
///
/// Each case carries what a user needs to act on it: the file path, the dataset name, and the
/// expected against the found value. `description` is a complete sentence for logs and CLIs.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// No file exists at `path`.
    case fileNotFound(path: String)
    /// The file exists but is not HDF5 at all (random bytes, an empty file, a directory).
    case notHDF5(path: String, detail: String)
    /// The file starts like HDF5 but cannot be opened or read: truncated or corrupt.
    case corruptFile(path: String, detail: String)
    /// The file is valid HDF5 but holds something a checkpoint cannot represent, such as a
    /// string dataset or a numeric root attribute.
    case unsupportedContent(path: String, name: String, detail: String)
    /// HDF5 failed while writing the temporary file for `path`.
    case writeFailed(path: String, detail: String)
    /// A file-system call (`open`, `fsync`, `rename`, `unlink`, listing a directory) failed.
    case fileSystem(path: String, operation: String, reason: String)
    /// The checkpoint has no dataset with this name.
    case missingDataset(name: String)
    /// The dataset holds another element type than the one asked for.
    case wrongElementType(name: String, expected: CheckpointElementType, found: CheckpointElementType)
    /// The dataset has another shape than the one asked for.
    case wrongShape(name: String, expected: [Int], found: [Int])
    /// The checkpoint has no root attribute with this key.
    case missingAttribute(key: String)
    /// A dataset name is malformed or collides with an existing name.
    case invalidName(name: String, reason: String)
    /// An attribute key or value cannot be stored (empty key, NUL character).
    case invalidAttribute(key: String, reason: String)
    /// The number of values is not the product of the shape (or a dimension is negative).
    case valueCountMismatch(name: String?, shape: [Int], count: Int)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            "checkpoint file not found: \(path)"
        case .notHDF5(let path, let detail):
            "\(path) is not an HDF5 checkpoint file: \(detail)"
        case .corruptFile(let path, let detail):
            "checkpoint file \(path) is corrupt or truncated: \(detail)"
        case .unsupportedContent(let path, let name, let detail):
            "checkpoint file \(path): \"\(name)\" \(detail)"
        case .writeFailed(let path, let detail):
            "cannot write checkpoint \(path): \(detail)"
        case .fileSystem(let path, let operation, let reason):
            "\(operation) failed for \(path): \(reason)"
        case .missingDataset(let name):
            "checkpoint has no dataset \"\(name)\""
        case .wrongElementType(let name, let expected, let found):
            "dataset \"\(name)\" holds \(found) values, expected \(expected)"
        case .wrongShape(let name, let expected, let found):
            "dataset \"\(name)\" has shape \(found), expected \(expected)"
        case .missingAttribute(let key):
            "checkpoint has no attribute \"\(key)\""
        case .invalidName(let name, let reason):
            "invalid dataset name \"\(name)\": \(reason)"
        case .invalidAttribute(let key, let reason):
            "invalid attribute \"\(key)\": \(reason)"
        case .valueCountMismatch(let name, let shape, let count):
            (name.map { "dataset \"\($0)\": " } ?? "")
                + (CheckpointDataset.elementCount(of: shape).map { "shape \(shape) needs \($0) values, got \(count)" }
                    ?? "shape \(shape) has a negative or overflowing extent")
        }
    }

    public var errorDescription: String? { description }

    /// A `.fileSystem` error for the current `errno`.
    static func fileSystem(path: String, operation: String, errno code: Int32) -> CheckpointError {
        .fileSystem(path: path, operation: operation, reason: String(cString: strerror(code)))
    }
}
