/// TFRecord framing, the container of TensorBoard's event files: each record is
///
///     uint64 length (little-endian) | uint32 masked_crc32c(length) | data | uint32 masked_crc32c(data)
///
/// with CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) masked as
/// ((crc >> 15) | (crc << 17)) + 0xA282EAD8 (mod 2³²), TensorFlow's `crc32c::Mask`.
public enum TFRecord {
    /// One framed record.
    public static func frame(_ data: [UInt8]) -> [UInt8] {
        var length = [UInt8]()
        withUnsafeBytes(of: UInt64(data.count).littleEndian) { length.append(contentsOf: $0) }
        var record = length
        append(maskedCRC32C(length), to: &record)
        record += data
        append(maskedCRC32C(data), to: &record)
        return record
    }

    /// The records of a whole file, unframed, up to the first incomplete or corrupt one.
    public static func records(in bytes: [UInt8]) -> [[UInt8]] {
        var records: [[UInt8]] = []
        var offset = 0
        while offset + 12 <= bytes.count {
            let lengthBytes = Array(bytes[offset..<(offset + 8)])
            let length = lengthBytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard word(bytes, offset + 8) == maskedCRC32C(lengthBytes), length <= UInt64(bytes.count - offset - 16) else { break }
            let start = offset + 12, end = start + Int(length)
            let data = Array(bytes[start..<end])
            guard word(bytes, end) == maskedCRC32C(data) else { break }
            records.append(data)
            offset = end + 4
        }
        return records
    }

    /// CRC-32C of `bytes`, masked.
    public static func maskedCRC32C(_ bytes: [UInt8]) -> UInt32 {
        let crc = crc32c(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }

    /// CRC-32C (Castagnoli) of `bytes`, one table lookup per byte.
    public static func crc32c(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * UInt32($1)) }
    }
}
