import CHDF5
#if canImport(Glibc)
import Glibc
#endif

extension Checkpoint {
    /// Writes the checkpoint to an HDF5 file at `path`, atomically replacing any file there.
    ///
    /// Each dataset is stored under its slash name in its logical shape (a scalar as an HDF5
    /// scalar dataspace, which h5py reads with `dataset[()]`) with a little-endian type; the
    /// groups along the way are created in first-use order with creation order tracked. Root
    /// attributes are scalar variable-length UTF-8 strings, so h5py returns them as `str`.
    ///
    /// The file starts with a 512-byte user block holding its length and checksum (see
    /// `ChecksumUserBlock`), which `read(from:)` verifies; HDF5 tools skip it.
    ///
    /// The file is written as `<path>.tmp-<pid>`, flushed, closed, `fsync`ed and renamed over
    /// `path`. On any failure the temporary file is removed and an existing file at `path` is
    /// left as it was.
    public func write(to path: String) throws(CheckpointError) {
        try validateAttributes()
        try HDF5Library.withExclusiveAccess { () throws(CheckpointError) in
            try AtomicFileReplacement.replace(path) { temporary throws(CheckpointError) in
                try writeHDF5(to: temporary, reportingAs: path)
            }
        }
    }

    /// Writes the whole file at `temporary` and closes it; errors name `path`.
    ///
    /// HDF5 builds the file in memory (the core driver, no backing store) and the bytes reach the
    /// disk through plain `write` calls. HDF5 itself never writes to the disk: when its own
    /// flush failed (a full disk), `H5Fclose` failed too and left the file half-closed in the
    /// library, and `H5_term_library` dereferenced it at process exit (SIGSEGV after the error
    /// message). A full disk is now an `ENOSPC` from `write`, reported like any other.
    private func writeHDF5(to temporary: String, reportingAs path: String) throws(CheckpointError) {
        var image = try hdf5Image(reportingAs: path)
        try ChecksumUserBlock.seal(&image, reportingAs: path)
        try Self.writeBytes(image, to: temporary)
    }

    /// The complete bytes of the checkpoint's HDF5 file, with a zeroed user block in front.
    private func hdf5Image(reportingAs path: String) throws(CheckpointError) -> [UInt8] {
        let fail = { (detail: String) in CheckpointError.writeFailed(path: path, detail: detail) }
        let fileCreation = try HDF5Handle(H5Pcreate(credo_H5P_FILE_CREATE()), .propertyList) { fail("cannot create a property list: \($0)") }
        try HDF5Library.check(H5Pset_link_creation_order(fileCreation.id, credo_H5P_CRT_ORDER_TRACKED_INDEXED())) { fail($0) }
        try HDF5Library.check(H5Pset_userblock(fileCreation.id, hsize_t(ChecksumUserBlock.size))) { fail($0) }
        let fileAccess = try HDF5Handle(H5Pcreate(credo_H5P_FILE_ACCESS()), .propertyList) { fail("cannot create a property list: \($0)") }
        // SEMI: closing the file fails if any object inside is still open, so a leak is an error.
        try HDF5Library.check(H5Pset_fclose_degree(fileAccess.id, H5F_CLOSE_SEMI)) { fail($0) }
        // In memory only: grow by 64 KiB at a time, never write a backing file.
        try HDF5Library.check(H5Pset_fapl_core(fileAccess.id, 1 << 16, false)) { fail($0) }

        // The name only identifies the in-memory file; nothing is created under it.
        let file = try HDF5Handle(
            H5Fcreate("credo-checkpoint-\(getpid()).h5", credo_H5F_ACC_TRUNC(), fileCreation.id, fileAccess.id), .file
        ) { fail("cannot create the file in memory: \($0)") }
        try writeContents(into: file.id, fail: fail)
        try HDF5Library.check(H5Fflush(file.id, H5F_SCOPE_GLOBAL)) { fail("flush failed: \($0)") }
        let size = H5Fget_file_image(file.id, nil, 0)
        guard size > 0 else { throw fail("cannot size the file image: \(HDF5Library.lastErrorMessage())") }
        // The image starts at the superblock; the user block in front of it is ours to fill.
        let block = ChecksumUserBlock.size
        var image = [UInt8](repeating: 0, count: block + size)
        let copied = image.withUnsafeMutableBytes { H5Fget_file_image(file.id, $0.baseAddress! + block, size) }
        guard copied == size else { throw fail("cannot copy the file image: \(HDF5Library.lastErrorMessage())") }
        guard file.close() else { throw fail("closing the file failed: \(HDF5Library.lastErrorMessage())") }
        return image
    }

