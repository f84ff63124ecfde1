import CredoDistributed
import Testing

/// One rank: every collective is the identity, the helpers built on them behave as with N ranks.
@Suite struct SingleProcessCommunicatorTests {
    let c: any Communicator = SingleProcessCommunicator()

    @Test func collectivesAreTheIdentity() throws {
        #expect(c.rank == 0 && c.size == 1 && c.isWriter)
        var g: [Float] = [1.5, -2, 0]
        try c.allreduceSum(&g)
        try c.allreduceMean(&g)
        try c.allreduce(&g, .max)
        #expect(g == [1.5, -2, 0])
        var bytes: [UInt8] = [1, 2, 3]
        try c.broadcast(&bytes, root: 0)
        #expect(bytes == [1, 2, 3])
        #expect(try c.allgather([2.5, 3.5]) == [[2.5, 3.5]])
        #expect(try c.gather([UInt64(7)], root: 0) == [[7]])
        #expect(try c.allgatherConcatenated([1.0, 2.0]) == [1, 2])
        #expect(try c.allreduce(Int64(5), .sum) == 5)
        try c.barrier()
    }

    @Test func aRootOutsideTheRanksIsAnError() {
        var x: [Float] = [1]
        #expect(throws: CommunicatorError.invalidRoot(1, size: 1)) { try c.broadcast(&x, root: 1) }
        #expect(throws: CommunicatorError.invalidRoot(-1, size: 1)) { try c.gather(x, root: -1) }
        #expect("\(CommunicatorError.invalidRoot(3, size: 2))" == "root rank 3 is outside 0..<2")
    }

    @Test func oneRanksParametersAlwaysAgreeAndItsFailureStopsIt() throws {
        #expect(try c.buffersDifferingAcrossRanks([("w", [Float(1)])]).isEmpty)
        try c.requireEqualAcrossRanks([("w", [Float(1)])], update: 3)
        try c.throwIfAnyRankFailed(nil)
        #expect(throws: CommunicatorError.rankFailed(rank: 0, message: "non-finite loss at update 2")) {
            try c.throwIfAnyRankFailed("non-finite loss at update 2")
        }
    }

    @Test func theHashSeesOneUlpTheSignOfZeroAndTheLength() {
        let w: [Float] = (0 ..< 4610).map { Float($0) * 0.001 }
        var v = w
        v[4609] = v[4609].nextUp
        #expect(fnv1a64(w) == fnv1a64(w) && fnv1a64(w) != fnv1a64(v))
        #expect(fnv1a64([Float(0)]) != fnv1a64([-Float(0)]))
        #expect(fnv1a64([Float]()) != fnv1a64([Float(0)]))
        #expect(fnv1a64([UInt8](repeating: 0, count: 3)) != fnv1a64([UInt8](repeating: 0, count: 4)))
    }

    @Test func errorsReadAsSentences() {
        #expect("\(CommunicatorError.parametersDiverged(names: ["policy/layer0/weight", "critic/layer1/bias"], update: 40))"
                == "parameters differ between ranks at update 40: policy/layer0/weight, critic/layer1/bias")
        #expect("\(CommunicatorError.mpi(function: "MPI_Allreduce", code: 15, message: "MPI_ERR_TRUNCATE: message truncated"))"
                == "MPI_Allreduce failed (MPI error 15): MPI_ERR_TRUNCATE: message truncated")
        #expect("\(CommunicatorError.rankFailed(rank: 1, message: "non-finite loss at update 5"))"
                == "rank 1 failed: non-finite loss at update 5")
    }
}
