import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One Python worker process of a `GymVectorEnvironment` and its end of a Unix socket pair (the
/// worker's stdin and stdout): sends commands and reads answers as `GymWireFormat` frames, with
/// a timeout on every read. EOF on the socket means the worker died; `kill()` ends it with SIGKILL
/// and reaps it. Not thread-safe: one vector environment drives its workers from one thread.
final class GymWorker {
    let index: Int
    let process: Process
    /// Our end of the socket pair.
    private var socket: Int32
    private var header = [UInt8](repeating: 0, count: 5)
    private var frame: [UInt8] = []

    var pid: Int32 { process.processIdentifier }

    /// Starts `python -c <worker script> <our pid>` with `environment`.
    init(index: Int, python: String, environment: [String: String]) throws {
        self.index = index
        var fds: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw GymError.closed("socketpair failed (errno \(errno))")
        }
        socket = fds[0]
        let child = FileHandle(fileDescriptor: fds[1], closeOnDealloc: true)
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", GymWorkerScript.source, "\(getpid())"]
        process.environment = environment
        process.standardInput = child
        process.standardOutput = child
        process.standardError = FileHandle.standardError
        do {
            try GymSpawner.shared.run { try self.process.run() }
        } catch {
            close(socket); socket = -1
            throw GymError.noPython(python, chosenBy: "it could not be started: \(error)")
        }
        try? child.close()
    }

    deinit { kill() }

    /// Sends one frame; a closed socket is the worker's death.
    /// (One `send` call per frame: the worker wakes once per command.)
    func send(_ tag: UInt8, _ payload: UnsafeRawBufferPointer) throws {
        frame.removeAll(keepingCapacity: true)
        frame.append(tag)
        withUnsafeBytes(of: UInt32(payload.count).littleEndian) { frame.append(contentsOf: $0) }
        frame.append(contentsOf: payload)
        try frame.withUnsafeBytes { try write($0) }
    }

    func send(_ tag: UInt8, _ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try send(tag, $0) }
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            guard socket >= 0 else { throw GymError.closed("worker \(index) was stopped") }
            let n = Glibc.send(socket, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                throw died()
            }
            offset += n
        }
    }

    /// Reads the next frame's tag and payload length (waiting at most `timeout` seconds).
    func receiveHeader(timeout: Double, during: String) throws -> (tag: UInt8, length: Int) {
        try header.withUnsafeMutableBytes { try read(into: $0, timeout: timeout, during: during) }
        let length = Int(UInt32(header[1]) | UInt32(header[2]) << 8 | UInt32(header[3]) << 16 | UInt32(header[4]) << 24)
        return (header[0], length)
    }

    /// Seconds a read polls the socket without sleeping before it blocks (0: block at once;
    /// `GymPython.spinSeconds`).
    var spinSeconds = 0.0

    /// Reads exactly `buffer.count` bytes, each wait for data bounded by `timeout`; polls for
    /// `spinSeconds` first.
    func read(into buffer: UnsafeMutableRawBufferPointer, timeout: Double, during: String) throws {
        var offset = 0
        if spinSeconds > 0 {
            var start = timespec(), now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &start)
            while offset < buffer.count && socket >= 0 {
                let n = recv(socket, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_DONTWAIT))
                if n > 0 { offset += n; continue }
                if n == 0 { throw died() }
                if errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR { throw died() }
                clock_gettime(CLOCK_MONOTONIC, &now)
                if Double(now.tv_sec - start.tv_sec) + Double(now.tv_nsec - start.tv_nsec) * 1e-9 > spinSeconds { break }
            }
        }
        let deadline = Date().addingTimeInterval(timeout)
        while offset < buffer.count {
            guard socket >= 0 else { throw GymError.closed("worker \(index) was stopped") }
            var poller = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { throw GymError.timeout(worker: index, seconds: timeout, during: during) }
            let ready = poll(&poller, 1, Int32(min(remaining * 1000, Double(Int32.max)).rounded(.up)))
            if ready < 0 { if errno == EINTR { continue }; throw died() }
            if ready == 0 { continue }  // the deadline check above throws
            let n = recv(socket, buffer.baseAddress! + offset, buffer.count - offset, 0)
            if n < 0 { if errno == EINTR || errno == EAGAIN { continue }; throw died() }
            if n == 0 { throw died() }
            offset += n
        }
    }

    /// A frame's JSON payload.
    func receiveJSON(length: Int, timeout: Double, during: String) throws -> Data {
        guard length <= 16 << 20 else { throw GymError.protocolViolation(worker: index, "a \(length)-byte message") }
        var data = Data(count: length)
        try data.withUnsafeMutableBytes { try read(into: $0, timeout: timeout, during: during) }
        return data
    }

    /// The worker's death as an error: how it ended (exit status or signal), after reaping it.
    func died() -> GymError {
        let pid = self.pid
        kill(signal: 0)
        let how: String
        if process.terminationReason == .uncaughtSignal {
            let number = process.terminationStatus
            let name = number == SIGSEGV ? "SIGSEGV, a segmentation fault" : number == SIGKILL ? "SIGKILL" :
                number == SIGABRT ? "SIGABRT" : "signal \(number)"
            how = "killed by \(name)"
        } else {
            how = "exited with status \(process.terminationStatus) without a message"
        }
        return .workerDied(worker: index, pid: pid, how: how)
    }

    /// Closes our socket (the worker reads EOF and exits), then sends `signal` (SIGKILL by
    /// default; 0 to send none) if it is still running, and reaps it.
    func kill(signal: Int32 = SIGKILL) {
        if socket >= 0 { close(socket); socket = -1 }
        guard process.processIdentifier > 0 else { return }
        if signal != 0, process.isRunning { Glibc.kill(process.processIdentifier, signal) }
        // EOF ends a healthy worker at once; a stuck one gets SIGKILL after 2 s.
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(1000) }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
