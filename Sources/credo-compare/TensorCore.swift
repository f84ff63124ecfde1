import ArgumentParser
import CCBLAS
import CredoNN
import CredoTensor

/// Microbenchmarks of the tensor core (`make bench-core`), as text tables: `Tensor.matmul`
/// against raw `cblas_sgemm` (n × n times n × n; GFLOP/s = 2n³ / time); the MLP 4-64-64-2 (tanh)
/// step split into forward, loss + backward and Adam; the resident memory over many training
/// steps (flat when nothing leaks); elementwise and reduction kernels on 64 × 64. Each figure is
/// the best of three rounds of at least `--seconds` (`microsecondsPerCall`), with `HeapTuning`
/// applied as a training program applies it and OpenBLAS's own thread count (this subcommand
/// leaves it as the user set it; the agent workloads use one thread).
///
///     swift run -c release credo-compare core [matmul] [mlp] [memory] [ops]
struct TensorCore: ParsableCommand, ProcessSettings {
    static let configuration = CommandConfiguration(
        commandName: "core", abstract: "Tensor-core microbenchmarks (matmul, mlp, memory, ops), text tables.")
    static let sections = ["matmul", "mlp", "memory", "ops"]
    static var usesTrainingThreads: Bool { false }

    @Argument(help: "Sections to run (matmul, mlp, memory, ops; default: all).") var requested: [String] = []
    @Option(help: "Minimum seconds of each timing round.") var seconds = 0.3
    @Option(parsing: .upToNextOption, help: "MLP batch sizes.") var batch: [Int] = [1, 64, 2048]
    @Option(parsing: .upToNextOption, help: "matmul sizes n.") var sizes: [Int] = [64, 256, 1024]
    @Option(help: "Training steps of the memory section (resident size after 1%, 10%, 50%, 100%).") var memorySteps = 100_000

    func validate() throws {
        for name in requested where !Self.sections.contains(name) {
            throw ValidationError("unknown section \(name); sections: \(Self.sections.joined(separator: ", "))")
        }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
        guard batch.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 }) else { throw ValidationError("--batch sizes must be in 1...\(1 << 20)") }
        guard sizes.allSatisfy({ $0 >= 1 && $0 <= 8192 }) else { throw ValidationError("--sizes must be in 1...8192") }
        guard memorySteps >= 1 else { throw ValidationError("--memory-steps must be at least 1 (got \(memorySteps))") }
    }

    func wants(_ section: String) -> Bool { requested.isEmpty || requested.contains(section) }

    func run() throws {
        var rng = RandomGenerator(seed: 0)
        if wants("matmul") { matmul(&rng) }
        if wants("mlp") { mlp(&rng) }
        if wants("memory") { memory(&rng) }
        if wants("ops") { ops(&rng) }
    }

    func random(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.standardNormal()) })
    }

    func matmul(_ rng: inout RandomGenerator) {
        Output.line("== matmul: Tensor.matmul against raw cblas_sgemm (n x n times n x n) ==")
        Output.line("n      tensor us   sgemm us   tensor/sgemm   GFLOP/s")
        for n in sizes {
            let a = random([n, n], using: &rng), b = random([n, n], using: &rng)
            var c = [Float](repeating: 0, count: n * n)
            let raw = microsecondsPerCall(minimumSeconds: seconds) {
                a.scalars.withUnsafeBufferPointer { pa in b.scalars.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                                    pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
                    }
                } }
            }
            let viaTensor = microsecondsPerCall(minimumSeconds: seconds) { _ = Tensor.matmul(a, b) }
            let gflops = 2 * Double(n * n * n) / viaTensor / 1e3
            Output.line(Output.row([("\(n)", 7), (Output.fixed(viaTensor), 12), (Output.fixed(raw), 11),
                                    (Output.fixed(viaTensor / raw, 3), 15), (Output.fixed(gflops), 0)]))
        }
        Output.line("")
    }

    func mlp(_ rng: inout RandomGenerator) {
        Output.line("== MLP 4-64-64-2 (tanh): forward, backward and Adam step ==")
        Output.line("batch   us/step   forward us   loss+backward us   Adam us")
        for batch in batch {
            var model = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
            var adam = Adam(learningRate: 1e-3)
            let x = random([batch, 4], using: &rng), y = random([batch, 2], using: &rng)
            let step = microsecondsPerCall(minimumSeconds: seconds) {
                let loss = (model(x) - y).squared().mean()
                adam.update(&model, along: gradients(of: loss, wrt: model.parameterTensors))
            }
            let forward = microsecondsPerCall(minimumSeconds: seconds) { _ = model(x) }
            let backward = microsecondsPerCall(minimumSeconds: seconds) {
                _ = gradients(of: (model(x) - y).squared().mean(), wrt: model.parameterTensors)
            } - forward
            let grads = gradients(of: (model(x) - y).squared().mean(), wrt: model.parameterTensors)
            var frozen = model  // the optimizer alone, on a copy
            let optimizer = microsecondsPerCall(minimumSeconds: seconds) { adam.update(&frozen, along: grads) }
            Output.line(Output.row([("\(batch)", 8), (Output.fixed(step), 10), (Output.fixed(forward), 13),
                                    (Output.fixed(backward), 19), (Output.fixed(optimizer), 0)]))
        }
        Output.line("")
    }

    func memory(_ rng: inout RandomGenerator) {
        Output.line("== memory: \(memorySteps) training steps of the MLP at batch 64 ==")
        var model = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
        var adam = Adam(learningRate: 1e-3)
        let x = random([64, 4], using: &rng), y = random([64, 2], using: &rng)
        let checkpoints = Set([memorySteps / 100, memorySteps / 10, memorySteps / 2, memorySteps].filter { $0 >= 1 })
        var samples: [(Int, Double)] = []
        for step in 1...memorySteps {
            let loss = (model(x) - y).squared().mean()
            adam.update(&model, along: gradients(of: loss, wrt: model.parameterTensors))
            if checkpoints.contains(step) { samples.append((step, residentMiB())) }
        }
        for (step, mib) in samples { Output.line("after \(step) steps: resident \(Output.fixed(mib)) MiB") }
        Output.line("")
    }

    func ops(_ rng: inout RandomGenerator) {
        Output.line("== elementwise and reduction kernels on 64 x 64 (4,096 scalars) ==")
        let a = random([64, 64], using: &rng), b = random([64, 64], using: &rng), bias = random([64], using: &rng)
        let rows: [(String, () -> Void)] = [
            ("a * b", { _ = a * b }), ("a + bias (row broadcast)", { _ = a + bias }), ("1 - a", { _ = 1 - a }),
            ("tanh", { _ = a.tanh() }), ("exp", { _ = a.exp() }), ("sum(axis: 0)", { _ = a.sum(axis: 0) }),
            ("sum()", { _ = a.sum() }), ("transposed", { _ = a.transposed() }), ("matmul 64", { _ = Tensor.matmul(a, b) }),
        ]
        for (name, body) in rows {
            let time = microsecondsPerCall(minimumSeconds: seconds / 3, body)
            Output.line(Output.row([(name, 26), (Output.fixed(time, 2) + " us", 0)]))
        }
        Output.line("")
    }
}
