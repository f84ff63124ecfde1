import Foundation
import Testing
import CredoTensor
@testable import CredoCheckpoint

@Suite struct CheckpointTensorTests {
    @Test func tensorsAndGeneratorsRoundTripThroughAFile() throws {
        var rng = RandomGenerator(seed: 99)
        _ = rng.next()
        var c = Checkpoint()
        try c.set("params/policy/layer0/weight", Tensor(rows: [[1, 2, 3], [4, 5, 6]]))
        try c.set(prefix: "optimizer/adam", ["m/w": Tensor([0.5]), "step": Tensor(3)])
        try c.set("rng/agent", generator: rng)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("credo-tensor-\(getpid()).h5").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try c.write(to: path)
        let back = try Checkpoint.read(from: path)
        let w = try back.tensor("params/policy/layer0/weight", shape: [2, 3])
        #expect(w.shape == [2, 3] && w.scalars == [1, 2, 3, 4, 5, 6])
        let opt = try back.tensors(prefix: "optimizer/adam")
        #expect(opt["m/w"]?.scalars == [0.5] && opt["step"]?.shape == [])
        var restored = try back.generator("rng/agent")
        #expect(restored.next() == rng.next())
        #expect(throws: CheckpointError.self) { try back.tensor("params/policy/layer0/weight", shape: [3, 2]) }
    }
}
