import Foundation
import Testing
@testable import CredoCheckpoint

/// Whether `error` is a `.corruptFile` error naming `path`.
private func isCorrupt(_ error: any Error, path: String) -> Bool {
    if case .corruptFile(let errorPath, _) = error as? CheckpointError { return errorPath == path }
    return false
}

/// Whether `error` is a `.notHDF5` error naming `path`.
private func isNotHDF5(_ error: any Error, path: String) -> Bool {
    if case .notHDF5(let errorPath, _) = error as? CheckpointError { return errorPath == path }
    return false
}

@Suite("Checkpoint bad files and failed writes")
struct CheckpointFailureTests {
    @Test func missingFileIsReported() {
        #expect(throws: CheckpointError.fileNotFound(path: "/nonexistent/credo/ckpt.h5")) {
            try Checkpoint.read(from: "/nonexistent/credo/ckpt.h5")
        }
    }

    @Test func truncatedFileIsCorruptNotACrash() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ckpt.h5")
        try sampleCheckpoint().write(to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: CheckpointError.self) { try Checkpoint.read(from: path) }
        #expect(error.map { isCorrupt($0, path: path) } == true)
        #expect(error.map { "\($0)".contains("truncated") } == true, "\(String(describing: error))")
    }

    @Test(arguments: [0, 100, 1000, 10_000])
    func aDamagedByteAnywhereIsCorruptNotACrash(offset: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ckpt.h5")
        try sampleCheckpoint().write(to: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        // Offset 0 damages the checksum block's own marker, which leaves an intact HDF5 file.
        let damaged = ChecksumUserBlock.size + offset
        try #require(damaged < bytes.count)
        bytes[damaged] ^= 0x5A
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: CheckpointError.self) { try Checkpoint.read(from: path) }
        #expect(error.map { isCorrupt($0, path: path) } == true)
    }

    @Test func garbageAndEmptyFilesAreNotHDF5() throws {
        let directory = try TemporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        let garbage = directory.file("garbage.h5"), empty = directory.file("empty.h5")
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: garbage))
        try Data().write(to: URL(fileURLWithPath: empty))
        for path in [garbage, empty, directory.path] {
            let error = #expect(throws: CheckpointError.self) { try Checkpoint.read(from: path) }
            #expect(error.map { isNotHDF5($0, path: path) } == true, "\(path): \(String(describing: error))")
        }
        // Errors come back as values; HDF5 prints nothing to stderr.
        #expect(HDF5Library.automaticErrorPrintingIsOff())
    }

    @Test func writingIntoAMissingDirectoryFailsCleanly() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("no/such/dir/ckpt.h5")
        #expect(throws: CheckpointError.self) { try sampleCheckpoint().write(to: path) }
        #expect(try directory.contents().isEmpty)
    }

    @Test func aFailedWriteLeavesTheExistingFileUntouched() throws {
        let directory = try TemporaryDirectory()
        // The checkpoint's own name fits NAME_MAX (255 bytes); its temporary name does not, so
        // creating the temporary file fails after the old checkpoint is already in place.
        let path = directory.file(String(repeating: "c", count: 250) + ".h5")
        var old = Checkpoint()
        try old.set("counters/env_steps", scalar: Int64(1))
        try old.write(to: directory.file("old.h5"))  // the long name cannot be written in place
        try FileManager.default.moveItem(atPath: directory.file("old.h5"), toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: CheckpointError.self) { try sampleCheckpoint().write(to: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Checkpoint.read(from: path) == old)
        #expect(try directory.contents() == [(path as NSString).lastPathComponent])
    }

    @Test func aFailedRenameRemovesTheTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        // The destination is a non-empty directory: the whole temporary file is written, then
        // rename(2) refuses to replace the directory.
        let path = directory.file("ckpt.h5")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: path + "/inside"))

        let error = #expect(throws: CheckpointError.self) { try sampleCheckpoint().write(to: path) }
        if case .fileSystem(_, let operation, _) = error { #expect(operation.hasPrefix("rename")) } else {
            Issue.record("expected a rename failure, got \(String(describing: error))")
        }
        #expect(try directory.contents() == ["ckpt.h5"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path) == ["inside"])
    }

    @Test func aStaleTemporaryFileFromACrashIsOverwritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ckpt.h5")
        try Data("torn".utf8).write(to: URL(fileURLWithPath: AtomicFileReplacement.temporaryPath(for: path)))
        try sampleCheckpoint().write(to: path)
        #expect(try directory.contents() == ["ckpt.h5"])
        #expect(try Checkpoint.read(from: path) == sampleCheckpoint())
    }
}
