import Foundation
import SwiftProtobuf

/// An event file: TFRecord-framed `TensorBoardEvent`s, the first one the file version, appended
/// through `add` and written to disk (and synced) by `flush`.
///
///     let writer = try EventFileWriter(path: "run/events.out.tfevents.credo")
///     writer.addScalars([("rollout/ep_rew_mean", 21.5)], step: 2048)
///     try writer.flush()
public final class EventFileWriter {
    public let path: String
    private let handle: FileHandle
    private var pending: [UInt8] = []

    /// Creates (or truncates) the file at `path` holding `events` (the header first when
    /// `events` does not start with one), written and synced at once: used to start a file and to
    /// rewrite a resumed run's file from its kept rows.
    public init(path: String, events: [TensorBoardEvent] = [], wallTime: Double = Date().timeIntervalSince1970) throws {
        self.path = path
        var all = events
        if case .fileVersion? = events.first?.what {} else { all.insert(.header(wallTime: wallTime), at: 0) }
        var bytes: [UInt8] = []
        for event in all { bytes += TFRecord.frame(Array(try event.serializedBytes() as [UInt8])) }
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        self.handle = handle
        try handle.seekToEnd()
        try handle.synchronize()
    }

    deinit { try? handle.close() }

    /// Queues one event.
    public func add(_ event: TensorBoardEvent) throws {
        pending += TFRecord.frame(Array(try event.serializedBytes() as [UInt8]))
    }

    /// Queues scalars at `step`, one event for them all.
    public func addScalars(_ values: [(tag: String, value: Float)], step: Int64, wallTime: Double = Date().timeIntervalSince1970) throws {
        guard !values.isEmpty else { return }
        try add(.scalars(values, step: step, wallTime: wallTime))
    }

    /// Writes the queued events and syncs the file.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        try handle.write(contentsOf: Data(pending))
        try handle.synchronize()
        pending = []
    }

    /// The events of the file at `path` (for tests and tools).
    public static func read(path: String) throws -> [TensorBoardEvent] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        return try TFRecord.records(in: bytes).map { try TensorBoardEvent(serializedBytes: $0) }
    }
}
