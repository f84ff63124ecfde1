import Foundation

/// The bridge's messages, between Swift and `GymWorkerScript`. Every message is a tag byte, a
/// little-endian UInt32 payload length and the payload; arrays are raw little-endian bytes.
///
/// | tag | way | payload |
/// | --- | --- | --- |
/// | `I` | in | JSON `{id, kwargs, copies}`: the handshake |
/// | `H` | out | JSON `{observation, action}`: the spaces (`Discrete` n, start; `Box` shape, low, high, dtype) |
/// | `S` | in | the m copies' actions: Int64 each (Discrete) or Float32 × action size (Box) |
/// | `T` | out | observations F32[m, o], rewards F64[m], terminated U8[m], truncated U8[m], final observations F32[m, o] |
/// | `R` | in | U8 seeded, then one UInt64 seed per copy |
/// | `O` | out | observations F32[m, o] |
/// | `Q` | in | (none): close the environments and exit |
/// | `E` | out | JSON `{type, message, module, traceback}`; the worker exits after it |
///
/// A recording worker (handshake with `"record": "gif"` or `"mp4"`, one copy) makes its copy with
/// `render_mode="rgb_array"`, adds `"frame": {width, height, fps}` to `H`, and takes two more
/// commands; while a file is open it renders after every `R` and `S` (`GymRecorderScript`):
///
/// | tag | way | payload |
/// | --- | --- | --- |
/// | `V` | in | JSON `{path, max_frames}`: start writing frames to `path` |
/// | `v` | out | JSON `{error}` (null when the file is open) |
/// | `W` | in | (none): finish the file |
/// | `w` | out | JSON `{frames, dropped, fps, error}` |
enum GymWireFormat {
    static let handshake = UInt8(ascii: "I"), spaces = UInt8(ascii: "H"), step = UInt8(ascii: "S")
    static let stepDone = UInt8(ascii: "T"), reset = UInt8(ascii: "R"), resetDone = UInt8(ascii: "O")
    static let quit = UInt8(ascii: "Q"), error = UInt8(ascii: "E")
    static let startFile = UInt8(ascii: "V"), fileStarted = UInt8(ascii: "v")
    static let finishFile = UInt8(ascii: "W"), fileFinished = UInt8(ascii: "w")

    /// Bytes of a `T` payload for m copies.
    static func stepBytes(copies m: Int, observationSize o: Int) -> Int { m * o * 4 + m * 8 + 2 * m + m * o * 4 }

    /// The `S` payload of `actions`: Discrete as Int64; Box as Float32, clipped to [low, high].
    static func encode(_ actions: ArraySlice<Action>, in space: Space) throws -> [UInt8] {
        var bytes: [UInt8] = []
        switch space {
        case .discrete(let n):
            bytes.reserveCapacity(actions.count * 8)
            for action in actions {
                guard case .discrete(let a) = action, a >= 0, a < n else {
                    throw GymError.protocolViolation(worker: -1, "action \(action) is not in the action space \(space)")
                }
                withUnsafeBytes(of: Int64(a).littleEndian) { bytes += $0 }
            }
        case .box(let low, let high, _):
            bytes.reserveCapacity(actions.count * low.count * 4)
            for action in actions {
                guard case .continuous(let x) = action, x.count == low.count else {
                    throw GymError.protocolViolation(worker: -1, "action \(action) does not fit the action space \(space)")
                }
                for j in x.indices {
                    let clipped = min(max(x[j], low[j]), high[j])
                    withUnsafeBytes(of: clipped.bitPattern.littleEndian) { bytes += $0 }
                }
            }
        }
        return bytes
    }

