import CHDF5
import Foundation

extension Checkpoint {
    /// Reads a checkpoint file: every dataset, found by walking the groups from the root, with
    /// its own element type and shape, and every root attribute as a string.
    ///
    /// Names come back in the file's creation order when the file tracks it (files written by
    /// `write(to:)` do), otherwise in name order; groups are walked depth first. Attributes on
    /// groups and datasets other than the root are ignored. Integer datasets of any width read
    /// as `int64` or `uint64` and floats as `float32` or `float64`, so files written by other
    /// tools load too. String attributes may be variable- or fixed-length.
    ///
    /// A file written by `write(to:)` is first checked against the length and checksum in its
    /// user block, so truncation or any damaged byte is reported before HDF5 parses the file.
    ///
    /// Throws `.fileNotFound`, `.notHDF5` (random bytes, an empty file, a directory),
    /// `.corruptFile` (truncated or damaged) or `.unsupportedContent`; HDF5 prints nothing to
    /// stderr.
    public static func read(from path: String) throws(CheckpointError) -> Checkpoint {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .fileNotFound(path: path)
        }
        guard !isDirectory.boolValue else { throw .notHDF5(path: path, detail: "it is a directory") }
        return try HDF5Library.withExclusiveAccess { () throws(CheckpointError) in
            try CheckpointFileReader(path: path).read()
        }
    }
}

/// Walks one open HDF5 file and collects its datasets and root attributes.
private struct CheckpointFileReader {
    let path: String
    /// Deeper nesting than this is taken as a link cycle (h5py can hard-link a group into itself).
    private let maximumDepth = 64

    init(path: String) {
        self.path = path
    }

    private func corrupt(_ detail: String) -> CheckpointError { .corruptFile(path: path, detail: detail) }

    func read() throws(CheckpointError) -> Checkpoint {
        try ChecksumUserBlock.verify(path)
        switch H5Fis_hdf5(path) {
        case 0: throw .notHDF5(path: path, detail: "no HDF5 signature found (random bytes, an empty file, or another format)")
        case ..<0: throw corrupt("cannot check the HDF5 signature: \(HDF5Library.lastErrorMessage())")
        default: break
        }
        let fileAccess = try HDF5Handle(H5Pcreate(credo_H5P_FILE_ACCESS()), .propertyList) { corrupt($0) }
        try HDF5Library.check(H5Pset_fclose_degree(fileAccess.id, H5F_CLOSE_SEMI)) { corrupt($0) }
        let file = try HDF5Handle(H5Fopen(path, credo_H5F_ACC_RDONLY(), fileAccess.id), .file) {
            corrupt("cannot open: \($0)")
        }
        var checkpoint = Checkpoint()
        checkpoint.attributes = try readRootAttributes(of: file.id)
        do {
            let root = try HDF5Handle(H5Gopen2(file.id, "/", credo_H5P_DEFAULT()), .group) { corrupt("cannot open the root group: \($0)") }
            try readGroup(root.id, prefix: "", depth: 0, into: &checkpoint)
        }
        guard file.close() else { throw corrupt("closing the file failed: \(HDF5Library.lastErrorMessage())") }
        return checkpoint
    }

    /// Adds every dataset below `group` (whose path is `prefix`) to `checkpoint`.
    private func readGroup(_ group: hid_t, prefix: String, depth: Int, into checkpoint: inout Checkpoint) throws(CheckpointError) {
        guard depth < maximumDepth else {
            throw corrupt("groups nest deeper than \(maximumDepth) levels at \"\(prefix)\" (a link cycle?)")
        }
        var info = H5G_info_t()
        try HDF5Library.check(H5Gget_info(group, &info)) { corrupt("cannot list group \"/\(prefix)\": \($0)") }
        let index = try linkIndex(of: group)
        for position in 0..<info.nlinks {
            let linkName = try name(at: position, in: group, index: index, prefix: prefix)
            let fullName = prefix.isEmpty ? linkName : prefix + "/" + linkName
            let object = try HDF5Handle(H5Oopen(group, linkName, credo_H5P_DEFAULT()), .object) {
                corrupt("cannot open \"\(fullName)\": \($0)")
            }
            switch H5Iget_type(object.id) {
            case H5I_GROUP:
                try readGroup(object.id, prefix: fullName, depth: depth + 1, into: &checkpoint)
            case H5I_DATASET:
                try checkpoint.set(fullName, readDataset(object.id, name: fullName))
            default:
                continue  // a named datatype: not data
            }
        }
    }

    /// Creation order when the group indexes it, otherwise name order.
    private func linkIndex(of group: hid_t) throws(CheckpointError) -> H5_index_t {
        let failure = { (detail: String) in corrupt("cannot read a group's link order: \(detail)") }
        let creation = try HDF5Handle(H5Gget_create_plist(group), .propertyList, orThrow: failure)
        var flags: UInt32 = 0
        try HDF5Library.check(H5Pget_link_creation_order(creation.id, &flags), orThrow: failure)
        return flags & credo_H5P_CRT_ORDER_INDEXED() != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME
    }

