import CCBLAS
import CredoNN
import CredoTensor

// Benchmarks of the tensor core. Run with: swift run -c release credo-bench (or make bench-core)
// Each figure is the best of three rounds of at least 0.3 s, with HeapTuning applied as a
// trainer applies it.
HeapTuning.apply()

// Sections to run: all by default, or those named on the command line (matmul, mlp, memory).
let requested = Set(CommandLine.arguments.dropFirst())
func wants(_ section: String) -> Bool { requested.isEmpty || requested.contains(section) }

var rng = RandomGenerator(seed: 0)
func random(_ shape: [Int], using rng: inout RandomGenerator) -> Tensor {
    Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.standardNormal()) })
}

if wants("matmul") {
print("== matmul: Tensor.matmul against raw cblas_sgemm (n x n times n x n) ==")
print("n      tensor us   sgemm us   tensor/sgemm   GFLOP/s")
for n in [64, 256, 1024] {
    let a = random([n, n], using: &rng), b = random([n, n], using: &rng)
    var c = [Float](repeating: 0, count: n * n)
    let raw = microsecondsPerCall {
        a.scalars.withUnsafeBufferPointer { pa in b.scalars.withUnsafeBufferPointer { pb in
            c.withUnsafeMutableBufferPointer { pc in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(n), Int32(n), 1,
                            pa.baseAddress, Int32(n), pb.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
            }
        } }
    }
    let viaTensor = microsecondsPerCall { _ = Tensor.matmul(a, b) }
    let gflops = 2 * Double(n * n * n) / viaTensor / 1e3
    print("\(n)".padding(toLength: 7, withPad: " ", startingAt: 0)
          + formatted(viaTensor).padding(toLength: 12, withPad: " ", startingAt: 0)
          + formatted(raw).padding(toLength: 11, withPad: " ", startingAt: 0)
          + formatted(viaTensor / raw, 3).padding(toLength: 15, withPad: " ", startingAt: 0)
          + formatted(gflops))
}
print("")
}

if wants("mlp") {
print("== MLP 4-64-64-2 (tanh): forward, backward and Adam step ==")
print("batch   us/step   forward us   loss+backward us   Adam us")
for batch in (ProcessInfoBatch.sizes ?? [1, 64, 2048]) {
    var model = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
    var adam = Adam(learningRate: 1e-3)
    let x = random([batch, 4], using: &rng), y = random([batch, 2], using: &rng)
    let step = microsecondsPerCall {
        let loss = (model(x) - y).squared().mean()
        adam.update(&model, along: gradients(of: loss, wrt: model.parameterTensors))
    }
    let forward = microsecondsPerCall { _ = model(x) }
    let backward = microsecondsPerCall {
        _ = gradients(of: (model(x) - y).squared().mean(), wrt: model.parameterTensors)
    } - forward
    let grads = gradients(of: (model(x) - y).squared().mean(), wrt: model.parameterTensors)
    var frozen = model  // the optimizer alone, on a copy
    let optimizer = microsecondsPerCall { adam.update(&frozen, along: grads) }
    print("\(batch)".padding(toLength: 8, withPad: " ", startingAt: 0)
          + formatted(step).padding(toLength: 10, withPad: " ", startingAt: 0)
          + formatted(forward).padding(toLength: 13, withPad: " ", startingAt: 0)
          + formatted(backward).padding(toLength: 19, withPad: " ", startingAt: 0) + formatted(optimizer))
}
print("")
}

if wants("memory") {
print("== memory: 100,000 training steps of the MLP at batch 64 ==")
    var model = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
    var adam = Adam(learningRate: 1e-3)
    let x = random([64, 4], using: &rng), y = random([64, 2], using: &rng)
    var samples: [(Int, Double)] = []
    for step in 1...100_000 {
        let loss = (model(x) - y).squared().mean()
        adam.update(&model, along: gradients(of: loss, wrt: model.parameterTensors))
        if [1_000, 10_000, 50_000, 100_000].contains(step) { samples.append((step, residentMiB())) }
    }
    for (step, mib) in samples { print("after \(step) steps: resident \(formatted(mib)) MiB") }
}

if wants("ops") {
    print("== elementwise and reduction kernels on 64 x 64 (4,096 scalars) ==")
    let a = random([64, 64], using: &rng), b = random([64, 64], using: &rng), bias = random([64], using: &rng)
    let rows: [(String, () -> Void)] = [
        ("a * b", { _ = a * b }), ("a + bias (row broadcast)", { _ = a + bias }), ("1 - a", { _ = 1 - a }),
        ("tanh", { _ = a.tanh() }), ("exp", { _ = a.exp() }), ("sum(axis: 0)", { _ = a.sum(axis: 0) }),
        ("sum()", { _ = a.sum() }), ("transposed", { _ = a.transposed() }), ("matmul 64", { _ = Tensor.matmul(a, b) }),
    ]
    for (name, body) in rows {
        print(name.padding(toLength: 26, withPad: " ", startingAt: 0) + formatted(microsecondsPerCall(minimumSeconds: 0.1, body), 2) + " us")
    }
    print("")
}
