import Foundation
import Testing
@testable import CredoCheckpoint

/// A small checkpoint recording `step`, so each file's content can be told apart.
private func checkpoint(atStep step: Int) throws -> Checkpoint {
    var checkpoint = Checkpoint()
    try checkpoint.set("counters/env_steps", scalar: Int64(step))
    return checkpoint
}

@Suite("Checkpoint rotation")
struct CheckpointRotationTests {
    @Test func fileNamesPadTheStep() {
        let rotation = CheckpointRotation(directory: "runs/a", keep: 2)
        #expect(rotation.path(forStep: 1000) == "runs/a/ckpt-0000001000.h5")
        #expect(CheckpointRotation(directory: "r", prefix: "best", keep: 1).path(forStep: 0) == "r/best-0000000000.h5")
        #expect(rotation.path(forStep: 12_345_678_901) == "runs/a/ckpt-12345678901.h5")
    }

    @Test func keepsExactlyTheLastK() throws {
        let directory = try TemporaryDirectory()
        let run = directory.file("run")  // created by the first save
        let rotation = CheckpointRotation(directory: run, keep: 3)
        for step in stride(from: 100, through: 700, by: 100) {
            try rotation.save(checkpoint(atStep: step), step: step)
            #expect(try rotation.checkpoints().count == min(3, step / 100))
        }
        #expect(try rotation.checkpoints().map(\.step) == [500, 600, 700])
        #expect(try FileManager.default.contentsOfDirectory(atPath: run).sorted()
            == ["ckpt-0000000500.h5", "ckpt-0000000600.h5", "ckpt-0000000700.h5"])
        for entry in try rotation.checkpoints() {
            #expect(try Checkpoint.read(from: entry.path).scalar("counters/env_steps", as: Int64.self) == Int64(entry.step))
        }
    }

    @Test func latestIsTheHighestStepNotTheLastInNameOrder() throws {
        let directory = try TemporaryDirectory()
        let rotation = CheckpointRotation(directory: directory.path, keep: 10)
        try rotation.save(checkpoint(atStep: 9_999_999_999), step: 9_999_999_999)
        try rotation.save(checkpoint(atStep: 10_000_000_000), step: 10_000_000_000)  // 11 digits
        #expect(try CheckpointRotation.latest(in: directory.path) == directory.file("ckpt-10000000000.h5"))
    }

    @Test func latestIgnoresOtherFilesAndMissingDirectories() throws {
        let directory = try TemporaryDirectory()
        #expect(try CheckpointRotation.latest(in: directory.file("missing")) == nil)
        #expect(try CheckpointRotation.latest(in: directory.path) == nil)
        for name in ["ckpt-0000000009.h5.tmp-123", "ckpt-abc.h5", "ckpt-.h5", "other-0000000099.h5", "metrics.csv"] {
            try Data().write(to: URL(fileURLWithPath: directory.file(name)))
        }
        #expect(try CheckpointRotation.latest(in: directory.path) == nil)
        try CheckpointRotation(directory: directory.path, keep: 1).save(checkpoint(atStep: 5), step: 5)
        #expect(try CheckpointRotation.latest(in: directory.path) == directory.file("ckpt-0000000005.h5"))
        #expect(try CheckpointRotation.latest(in: directory.path, prefix: "other") == directory.file("other-0000000099.h5"))
        #expect(try directory.contents().count == 6)  // keep: 1 deleted nothing but ckpt files
    }

    @Test func aResumedRunNeverDeletesTheCheckpointItJustWrote() throws {
        let directory = try TemporaryDirectory()
        let rotation = CheckpointRotation(directory: directory.path, keep: 2)
        try rotation.save(checkpoint(atStep: 300), step: 300)
        try rotation.save(checkpoint(atStep: 400), step: 400)
        try rotation.save(checkpoint(atStep: 350), step: 350)
        #expect(try rotation.checkpoints().map(\.step) == [350, 400])
    }

    @Test func aFailedSaveDeletesNothing() throws {
        let directory = try TemporaryDirectory()
        let rotation = CheckpointRotation(directory: directory.path, keep: 1)
        try rotation.save(checkpoint(atStep: 1), step: 1)
        // Block step 2's file name with a non-empty directory so its rename fails.
        try FileManager.default.createDirectory(atPath: rotation.path(forStep: 2) + "/blocker", withIntermediateDirectories: true)
        #expect(throws: CheckpointError.self) { try rotation.save(checkpoint(atStep: 2), step: 2) }
        #expect(try Checkpoint.read(from: rotation.path(forStep: 1)) == checkpoint(atStep: 1))
        // The blocking directory has a checkpoint's name but is not listed as one.
        #expect(try rotation.checkpoints().map(\.step) == [1])
    }
}
