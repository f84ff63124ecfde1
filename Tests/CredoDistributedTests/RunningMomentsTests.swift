import CredoDistributed
import Testing

/// Chan et al.'s merge equals one pass over the union, in any split and any order.
@Suite struct RunningMomentsTests {
    func data(_ n: Int, offset: Double) -> [[Double]] {
        (0 ..< n).map { k -> [Double] in
            let x = Double(k)
            let y = Double((k * 7919) % 13) - 6
            let z = 1e6 + Double(k % 5)
            return [offset + x * 0.37, y, z]
        }
    }

    func close(_ a: RunningMoments, _ b: RunningMoments, _ tolerance: Double = 1e-10) -> Bool {
        a.count == b.count && zip(a.mean + a.m2, b.mean + b.m2).allSatisfy { abs($0 - $1) <= tolerance * max(1, abs($1)) }
    }

    @Test func mergingSplitsEqualsOnePass() {
        let a = data(17, offset: 0), b = data(5, offset: 100), c = data(1, offset: -3)
        let whole = RunningMoments(samples: a + b + c)
        let parts = [a, b, c].map { RunningMoments(samples: $0) }
        #expect(close(parts[0].merged(with: parts[1]).merged(with: parts[2]), whole))
        #expect(close(parts[2].merged(with: parts[0].merged(with: parts[1])), whole))
        // Population variance, as Baselines' RunningMeanStd keeps it.
        let x = [1.0, 2, 3, 4]
        let m = RunningMoments(samples: x.map { [$0] })
        #expect(m.mean == [2.5] && m.variance == [1.25])
        #expect(RunningMoments(count: 4, mean: [2.5], variance: [1.25]) == m)
    }

    @Test func emptySummariesAreNeutral() {
        let m = RunningMoments(samples: data(4, offset: 1))
        #expect(m.merged(with: RunningMoments(dimension: 3)) == m)
        #expect(RunningMoments(dimension: 3).merged(with: m) == m)
        #expect(RunningMoments(dimension: 2).variance == [0, 0])
    }

    @Test func oneRankMergesToItself() throws {
        let m = RunningMoments(samples: data(6, offset: 2))
        #expect(try SingleProcessCommunicator().mergeMoments(m) == m)
    }
}
