import ArgumentParser
import CCBLAS
import CredoNN
import CredoTensor

/// One training step of an MLP 4→64→64→2 (tanh) on a mean-squared loss: forward, backward and
/// Adam, at `--batch` rows, on one thread (OpenBLAS set to one thread; PyTorch likewise with
/// `torch.set_num_threads(1)` on the other side), with `HeapTuning` applied as a trainer
/// applies it. Reports microseconds per step.
struct MLPStep: Workload {
    static let configuration = CommandConfiguration(commandName: "mlp", abstract: "MLP 4-64-64-2 training step, microseconds.")

    @Option(help: "Rows per batch.") var batch = 64
    @Option(help: "Seconds to measure for.") var seconds = 1.0

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1 (got \(batch))") }
        guard seconds > 0 else { throw ValidationError("--seconds must be positive (got \(seconds))") }
    }

    func measure() throws -> WorkloadResult {
        openblas_set_num_threads(1)
        HeapTuning.apply()
        var rng = RandomGenerator(seed: 0)
        var model = MLP(sizes: [4, 64, 64, 2], activation: .tanh, using: &rng)
        var adam = Adam(learningRate: 1e-3)
        let x = Tensor(shape: [batch, 4], scalars: (0..<batch * 4).map { _ in Float(rng.standardNormal()) })
        let y = Tensor(shape: [batch, 2], scalars: (0..<batch * 2).map { _ in Float(rng.standardNormal()) })
        let stepsPerSecond = rate(seconds: seconds) {
            for _ in 0..<200 {
                let loss = (model(x) - y).squared().mean()
                adam.update(&model, along: gradients(of: loss, wrt: model.parameterTensors))
            }
            return 200
        }
        return WorkloadResult(value: 1e6 / stepsPerSecond, unit: "us/step",
                        what: "MLP 4-64-64-2 tanh, MSE, Adam, batch \(batch), 1 thread")
    }
}
