import Foundation

/// The file formats a Gymnasium environment's `rgb_array` frames are recorded in, picked by the
/// file name's extension.
public enum GymVideoFormat: String, CaseIterable, Sendable {
    /// An animated GIF, written by Pillow (`pip install pillow`).
    case gif
    /// An H.264 MP4, written by imageio-ffmpeg's own ffmpeg (`pip install imageio-ffmpeg`).
    case mp4

    /// The format of `path` by its extension (case-insensitive), nil for any other.
    public init?(path: String) {
        let name = (path as NSString).lastPathComponent
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        self.init(rawValue: name[name.index(after: dot)...].lowercased())
    }
}

/// What a recording environment's frames are: Gymnasium's `render()` size and the environment's
/// `metadata["render_fps"]` (30 when it gives none, as Gymnasium's `RecordVideo`).
public struct GymFrameFormat: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var framesPerSecond: Double

    public init(width: Int, height: Int, framesPerSecond: Double) {
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
    }
}

/// One finished recording: the frames written, those left out past the cap, and the frame rate
/// of the file (a GIF of an environment faster than 50 fps keeps every ⌈fps/50⌉-th frame).
public struct GymRecordingSummary: Equatable, Sendable {
    public var frames: Int
    public var dropped: Int
    public var framesPerSecond: Double

    public init(frames: Int, dropped: Int, framesPerSecond: Double) {
        self.frames = frames
        self.dropped = dropped
        self.framesPerSecond = framesPerSecond
    }
}

extension GymVectorEnvironment {
    /// Starts writing copy 0's frames to `path` (a new file; the caller renames it into place):
    /// from now on the worker renders after every reset and step and encodes the frame at once,
    /// at most `maximumFrames` of them. Throws when the environment was not made with
    /// `recording:`, or the file cannot be created.
    public func startRecording(to path: String, maximumFrames: Int) throws {
        guard frameFormat != nil else { throw GymError.closed("gym:\(id) was not made for recording (recording: nil)") }
        guard maximumFrames >= 1 else { throw GymError.closed("a recording needs room for a frame, got \(maximumFrames)") }
        let reply = try command(GymWireFormat.startFile, ["path": path, "max_frames": maximumFrames],
                                answer: GymWireFormat.fileStarted, during: "the start of a recording")
        if let error = reply["error"] as? String { throw GymError.recordingFailed(path: path, reason: error) }
    }

    /// Finishes the file started by `startRecording`: the encoder writes its end and closes it.
    /// Throws the encoder's error (the file is then incomplete: remove it).
    public func finishRecording(path: String) throws -> GymRecordingSummary {
        let reply = try command(GymWireFormat.finishFile, nil, answer: GymWireFormat.fileFinished, during: "the end of a recording")
        if let error = reply["error"] as? String { throw GymError.recordingFailed(path: path, reason: error) }
        return GymRecordingSummary(frames: reply["frames"] as? Int ?? 0, dropped: reply["dropped"] as? Int ?? 0,
                                   framesPerSecond: (reply["fps"] as? NSNumber)?.doubleValue ?? 0)
    }

    /// Sends worker 0 a command with a JSON payload (or none) and returns its JSON answer.
    private func command(_ tag: UInt8, _ payload: [String: Any]?, answer: UInt8, during: String) throws -> [String: Any] {
        var reply: [String: Any] = [:]
        try guarded(during) {
            guard let worker = workers.first else { throw GymError.closed("its worker was stopped") }
            try worker.send(tag, payload.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) } ?? [])
            let (got, length) = try worker.receiveHeader(timeout: timeout, during: during)
            // Finishing an MP4 waits for ffmpeg to write the file's end: allow the start timeout.
            let data = try worker.receiveJSON(length: length, timeout: 4 * timeout, during: during)
            if got == GymWireFormat.error { throw GymWireFormat.raised(data, worker: 0, id: id, python: python) }
            guard got == answer, let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw GymError.protocolViolation(worker: 0, "expected tag \(answer) with JSON during \(during), got tag \(got)")
            }
            reply = object
        }
        return reply
    }
}
