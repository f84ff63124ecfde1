import Foundation
import Testing
@testable import CredoEnvironments

/// A fresh temporary directory for one test.
func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory
        .appendingPathComponent("credo-env-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct IDXFileTests {
    @Test func writesTheMNISTHeaderAndReadsItBack() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let images = IDXFile(shape: [2, 2, 3], values: Array(0..<12))
        let labels = IDXFile(shape: [2], values: [7, 1])
        #expect(images.magic == 0x0000_0803 && labels.magic == 0x0000_0801)
        #expect(Array(images.data.prefix(16)) == [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3])
        let large = IDXFile(shape: [70000], values: Array(repeating: 1, count: 70000))
        #expect(Array(large.data.prefix(8)) == [0, 0, 8, 1, 0, 1, 0x11, 0x70])
        for (name, file) in [("images", images), ("labels", labels), ("large", large)] {
            try file.write(to: "\(dir)/\(name).idx")
            #expect(try IDXFile(contentsOf: "\(dir)/\(name).idx") == file)
        }
    }

    @Test func badFilesThrowErrorsNamingTheFileAndTheProblem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        func error(_ bytes: [UInt8]?, _ name: String) -> IDXFileError? {
            let path = "\(dir)/\(name)"
            if let bytes { _ = FileManager.default.createFile(atPath: path, contents: Data(bytes)) }
            do { _ = try IDXFile(contentsOf: path); return nil } catch { return error as? IDXFileError }
        }
        let cases: [([UInt8]?, String, String)] = [
            (nil, "missing", "no such file"),
            ([0, 0], "short", "too short"),
            ([1, 0, 8, 1, 0, 0, 0, 1, 5], "magic", "bad magic number 0x1000801"),
            ([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], "float", "not unsigned byte"),
            ([0, 0, 8, 3, 0, 0, 0, 2], "header", "declares 3 dimensions"),
            ([0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3], "data", "needs 4 bytes of data"),
        ]
        for (bytes, name, problem) in cases {
            let thrown = try #require(error(bytes, name), "\(name) should throw")
            #expect(thrown.path == "\(dir)/\(name)")
            #expect(thrown.description.contains(problem), "\(thrown)")
            #expect(thrown.description.contains(name))
        }
    }
}