    /// Copies a `T` payload of the copies first..<first+m into the vector environment's arrays.
    static func decodeStep(_ payload: [UInt8], copies m: Int, observationSize o: Int, first: Int,
                           observations: inout [Float], finals: inout [Float], rewards: inout [Double],
                           terminated: inout [Bool], truncated: inout [Bool]) {
        payload.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            observations.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: first * o * 4).copyMemory(from: base, byteCount: m * o * 4) }
            var offset = m * o * 4
            for j in 0..<m { rewards[first + j] = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset + 8 * j, as: UInt64.self))) }
            offset += 8 * m
            for j in 0..<m { terminated[first + j] = raw[offset + j] != 0 }
            offset += m
            for j in 0..<m { truncated[first + j] = raw[offset + j] != 0 }
            offset += m
            finals.withUnsafeMutableBytes { $0.baseAddress!.advanced(by: first * o * 4).copyMemory(from: base + offset, byteCount: m * o * 4) }
        }
    }

    /// The observation and action spaces of an `H` payload.
    struct Spaces: Equatable {
        var observation: Space
        var action: Space
        /// A recording worker's frames.
        var frame: GymFrameFormat?

        static func receive(from worker: GymWorker, timeout: Double, id: String, python: String) throws -> Spaces {
            let (tag, length) = try worker.receiveHeader(timeout: timeout, during: "the start of gym:\(id)")
            let data = try worker.receiveJSON(length: length, timeout: timeout, during: "the start of gym:\(id)")
            if tag == GymWireFormat.error { throw raised(data, worker: worker.index, id: id, python: python) }
            guard tag == GymWireFormat.spaces,
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let observation = space(object["observation"]), let action = space(object["action"]) else {
                throw GymError.protocolViolation(worker: worker.index, "its handshake reply is not the spaces")
            }
            var frame: GymFrameFormat?
            if let f = object["frame"] as? [String: Any], let width = f["width"] as? Int, let height = f["height"] as? Int,
               let fps = (f["fps"] as? NSNumber)?.doubleValue {
                frame = GymFrameFormat(width: width, height: height, framesPerSecond: fps)
            }
            return Spaces(observation: observation, action: action, frame: frame)
        }

        static func space(_ any: Any?) -> Space? {
            guard let d = any as? [String: Any], let kind = d["kind"] as? String else { return nil }
            if kind == "discrete", let n = d["n"] as? Int { return .discrete(n) }
            func floats(_ key: String) -> [Float]? {
                (d[key] as? [Any])?.compactMap { v -> Float? in
                    if let s = v as? String { return s == "inf" ? .infinity : s == "-inf" ? -.infinity : nil }
                    return (v as? NSNumber).map { Float(truncating: $0) }
                }
            }
            guard kind == "box", let shape = d["shape"] as? [Int], let low = floats("low"), let high = floats("high"),
                  low.count == shape.reduce(1, *), high.count == low.count else { return nil }
            return .box(low: low, high: high, shape: shape)
        }
    }

    /// The `GymError` of an `E` payload: the failures a user can fix get their own cases.
    static func raised(_ data: Data, worker: Int, id: String, python: String) -> GymError {
        let object = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        let type = object["type"] as? String ?? "an unknown error"
        let message = object["message"] as? String ?? String(decoding: data, as: UTF8.self)
        let module = object["module"] as? String ?? ""
        let traceback = object["traceback"] as? String ?? ""
        switch type {
        case "ModuleNotFoundError" where ["gymnasium", "numpy"].contains(module.split(separator: ".").first.map(String.init) ?? ""):
            return .missingModule(module, python: python)
        case "NameNotFound", "NamespaceNotFound", "VersionNotFound", "UnregisteredEnv", "DeprecatedEnv":
            return .unknownEnvironment(id: id, gymnasium: message)
        case "ModuleNotFoundError" where message.contains("importing a module failed"),
             "Error" where message.contains("importing a module failed"):
            return .unknownEnvironment(id: id, gymnasium: message)
        case "DependencyNotInstalled":
            let lower = message.lowercased()
            let extra = lower.contains("box2d") ? "box2d" : lower.contains("mujoco") ? "mujoco" : nil
            return .missingExtra(id: id, extra: extra, gymnasium: message, python: python)
        case "UnsupportedSpace":
            return .unsupportedSpace(message)
        case "RecorderMissing":
            // "<what>|<pip requirement>|<import error>"
            let parts = message.split(separator: "|", maxSplits: 2).map(String.init)
            return .missingEncoder(parts.first ?? message, requirement: parts.count > 1 ? parts[1] : message,
                                   reason: parts.count > 2 ? parts[2] : "", python: python)
        case "CannotRender":
            return .cannotRender(message)
        default:
            return .workerRaised(worker: worker, type: type, message: message, traceback: traceback)
        }
    }
}
