import CredoDistributed
import Foundation

/// Every collective of `Communicator` on one communicator of any size, with the exact results
/// each rank must see. A failed check stops every rank with a message naming it.
struct CollectiveChecks {
    let c: any Communicator
    var passed = 0

    init(_ communicator: any Communicator) { c = communicator }

    mutating func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
        if !condition { c.abort(message: "check failed: \(what())", exitCode: 5) }
        passed += 1
    }

    mutating func run() throws -> Int {
        let r = c.rank, p = c.size

        // allreduce sum, mean, max, min: small integers times 0.5, so every partial sum is exact.
        for n in [1, 4610, 1 << 20] {
            var g = (0 ..< n).map { Float(r + 1) * Float($0 % 1000) * 0.5 }
            try c.allreduceSum(&g)
            let ranks = Float(p * (p + 1) / 2)
            expect(g == (0 ..< n).map { ranks * Float($0 % 1000) * 0.5 }, "allreduceSum of \(n) floats")
            try expect(c.buffersDifferingAcrossRanks([("sum", g)]).isEmpty, "allreduceSum bit-identical on every rank")
        }
        var mean = [Float(r), 2 * Float(r), 1]
        try c.allreduceMean(&mean)
        expect(mean == [Float(p - 1) / 2, Float(p - 1), 1], "allreduceMean \(mean)")
        var extremes = [Double(r), -Double(r)]
        try c.allreduce(&extremes, .max)
        expect(extremes == [Double(p - 1), 0], "allreduce max \(extremes)")
        try expect(c.allreduce(Double(r) + 0.25, .min) == 0.25, "allreduce min")
        try expect(c.allreduce(Int64(r) << 40, .sum) == Int64(p * (p - 1) / 2) << 40, "allreduce Int64 sum")

        // broadcast: every rank ends with root's buffer, resized to root's count.
        let root = p - 1
        var parameters: [Float] = r == root ? (0 ..< 7).map { Float($0) + 0.125 } : [9, 9, 9]
        try c.broadcast(&parameters, root: root)
        expect(parameters == (0 ..< 7).map { Float($0) + 0.125 }, "broadcast [Float] from rank \(root)")
        var state: [UInt64] = r == 0 ? [0xDEAD_BEEF_0123_4567, .max, 0] : []
        try c.broadcast(&state, root: 0)
        expect(state == [0xDEAD_BEEF_0123_4567, .max, 0], "broadcast [UInt64]")
        var bytes: [UInt8] = r == 0 ? Array("generator state".utf8) : Array(repeating: 7, count: 100)
        try c.broadcast(&bytes, root: 0)
        expect(bytes == Array("generator state".utf8), "broadcast [UInt8]")
        var empty: [Double] = r == 0 ? [] : [1, 2]
        try c.broadcast(&empty, root: 0)
        expect(empty.isEmpty, "broadcast of an empty buffer")
        do {
            var x: [Float] = [1]
            try c.broadcast(&x, root: p)
            expect(false, "broadcast from rank \(p) throws")
        } catch CommunicatorError.invalidRoot(let bad, let size) {
            expect(bad == p && size == p, "invalidRoot names the root and the size")
        }

        // allgather and gather of variable-length values (rank 0 contributes nothing).
        let mine = (0 ..< r).map { Double(10 * r + $0) }
        let all = try c.allgather(mine)
        expect(all == (0 ..< p).map { q in (0 ..< q).map { Double(10 * q + $0) } }, "allgather [Double] \(all)")
        try expect(c.allgatherConcatenated(mine) == all.flatMap { $0 }, "allgatherConcatenated")
        let gathered = try c.gather(Array("rank \(r) environment".utf8), root: 0)
        if r == 0 {
            expect(gathered.map { String(decoding: $0, as: UTF8.self) } == (0 ..< p).map { "rank \($0) environment" },
                   "gather [UInt8] on root")
        } else {
            expect(gathered.isEmpty, "gather returns [] off root")
        }
        let none = try c.gather([Float](), root: 0)
        expect(r == 0 ? none == Array(repeating: [], count: p) : none.isEmpty, "gather of empty buffers")
        try expect(c.allgather([UInt8]()) == Array(repeating: [], count: p), "allgather of empty buffers")

        // Parameters: equal everywhere, then one ulp off on the last rank in one buffer.
        var layers: [(name: String, values: [Float])] = [
            ("policy/layer0/weight", (0 ..< 256).map { Float($0) * 0.01 }),
            ("policy/layer1/bias", [0.5, -0.25]),
            ("critic/layer0/weight", (0 ..< 64).map { Float($0) }),
        ]
        try expect(c.buffersDifferingAcrossRanks(layers).isEmpty, "equal parameters pass")
        if r == p - 1 && p > 1 { layers[1].values[1] = layers[1].values[1].nextUp }
        let differing = try c.buffersDifferingAcrossRanks(layers)
        expect(differing == (p > 1 ? ["policy/layer1/bias"] : []), "the differing buffer is named: \(differing)")
        do {
            try c.requireEqualAcrossRanks(layers, update: 12)
            expect(p == 1, "requireEqualAcrossRanks throws")
        } catch let error as CommunicatorError {
            expect(error == .parametersDiverged(names: ["policy/layer1/bias"], update: 12)
                   && "\(error)" == "parameters differ between ranks at update 12: policy/layer1/bias", "\(error)")
        }

        // Normaliser statistics: rank r saw 3 + r observations; the merge equals one pass over all.
        func sample(_ q: Int, _ k: Int) -> [Double] { [Double(q * 7 + k) * 0.3, sin(Double(q + k)), Double(k * k)] }
        let local = RunningMoments(samples: (0 ..< 3 + r).map { sample(r, $0) })
        let merged = try c.mergeMoments(local)
        let reference = RunningMoments(samples: (0 ..< p).flatMap { q in (0 ..< 3 + q).map { sample(q, $0) } })
        expect(merged.count == reference.count, "merged count")
        expect(zip(merged.mean + merged.m2, reference.mean + reference.m2).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) },
               "merged moments \(merged) vs one pass \(reference)")
        try expect(c.buffersDifferingAcrossRanks([("moments", [merged.count] + merged.mean + merged.m2)]).isEmpty,
                   "merged moments bit-identical on every rank")

        // One rank's failure stops every rank with its message.
        try c.throwIfAnyRankFailed(nil)
        do {
            try c.throwIfAnyRankFailed(r == p - 1 ? "non-finite loss at update 5" : nil)
            expect(false, "throwIfAnyRankFailed throws on every rank")
        } catch let error as CommunicatorError {
            expect(error == .rankFailed(rank: p - 1, message: "non-finite loss at update 5"), "\(error)")
        }

        try c.barrier()
        return passed
    }
}