    private func name(at position: hsize_t, in group: hid_t, index: H5_index_t, prefix: String) throws(CheckpointError) -> String {
        let length = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, position, nil, 0, credo_H5P_DEFAULT())
        guard length >= 0 else { throw corrupt("cannot read link \(position) of \"/\(prefix)\": \(HDF5Library.lastErrorMessage())") }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        let written = H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, position, &buffer, buffer.count, credo_H5P_DEFAULT())
        guard written >= 0 else { throw corrupt("cannot read link \(position) of \"/\(prefix)\": \(HDF5Library.lastErrorMessage())") }
        return String(decoding: buffer.prefix(Int(written)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func readDataset(_ dataset: hid_t, name: String) throws(CheckpointError) -> CheckpointDataset {
        let space = try HDF5Handle(H5Dget_space(dataset), .dataspace) { corrupt("cannot read the shape of \"\(name)\": \($0)") }
        let shape: [Int]
        switch H5Sget_simple_extent_type(space.id) {
        case H5S_SCALAR:
            shape = []
        case H5S_SIMPLE:
            let rank = H5Sget_simple_extent_ndims(space.id)
            guard rank >= 0 else { throw corrupt("cannot read the rank of \"\(name)\": \(HDF5Library.lastErrorMessage())") }
            var dims = [hsize_t](repeating: 0, count: Int(rank))
            guard H5Sget_simple_extent_dims(space.id, &dims, nil) >= 0 else {
                throw corrupt("cannot read the shape of \"\(name)\": \(HDF5Library.lastErrorMessage())")
            }
            guard dims.allSatisfy({ $0 <= hsize_t(Int.max) }) else { throw corrupt("\"\(name)\" has an impossible shape \(dims)") }
            shape = dims.map { Int($0) }
        default:
            throw .unsupportedContent(path: path, name: name, detail: "has a null dataspace (no shape); a checkpoint dataset needs one")
        }
        guard let count = CheckpointDataset.elementCount(of: shape) else { throw corrupt("\"\(name)\" has an impossible shape \(shape)") }

        let fileType = try HDF5Handle(H5Dget_type(dataset), .datatype) { corrupt("cannot read the type of \"\(name)\": \($0)") }
        guard let elementType = CheckpointElementType(hdf5FileType: fileType.id) else {
            throw .unsupportedContent(path: path, name: name, detail: "is not a float or integer dataset; a checkpoint holds float32, float64, int64 and uint64")
        }
        let array = CheckpointArray.filled(elementType, count: count) { buffer in
            count == 0 || H5Dread(dataset, elementType.hdf5MemoryType, credo_H5S_ALL(), credo_H5S_ALL(), credo_H5P_DEFAULT(), buffer) >= 0
        }
        guard let array else { throw corrupt("cannot read the values of \"\(name)\": \(HDF5Library.lastErrorMessage())") }
        return try CheckpointDataset(shape: shape, array: array)
    }

    /// Every attribute of the root group, each of which must be a single string.
    private func readRootAttributes(of file: hid_t) throws(CheckpointError) -> [String: String] {
        let count = credo_H5O_attribute_count(file)
        guard count >= 0 else { throw corrupt("cannot count the root attributes: \(HDF5Library.lastErrorMessage())") }
        var attributes: [String: String] = [:]
        for position in 0..<hsize_t(count) {
            let attribute = try HDF5Handle(
                H5Aopen_by_idx(file, ".", H5_INDEX_NAME, H5_ITER_INC, position, credo_H5P_DEFAULT(), credo_H5P_DEFAULT()),
                .attribute
            ) { corrupt("cannot open root attribute \(position): \($0)") }
            let key = try attributeName(attribute.id)
            attributes[key] = try readString(attribute.id, key: key)
        }
        return attributes
    }

    private func attributeName(_ attribute: hid_t) throws(CheckpointError) -> String {
        let length = H5Aget_name(attribute, 0, nil)
        guard length >= 0 else { throw corrupt("cannot read an attribute name: \(HDF5Library.lastErrorMessage())") }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard H5Aget_name(attribute, buffer.count, &buffer) >= 0 else {
            throw corrupt("cannot read an attribute name: \(HDF5Library.lastErrorMessage())")
        }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Reads a scalar string attribute with its own type, variable-length or fixed-length.
    private func readString(_ attribute: hid_t, key: String) throws(CheckpointError) -> String {
        let type = try HDF5Handle(H5Aget_type(attribute), .datatype) { corrupt("cannot read the type of attribute \"\(key)\": \($0)") }
        guard H5Tget_class(type.id) == H5T_STRING else {
            throw .unsupportedContent(path: path, name: key, detail: "is a root attribute that is not a string; checkpoint attributes are UTF-8 text")
        }
        let space = try HDF5Handle(H5Aget_space(attribute), .dataspace) { corrupt("cannot read the shape of attribute \"\(key)\": \($0)") }
        guard H5Sget_simple_extent_npoints(space.id) == 1 else {
            throw .unsupportedContent(path: path, name: key, detail: "is a root attribute holding several strings; checkpoint attributes hold one")
        }
        let failure = { corrupt("cannot read attribute \"\(key)\": \(HDF5Library.lastErrorMessage())") }

        if H5Tis_variable_str(type.id) > 0 {
            var pointer: UnsafeMutablePointer<CChar>? = nil
            guard H5Aread(attribute, type.id, &pointer) >= 0 else { throw failure() }
            defer { if let pointer { H5free_memory(pointer) } }
            return pointer.map { String(cString: $0) } ?? ""
        }
        let size = H5Tget_size(type.id)
        guard size > 0 else { throw failure() }
        var bytes = [UInt8](repeating: 0, count: size)
        guard H5Aread(attribute, type.id, &bytes) >= 0 else { throw failure() }
        // Fixed-length strings are NUL-terminated, NUL-padded or space-padded to their size.
        var text = bytes.prefix { $0 != 0 }[...]
        if H5Tget_strpad(type.id) == credo_H5T_STR_SPACEPAD() {
            while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
