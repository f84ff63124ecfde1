// credo-gym-bench: random-policy throughput of Credo's gym: vector environment (GymVectorEnvironment),
// the Swift side of bench/gym_bridge.py. One JSON line per measurement:
//
//     credo-gym-bench --id CartPole-v1 --copies 8 [--workers W] [--seconds 1.5] [--python PATH]
//
// Environment steps per second = copies × vector steps / seconds, over as many vector steps as
// fit in --seconds after 50 warm-up steps. Actions are drawn uniformly in Swift (Discrete) or in
// the Box.
import CredoEnvironments
import CredoTensor
import Foundation

var options: [String: String] = [:]
var arguments = CommandLine.arguments.dropFirst()
while let key = arguments.popFirst() {
    guard key.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: credo-gym-bench --id ID --copies N [--workers W] [--seconds S] [--python PATH] [--kwargs JSON]\n".utf8))
        exit(2)
    }
    options[String(key.dropFirst(2))] = value
}
let id = options["id"] ?? "CartPole-v1"
let copies = Int(options["copies"] ?? "1") ?? 1
let seconds = Double(options["seconds"] ?? "1.5") ?? 1.5
/// One measurement, printed as a JSON line.
@MainActor func measure() throws {
    let vector = try GymVectorEnvironment(id: id, count: copies, seed: 0, keywordArguments: options["kwargs"],
                                          workers: options["workers"].flatMap { Int($0) }, python: options["python"])
    var rng = RandomGenerator(seed: 1)
    let space = vector.actionSpace
    func actions() -> [Action] {
        var drawn: [Action] = []
        for _ in 0..<copies {
            switch space {
            case .discrete(let n): drawn.append(.discrete(rng.int(below: n)))
            case .box(let low, let high, _):
                drawn.append(.continuous(zip(low, high).map { lo, hi in lo + rng.uniformFloat() * (hi - lo) }))
            }
        }
        return drawn
    }
    for _ in 0..<50 { try vector.step(actions()) }
    var steps = 0
    let start = Date()
    var elapsed = 0.0
    while elapsed < seconds {
        for _ in 0..<20 { try vector.step(actions()) }
        steps += 20
        elapsed = Date().timeIntervalSince(start)
    }
    let workers = vector.workerProcessIdentifiers.count
    vector.close()
    let result: [String: Any] = ["side": "credo", "id": id, "copies": copies, "workers": workers, "vector_steps": steps,
                                 "seconds": elapsed, "steps_per_second": Double(steps * copies) / elapsed,
                                 "microseconds_per_vector_step": elapsed / Double(steps) * 1e6]
    print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
}

do {
    try measure()
} catch {
    FileHandle.standardError.write(Data("credo-gym-bench: error: \(error)\n".utf8))
    exit(1)
}
