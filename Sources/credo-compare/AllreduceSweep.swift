import ArgumentParser
import CredoDistributed
import CredoMPI

/// OSU-style allreduce microbenchmark (osu_allreduce): the average latency of one in-place
/// MPI_Allreduce (sum) of n Float32, for the flattened gradient sizes of Credo's networks and a
/// sweep of powers of two, with the algorithm bandwidth (bytes / latency) and the bus bandwidth
/// (NCCL's convention: 2(p−1)/p · bytes / latency, what a ring allreduce moves per rank).
/// Run it under mpirun; rank 0 prints the JSON:
///
///     mpirun --allow-run-as-root -np 2 .build/release/credo-compare allreduce
struct AllreduceSweep: Workload {
    static let configuration = CommandConfiguration(
        commandName: "allreduce",
        abstract: "MPI_Allreduce latency and bandwidth over the ranks of mpirun (OSU-style), microseconds.")

    @Option(help: "Seconds to measure each size for.") var seconds = 0.3
    @Option(help: "Largest sweep size, in floats (powers of two from 1).") var maxFloats = 1 << 24

    func validate() throws {
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        guard maxFloats >= 1 else { throw ValidationError("--max-floats must be at least 1 (got \(maxFloats))") }
    }

    func run() throws {
        let communicator = try MPICommunicator.world()
        let result = try measure(on: communicator)
        if communicator.isWriter {
            var withLibrary = result
            withLibrary.extra["library"] = MPICommunicator.libraryVersion
            try withLibrary.emit()
        }
        communicator.finalize()
    }

    func measure() throws -> WorkloadResult { try measure(on: MPICommunicator.world()) }

    /// The flattened gradient sizes (weights and biases of every layer) of the networks Credo trains.
    static let networks: [(name: String, layers: [Int])] = [
        ("cartpole policy 4-64-64-2", [4, 64, 64, 2]),
        ("cartpole critic 4-64-64-1", [4, 64, 64, 1]),
        ("lunarlander policy 8-64-64-4", [8, 64, 64, 4]),
        ("lunarlander policy 8-256-256-4", [8, 256, 256, 4]),
    ]

    static func parameterCount(_ layers: [Int]) -> Int {
        zip(layers, layers.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 + $1.1 }
    }

    func measure(on c: any Communicator) throws -> WorkloadResult {
        var sweep: [Int] = []
        var n = 1
        while n <= maxFloats { sweep.append(n); n *= 2 }
        let named = Self.networks.map { ($0.name, Self.parameterCount($0.layers)) }
        var rows: [[String: Any]] = []
        func row(_ floats: Int, _ name: String?) throws -> (median: Double, minimum: Double) {
            let (latency, minimum) = try Self.latency(floats: floats, seconds: seconds, on: c)
            let bytes = Double(floats * 4)
            // Bandwidths from the minimum: the interconnect's capability rather than the load.
            var r: [String: Any] = [
                "floats": floats, "bytes": floats * 4, "latency_us": latency * 1e6, "min_latency_us": minimum * 1e6,
                "algbw_GBps": bytes / minimum / 1e9,
                "busbw_GBps": 2 * Double(c.size - 1) / Double(c.size) * bytes / minimum / 1e9,
            ]
            if let name { r["network"] = name }
            rows.append(r)
            return (latency, minimum)
        }
        // A first pass over the sizes is slower (shared-memory segments and pages set up on first
        // use), so it goes unrecorded; then the sweep, then the networks' sizes.
        for floats in sweep + named.map(\.1) { _ = try Self.latency(floats: floats, seconds: 0.001, repetitions: 1, on: c) }
        for floats in sweep { _ = try row(floats, nil) }
        var networkLatency = 0.0
        for (i, (name, floats)) in named.enumerated() {
            let latency = try row(floats, name)
            if i == 0 { networkLatency = latency.minimum }
        }
        return WorkloadResult(
            value: networkLatency * 1e6, unit: "us",
            what: "MPI_Allreduce sum in place, fastest of 5 runs, of the CartPole policy gradient (\(named[0].1) floats), \(c.size) ranks",
            extra: ["ranks": c.size, "rows": rows])
    }

    /// Seconds per allreduce of `floats` Float32 as (median, minimum) over `repetitions` timed
    /// runs, each the slowest rank's average: a warm-up, a calibration every rank agrees on
    /// (allreduce max), then each run after a barrier. The minimum is the figure for a quiet
    /// machine (two busy-polling ranks lose whole time slices to any other process on two
    /// cores); the median shows what contention costs.
    static func latency(floats: Int, seconds: Double, repetitions: Int = 5,
                        on c: any Communicator) throws -> (median: Double, minimum: Double) {
        var buffer = [Float](repeating: 1, count: floats)
        func timed(_ iterations: Int) throws -> Double {
            try c.barrier()
            let start = ContinuousClock.now
            for _ in 0 ..< iterations {
                try c.allreduce(&buffer, .sum)
                // Keep the values bounded (1, 2, 4 ... would overflow after 128 rounds at 2 ranks).
                if buffer[0] > 1e30 { for i in buffer.indices { buffer[i] = 1 } }
            }
            let elapsed = try c.allreduce(credoSeconds(since: start), .max)
            return elapsed / Double(iterations)
        }
        _ = try timed(2)
        let probe = try timed(5)
        let iterations = max(3, min(1_000_000, Int(seconds / Double(repetitions) / max(probe, 1e-9))))
        let runs = try (0 ..< repetitions).map { _ in try timed(iterations) }.sorted()
        return (runs[runs.count / 2], runs[0])
    }
}

private func credoSeconds(since start: ContinuousClock.Instant) -> Double { seconds(since: start) }
