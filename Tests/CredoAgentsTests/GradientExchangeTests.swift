@testable import CredoAgents
import CredoDistributed
import CredoTensor
import Testing

/// Two ranks simulated in one process: the other rank's element is a fixed function of this
/// rank's element at the same index (so a reduction depends on the element alone, as MPI's
/// does), and every collective is counted.
private final class TwoRankCommunicator: Communicator, @unchecked Sendable {
    var allreduces = 0
    var rank: Int { 0 }
    var size: Int { 2 }

    func allreduce<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], _ op: ReduceOperation) throws {
        allreduces += 1
        guard op == .sum, var floats = buffer as? [Float] else { fatalError("only float sums are simulated") }
        for i in floats.indices { floats[i] = floats[i] + (floats[i] * 0.7310586 - 0.3141593) }
        buffer = floats as! [Scalar]
    }
    func broadcast<Scalar: CommunicatorScalar>(_ buffer: inout [Scalar], root: Int) throws {}
    func allgather<Scalar: CommunicatorScalar>(_ values: [Scalar]) throws -> [[Scalar]] { [values, values] }
    func gather<Scalar: CommunicatorScalar>(_ values: [Scalar], root: Int) throws -> [[Scalar]] { [values, values] }
    func barrier() throws {}
    func abort(message: String, exitCode: Int32) -> Never { fatalError(message) }
}

/// One allreduce for every network of a step gives the same bits as one allreduce per network.
@Suite struct GradientExchangeTests {
    /// Three networks' gradients (policy, critic, control variate), fixed seed.
    static func groups() -> [[Tensor]] {
        var rng = RandomGenerator(seed: 7)
        func t(_ shape: [Int]) -> Tensor {
            Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(rng.standardNormal()) * 0.01 })
        }
        return [[t([4, 64]), t([64]), t([64, 2]), t([2])], [t([4, 64]), t([64]), t([64, 1]), t([1])], [t([3])]]
    }

    static func bits(_ groups: [[Tensor]]) -> [[[UInt32]]] { groups.map { $0.map { $0.scalars.map(\.bitPattern) } } }

    @Test(arguments: [Float(1), 0.375, 0])
    func onePackedAllreduceEqualsOnePerNetworkBitForBit(weight: Float) throws {
        let g = Self.groups()
        let packed = TwoRankCommunicator(), separate = TwoRankCommunicator()
        let mean = try GradientExchange.mean(g, over: packed)
        let meanSeparately = try g.map { try GradientExchange.mean([$0], over: separate)[0] }
        #expect(packed.allreduces == 1 && separate.allreduces == 3)
        #expect(Self.bits(mean) == Self.bits(meanSeparately))
        #expect(Self.bits(mean) != Self.bits(g), "the exchange changed nothing: the comparison would be vacuous")
        let weighted = try GradientExchange.rowWeighted(g, weight: weight, over: packed)
        let weightedSeparately = try g.map { try GradientExchange.rowWeighted([$0], weight: weight, over: separate)[0] }
        #expect(packed.allreduces == 2 && separate.allreduces == 6)
        #expect(Self.bits(weighted) == Self.bits(weightedSeparately))
        #expect(zip(weighted, g).allSatisfy { zip($0, $1).allSatisfy { $0.shape == $1.shape } })
    }

    /// The known-wrong packing: the reduced buffer cut at offsets shifted by one element must
    /// not give the per-network bits (the comparison above can fail).
    @Test func aShiftedCutIsCaught() throws {
        let g = Self.groups()
        let separate = TwoRankCommunicator()
        let meanSeparately = try g.map { try GradientExchange.mean([$0], over: separate)[0] }
        var flat = GradientExchange.flatten(g)
        try TwoRankCommunicator().allreduceMean(&flat)
        let shifted = GradientExchange.unflatten([0] + flat, like: g)
        #expect(Self.bits(shifted) != Self.bits(meanSeparately))
    }

    /// One rank: no collective at all, the gradients are returned as they are.
    @Test func oneRankIsTheIdentity() throws {
        let g = Self.groups()
        #expect(Self.bits(try GradientExchange.mean(g, over: SingleProcessCommunicator())) == Self.bits(g))
        #expect(Self.bits(try GradientExchange.rowWeighted(g, weight: 3, over: SingleProcessCommunicator())) == Self.bits(g))
    }
}
