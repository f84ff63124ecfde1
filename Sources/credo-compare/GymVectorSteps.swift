import ArgumentParser
import CredoEnvironments
import CredoTensor
import Foundation

/// Random-policy throughput of Credo's gym: vector environment (`GymVectorEnvironment`), the
/// Swift side of bench/gym_bridge.py (`make bench-gym`). One JSON line: environment steps per
/// second = copies × vector steps / seconds, over as many vector steps as fit in `--seconds`
/// after `--warmup` steps, and the microseconds per vector step. Actions are drawn uniformly in
/// Swift (Discrete) or in the Box.
///
///     swift run -c release credo-compare gym --id CartPole-v1 --copies 8 [--workers W] [--seconds 1.5] [--python PATH]
struct GymVectorSteps: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gym", abstract: "gym: vector environment steps/s under a random policy (bench/gym_bridge.py), JSON.")

    @Option(help: "Gymnasium environment id.") var id = "CartPole-v1"
    @Option(help: "Environment copies.") var copies = 1
    @Option(help: "Worker processes (default: the bridge's choice).") var workers: Int?
    @Option(help: "Seconds to measure for.") var seconds = 1.5
    @Option(help: "Vector steps before the clock starts.") var warmup = 50
    @Option(help: "Python interpreter with Gymnasium (default: the bridge's search).") var python: String?
    @Option(help: "gym.make keyword arguments, a JSON object.") var kwargs: String?

    func validate() throws {
        guard copies >= 1 && copies <= 4096 else { throw ValidationError("--copies must be in 1...4096 (got \(copies))") }
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1 (got \(workers))") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        guard warmup >= 0 else { throw ValidationError("--warmup must be non-negative (got \(warmup))") }
    }

    func run() throws {
        let vector = try GymVectorEnvironment(id: id, count: copies, seed: 0, keywordArguments: kwargs,
                                              workers: workers, python: python)
        defer { vector.close() }
        var rng = RandomGenerator(seed: 1)
        let space = vector.actionSpace
        func actions() -> [Action] {
            (0..<copies).map { _ in
                switch space {
                case .discrete(let n): return .discrete(rng.int(below: n))
                case .box(let low, let high, _):
                    return .continuous(zip(low, high).map { lo, hi in lo + rng.uniformFloat() * (hi - lo) })
                }
            }
        }
        for _ in 0..<warmup { try vector.step(actions()) }
        var steps = 0
        let start = ContinuousClock.now
        var elapsed = 0.0
        while elapsed < seconds {
            for _ in 0..<20 { try vector.step(actions()) }
            steps += 20
            elapsed = credoSeconds(since: start)
        }
        let workerCount = vector.workerProcessIdentifiers.count
        try Output.emit(["side": "credo", "id": id, "copies": copies, "workers": workerCount, "vector_steps": steps,
                         "seconds": elapsed, "steps_per_second": Double(steps * copies) / elapsed,
                         "microseconds_per_vector_step": elapsed / Double(steps) * 1e6])
    }
}

private func credoSeconds(since start: ContinuousClock.Instant) -> Double { seconds(since: start) }
