import CHDF5
import Foundation

/// An open HDF5 identifier (`hid_t`) that closes itself when it goes out of scope.
///
/// Noncopyable, so an identifier has exactly one owner and is closed exactly once. A file
/// handle is closed explicitly with `close()` so that a failure to flush is reported; every
/// other handle simply closes in `deinit`.
struct HDF5Handle: ~Copyable {
    /// What kind of object the identifier names, which decides the close function.
    enum Kind: String {
        case file, group, dataset, dataspace, datatype, attribute, object, propertyList = "property list"

        func close(_ id: hid_t) -> herr_t {
            switch self {
            case .file: H5Fclose(id)
            case .group: H5Gclose(id)
            case .dataset: H5Dclose(id)
            case .dataspace: H5Sclose(id)
            case .datatype: H5Tclose(id)
            case .attribute: H5Aclose(id)
            case .object: H5Oclose(id)
            case .propertyList: H5Pclose(id)
            }
        }
    }

    /// The identifier, valid (non-negative) for the handle's whole life.
    let id: hid_t
    private let kind: Kind

    /// Takes ownership of `id`, the result of an HDF5 open or create call. When the call failed
    /// (a negative id) nothing is owned and `failure`, given HDF5's own explanation, is thrown.
    init(_ id: hid_t, _ kind: Kind, orThrow failure: (String) -> CheckpointError) throws(CheckpointError) {
        guard id >= 0 else { throw failure(HDF5Library.lastErrorMessage()) }
        self.id = id
        self.kind = kind
    }

    /// Closes the identifier now and reports whether HDF5 closed it cleanly (for a file: whether
    /// everything was flushed and no object inside was left open).
    consuming func close() -> Bool {
        let status = kind.close(id)
        discard self
        return status >= 0
    }

    deinit {
        _ = kind.close(id)
    }
}

/// Process-wide access to the HDF5 library.
enum HDF5Library {
    // Not every HDF5 build is thread-safe (Debian's is; a default source build is not), and the
    // error-printing switch is per thread, so every checkpoint operation runs under one lock
    // and silences automatic error printing on the thread it runs on.
    private static let lock = NSLock()

    /// Runs `body` with exclusive use of the HDF5 library, its error stack printing turned off.
    static func withExclusiveAccess<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        lock.lock()
        defer { lock.unlock() }
        _ = credo_H5E_silence()
        return try body()
    }

    /// The most specific message on the calling thread's HDF5 error stack, or a generic phrase.
    static func lastErrorMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        let status = credo_H5E_innermost_message(&buffer, buffer.count)
        let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return status >= 0 && !message.isEmpty ? message : "HDF5 reported an error without a message"
    }

    /// Throws `failure` with HDF5's explanation when `status` reports an error.
    static func check(_ status: herr_t, orThrow failure: (String) -> CheckpointError) throws(CheckpointError) {
        if status < 0 { throw failure(lastErrorMessage()) }
    }

    /// Whether HDF5's automatic error-stack printing is off on the calling thread, as every
    /// checkpoint operation leaves it.
    static func automaticErrorPrintingIsOff() -> Bool {
        var printer: H5E_auto2_t? = nil
        var data: UnsafeMutableRawPointer? = nil
        return H5Eget_auto2(credo_H5E_DEFAULT(), &printer, &data) >= 0 && printer == nil
    }

    /// How many file-related HDF5 identifiers (files, groups, datasets, named types,
    /// attributes) are open in the process; zero between checkpoint operations.
    static func openIdentifierCount() -> Int {
        withExclusiveAccess { Int(credo_H5F_open_object_count()) }
    }
}
