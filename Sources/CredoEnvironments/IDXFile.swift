import Foundation

/// An array of unsigned bytes in the IDX format of the MNIST files (LeCun et al.):
///
///     bytes 0–1: 0x00 0x00
///     byte  2:   the element type (0x08 = unsigned byte; the only one read or written here)
///     byte  3:   the number of dimensions D
///     then D big-endian UInt32 sizes, then the elements, row-major.
///
/// So images [n, rows, cols] start with the magic number 0x00000803 and labels [n] with
/// 0x00000801. Reading checks the header against the file's length and throws an `IDXFileError`
/// naming the file and the problem.
public struct IDXFile: Equatable, Sendable {
    /// The size of each dimension.
    public var shape: [Int]
    /// The elements, row-major; `values.count` is the product of `shape`.
    public var values: [UInt8]

    /// The element-type byte of unsigned bytes.
    public static let unsignedByteType: UInt8 = 0x08

    public init(shape: [Int], values: [UInt8]) {
        precondition(!shape.isEmpty && shape.count < 256 && shape.allSatisfy { $0 >= 0 && $0 <= Int(UInt32.max) },
                     "an IDX array needs 1 to 255 dimensions of size 0..<2^32, got \(shape)")
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) holds \(shape.reduce(1, *)) values, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// The magic number: 0x0000_08_D for D dimensions.
    public var magic: UInt32 { UInt32(Self.unsignedByteType) << 8 | UInt32(shape.count) }

    /// Reads the IDX file at `path`.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw IDXFileError(path: path, problem: missing ? "no such file" : "cannot read the file")
        }
        try self.init(data: data, path: path)
    }

    /// Parses IDX bytes; `path` only names the source in errors.
    public init(data: Data, path: String = "<data>") throws {
        let bytes = [UInt8](data)
        func fail(_ problem: String) -> IDXFileError { IDXFileError(path: path, problem: problem) }
        guard bytes.count >= 4 else { throw fail("\(bytes.count) bytes is too short for the 4-byte magic number") }
        let magic = bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard bytes[0] == 0, bytes[1] == 0 else {
            throw fail("bad magic number 0x\(String(magic, radix: 16, uppercase: true)): the first two bytes must be zero")
        }
        guard bytes[2] == Self.unsignedByteType else {
            throw fail("bad magic number 0x\(String(magic, radix: 16, uppercase: true)): element type 0x\(String(bytes[2], radix: 16)) is not unsigned byte (0x08)")
        }
        let dimensions = Int(bytes[3])
        guard dimensions > 0 else { throw fail("bad magic number 0x\(String(magic, radix: 16)): zero dimensions") }
        let headerSize = 4 + 4 * dimensions
        guard bytes.count >= headerSize else {
            throw fail("the header declares \(dimensions) dimensions but the file ends after \(bytes.count) bytes")
        }
        let shape = (0..<dimensions).map { d in
            bytes[4 + 4 * d..<8 + 4 * d].reduce(0) { $0 << 8 | Int($1) }
        }
        let expected = shape.reduce(1, *)
        guard bytes.count - headerSize == expected else {
            throw fail("shape \(shape) needs \(expected) bytes of data after the \(headerSize)-byte header, the file has \(bytes.count - headerSize)")
        }
        self.init(shape: shape, values: Array(bytes[headerSize...]))
    }

    /// The file's bytes: header, then values.
    public var data: Data {
        var bytes: [UInt8] = [0, 0, Self.unsignedByteType, UInt8(shape.count)]
        for size in shape {
            let s = UInt32(size)
            bytes += [UInt8(s >> 24), UInt8(s >> 16 & 0xFF), UInt8(s >> 8 & 0xFF), UInt8(s & 0xFF)]
        }
        return Data(bytes + values)
    }

    /// Writes the file at `path`, replacing any file there.
    public func write(to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw IDXFileError(path: path, problem: "cannot write: \(error.localizedDescription)")
        }
    }
}

/// An IDX file that cannot be read or does not hold what it should.
public struct IDXFileError: Error, Equatable, CustomStringConvertible, LocalizedError {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "IDX file \(path): \(problem)" }
    public var errorDescription: String? { description }
}
