import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The 512-byte HDF5 user block at the start of every checkpoint Credo writes: it records the
/// file's length and a 64-bit FNV-1a hash of everything after the block.
///
/// HDF5 checksums only part of its metadata (not the global heap that holds variable-length
/// strings) and none of the raw data, and libhdf5 can crash on a damaged file. Checking the hash
/// before HDF5 parses a byte turns damage (a flipped bit, a truncated copy) into a clear
/// `CheckpointError`. HDF5 and h5py skip a user block (h5py shows it as `f.userblock_size`);
/// files without our block, written by other tools, are read without the check (and checked by
/// content where they are used: `RunCheckpoint.verifyContent`).
///
/// Layout, little-endian: `CREDOCKP` (8 bytes), layout version `UInt32` (4), zero (4), file
/// length `UInt64` (8), FNV-1a hash of bytes 512..<length `UInt64` (8), then a text note,
/// NUL-padded to 512 bytes.
enum ChecksumUserBlock {
    /// The block size handed to `H5Pset_userblock`.
    static let size = 512
    private static let magic = Array("CREDOCKP".utf8)
    private static let version: UInt32 = 1
    private static let headerSize = 32
    private static let note = "\nCredo checkpoint: an HDF5 file follows at offset 512; open it with h5py.File(path).\n"

    /// Fills in the block at the start of `image`, the bytes of a file HDF5 has just built.
    static func seal(_ image: inout [UInt8], reportingAs destination: String) throws(CheckpointError) {
        guard image.count >= size else { throw .writeFailed(path: destination, detail: "HDF5 left no room for the checksum block") }
        var hash: UInt64 = fnvOffsetBasis
        image.withUnsafeBufferPointer { bytes in hash = fnv1a(hash, bytes[size...]) }
        var block = magic
        block += littleEndianBytes(version) + littleEndianBytes(UInt32(0))
        block += littleEndianBytes(UInt64(image.count)) + littleEndianBytes(hash)
        block += Array(note.utf8)
        block += [UInt8](repeating: 0, count: size - block.count)
        image.replaceSubrange(0..<size, with: block)
    }

    /// Checks the length and hash recorded in the block, when the file has one.
    ///
    /// Whether it has one is decided by four independent signs, so damage to the marker alone
    /// cannot switch the check off: the `CREDOCKP` marker, the text note after the header, the
    /// HDF5 superblock at offset 512 (where a 512-byte user block puts it; h5py's files start
    /// with it at 0), and a recorded length equal to the file's. A file with any sign but a
    /// damaged marker is corrupt. A file with none (written by h5py or another tool) returns
    /// `false`: it has no checksum, and its content is all there is to check.
    @discardableResult
    static func verify(_ path: String) throws(CheckpointError) -> Bool {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .fileSystem(path: path, operation: "open", errno: errno) }
        defer { close(descriptor) }
        let length = try fileLength(descriptor, path: path)
        guard length >= size else { return false }
        let wanted = size + hdf5Signature.count
        var block = [UInt8](repeating: 0, count: wanted)
        let read = block.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, 0) }
        guard read >= size else { throw .fileSystem(path: path, operation: "read the checksum block", errno: read < 0 ? errno : EIO) }

        let corrupt = { (detail: String) in CheckpointError.corruptFile(path: path, detail: detail) }
        let hasMagic = Array(block[0..<8]) == magic
        let noteBytes = Array(note.utf8)
        let hasNote = Array(block[headerSize..<headerSize + noteBytes.count]) == noteBytes
        let superblockAfterBlock = read == block.count && Array(block[size...]) == hdf5Signature
            && Array(block[0..<hdf5Signature.count]) != hdf5Signature
        let recordedLength = UInt64(littleEndian: block, at: 16)
        guard hasMagic || hasNote || superblockAfterBlock || recordedLength == UInt64(length) else { return false }
        guard hasMagic else { throw corrupt("the checksum block's CREDOCKP marker is damaged") }

        let recordedVersion = UInt32(littleEndian: block, at: 8)
        guard recordedVersion == version else { throw corrupt("unknown checksum block version \(recordedVersion)") }
        guard recordedLength == UInt64(length) else {
            throw corrupt("the file has \(length) bytes but was written with \(recordedLength) (truncated or appended to)")
        }
        let recordedHash = UInt64(littleEndian: block, at: 24)
        guard try fnv1a(descriptor, from: size, to: length, path: path) == recordedHash else {
            throw corrupt("checksum mismatch: the file was damaged after it was written")
        }
        return true
    }

    /// The eight bytes an HDF5 superblock starts with.
    private static let hdf5Signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

    private static func fileLength(_ descriptor: Int32, path: String) throws(CheckpointError) -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .fileSystem(path: path, operation: "stat", errno: errno) }
        return Int(status.st_size)
    }

    /// FNV-1a (64-bit) of bytes `start..<end`, read in 1 MiB pieces.
    private static func fnv1a(_ descriptor: Int32, from start: Int, to end: Int, path: String) throws(CheckpointError) -> UInt64 {
        var hash = fnvOffsetBasis
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = start
        while offset < end {
            let wanted = min(buffer.count, end - offset)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, wanted, off_t(offset)) }
            guard count > 0 else { throw .fileSystem(path: path, operation: "read for the checksum", errno: count < 0 ? errno : EIO) }
            buffer.withUnsafeBufferPointer { bytes in hash = fnv1a(hash, bytes[..<count]) }
            offset += count
        }
        return hash
    }

    private static let fnvOffsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325

    /// FNV-1a (64-bit) continued from `hash` over `bytes`.
    private static func fnv1a(_ hash: UInt64, _ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    private static func littleEndianBytes<Integer: FixedWidthInteger>(_ value: Integer) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}

private extension FixedWidthInteger {
    /// The integer stored little-endian in `bytes` at `offset`.
    init(littleEndian bytes: [UInt8], at offset: Int) {
        self = bytes[offset..<offset + MemoryLayout<Self>.size].reversed().reduce(0) { ($0 << 8) | Self($1) }
    }
}
