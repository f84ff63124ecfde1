import CredoSweep
import Testing

@Suite("Longest-first order of a sweep's runs")
struct LongestFirstQueueTests {
    /// Two slots simulated over runs of known lengths: the order the queue gives and the sweep's
    /// end (makespan).
    static func simulate(_ plan: SweepPlan, length: (SweepCombination) -> Double, slots: Int, plainOrder: Bool = false)
        -> (order: [SweepCombination], makespan: Double) {
        var queue = LongestFirstQueue(plan.combinations)
        var plain = plan.combinations
        var running: [(end: Double, combination: SweepCombination)] = []
        var order: [SweepCombination] = []
        var now = 0.0
        while true {
            while running.count < slots {
                let next = plainOrder ? (plain.isEmpty ? nil : plain.removeFirst()) : queue.next(now: now)
                guard let next else { break }
                order.append(next)
                running.append((now + length(next), next))
            }
            guard let first = running.indices.min(by: { running[$0].end < running[$1].end }) else { break }
            now = running[first].end
            queue.ended(running[first].combination, now: now)
            running.remove(at: first)
        }
        return (order, now)
    }

    @Test func afterOneProbePerCellTheLongestRunsGoFirst() {
        // Runs of 1, 1 and 5 time units (a2c, reinforce, ppo), 3 seeds each, 2 slots: 21 units,
        // at best 10.5 per slot.
        let plan = SweepPlan(environments: ["cartpole"], estimators: ["a2c", "reinforce", "ppo"], seeds: [100, 101, 102], goals: [:])
        let seconds = ["a2c": 1.0, "reinforce": 1.0, "ppo": 5.0]
        let length = { (combination: SweepCombination) in seconds[combination.estimator]! }
        let (order, makespan) = Self.simulate(plan, length: length, slots: 2)
        #expect(order.count == 9 && Set(order) == Set(plan.combinations), "every run once")
        // One probe per cell first, in plan order; once ppo is known to be long its runs go
        // before the short ones, which fill the end.
        #expect(order.prefix(3).map(\.estimator) == ["a2c", "reinforce", "ppo"])
        #expect(order.suffix(2).map(\.estimator) == ["reinforce", "reinforce"])
        #expect(makespan == 11, "within half a unit of the perfect 10.5")
        // Negative control: plan order leaves a ppo run alone at the end: 3 + 5 + 5 = 13.
        #expect(Self.simulate(plan, length: length, slots: 2, plainOrder: true).makespan == 13)
    }

    @Test func aCellStillRunningIsEstimatedByItsElapsedTime() {
        let plan = SweepPlan(environments: ["lunarlander"], estimators: ["a2c", "ppo"], seeds: [1, 2], goals: [:])
        var queue = LongestFirstQueue(plan.combinations)
        let a2c = queue.next(now: 0)!, ppo = queue.next(now: 0)!
        #expect(a2c.estimator == "a2c" && ppo.estimator == "ppo")
        #expect(queue.estimate(a2c, now: 5) == 5 && queue.estimate(ppo, now: 5) == 5)
        queue.ended(a2c, now: 2)
        #expect(queue.estimate(a2c, now: 5) == 2, "the mean of its ended runs")
        // ppo has run 5 s and not ended: longer than a2c's 2 s, so its second seed goes first.
        #expect(queue.next(now: 5)?.estimator == "ppo")
        #expect(queue.next(now: 5)?.estimator == "a2c" && queue.isEmpty)
    }
}