    /// Creates `temporary` (it must not exist) and writes `bytes` to it; a short or failed write
    /// (`ENOSPC`, `EIO`, `EDQUOT`) throws with the system's reason.
    private static func writeBytes(_ bytes: [UInt8], to temporary: String) throws(CheckpointError) {
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .fileSystem(path: temporary, operation: "create", errno: errno) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, bytes.count - offset) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                let code = count < 0 ? errno : ENOSPC
                close(descriptor)
                throw .fileSystem(path: temporary, operation: "write", errno: code)
            }
            offset += count
        }
        guard close(descriptor) == 0 else { throw .fileSystem(path: temporary, operation: "close", errno: errno) }
    }

    /// Creates the groups and datasets, then the root attributes, inside an open file.
    private func writeContents(into file: hid_t, fail: (String) -> CheckpointError) throws(CheckpointError) {
        let groupCreation = try HDF5Handle(H5Pcreate(credo_H5P_GROUP_CREATE()), .propertyList) { fail($0) }
        try HDF5Library.check(H5Pset_link_creation_order(groupCreation.id, credo_H5P_CRT_ORDER_TRACKED_INDEXED())) { fail($0) }

        var createdGroups: Set<String> = []
        for name in names {
            var groupPath = ""
            for component in name.split(separator: "/").dropLast() {
                groupPath += groupPath.isEmpty ? String(component) : "/" + component
                guard createdGroups.insert(groupPath).inserted else { continue }
                _ = try HDF5Handle(
                    H5Gcreate2(file, groupPath, credo_H5P_DEFAULT(), groupCreation.id, credo_H5P_DEFAULT()), .group
                ) { fail("cannot create group \"\(groupPath)\": \($0)") }
            }
            try writeDataset(self[name]!, named: name, into: file, fail: fail)
        }
        try writeAttributes(into: file, fail: fail)
    }

    private func writeDataset(
        _ dataset: CheckpointDataset, named name: String, into file: hid_t, fail: (String) -> CheckpointError
    ) throws(CheckpointError) {
        let dims = dataset.shape.map { hsize_t($0) }
        let space = try HDF5Handle(
            dims.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), dims, nil), .dataspace
        ) { fail("cannot create the dataspace of \"\(name)\" with shape \(dataset.shape): \($0)") }
        let type = dataset.elementType
        let handle = try HDF5Handle(
            H5Dcreate2(file, name, type.hdf5FileType, space.id, credo_H5P_DEFAULT(), credo_H5P_DEFAULT(), credo_H5P_DEFAULT()),
            .dataset
        ) { fail("cannot create dataset \"\(name)\": \($0)") }
        guard dataset.count > 0 else { return }
        let status = dataset.array.withUnsafeRawPointer { values in
            H5Dwrite(handle.id, type.hdf5MemoryType, credo_H5S_ALL(), credo_H5S_ALL(), credo_H5P_DEFAULT(), values)
        }
        try HDF5Library.check(status) { fail("cannot write dataset \"\(name)\": \($0)") }
    }

    /// Writes each attribute, in key order, as a scalar variable-length UTF-8 string.
    private func writeAttributes(into file: hid_t, fail: (String) -> CheckpointError) throws(CheckpointError) {
        let stringType = try HDF5Handle(H5Tcopy(credo_H5T_C_S1()), .datatype) { fail($0) }
        try HDF5Library.check(H5Tset_size(stringType.id, credo_H5T_VARIABLE())) { fail($0) }
        try HDF5Library.check(H5Tset_cset(stringType.id, credo_H5T_CSET_UTF8())) { fail($0) }
        try HDF5Library.check(H5Tset_strpad(stringType.id, credo_H5T_STR_NULLTERM())) { fail($0) }
        let space = try HDF5Handle(H5Screate(H5S_SCALAR), .dataspace) { fail($0) }

        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) {
            let attribute = try HDF5Handle(
                H5Acreate2(file, key, stringType.id, space.id, credo_H5P_DEFAULT(), credo_H5P_DEFAULT()), .attribute
            ) { fail("cannot create attribute \"\(key)\": \($0)") }
            let status = value.withCString { text in
                var pointer: UnsafePointer<CChar>? = text
                return H5Awrite(attribute.id, stringType.id, &pointer)
            }
            try HDF5Library.check(status) { fail("cannot write attribute \"\(key)\": \($0)") }
        }
    }

    /// Rejects attributes HDF5 cannot store faithfully: an empty key, or a NUL character, which
    /// would silently cut a C string short.
    private func validateAttributes() throws(CheckpointError) {
        for (key, value) in attributes {
            if key.isEmpty { throw .invalidAttribute(key: key, reason: "the key is empty") }
            if key.utf8.contains(0) { throw .invalidAttribute(key: key, reason: "the key contains a NUL character") }
            if value.utf8.contains(0) { throw .invalidAttribute(key: key, reason: "the value contains a NUL character") }
        }
    }
}
