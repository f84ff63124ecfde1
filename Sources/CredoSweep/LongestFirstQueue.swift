import Foundation

/// The order in which a sweep starts its runs: longest first, learned as it goes.
///
/// With J slots, a sweep ends when its last run ends; if the longest runs come last (plan order
/// puts `ppo`, 5× the cost of `a2c` per step, after it) one slot idles while the other finishes
/// them, and the speed-up of J slots falls short of J. Graham's LPT rule (longest processing time
/// first) bounds the makespan by 4/3 of the optimum; the cost of a run is not known in advance, so
/// it is estimated per cell (environment × estimator, whose runs share a budget and a network):
///
///     estimate(cell) = +∞                       no run of the cell has started (probe it first)
///                    = mean duration of its      some have ended
///                      ended runs
///                    = the longest elapsed time  its runs have started but none has ended
///                      of its running runs       (a lower bound)
///
/// `next` takes the queued run whose cell has the largest estimate, plan order breaking ties, so
/// the first runs are one probe per cell and the rest go longest first; the short runs fill the
/// end. The order changes nothing a run computes.
public struct LongestFirstQueue {
    /// The runs not yet started, in plan order.
    public private(set) var queued: [SweepCombination]
    private var ended: [String: [Double]] = [:]
    private var running: [SweepCombination: Double] = [:]

    public init(_ combinations: [SweepCombination]) { queued = combinations }

    public var isEmpty: Bool { queued.isEmpty }

    static func cell(_ combination: SweepCombination) -> String { combination.environment + "/" + combination.estimator }

    /// The estimated duration of `combination`'s cell at time `now` (seconds).
    public func estimate(_ combination: SweepCombination, now: Double) -> Double {
        let cell = Self.cell(combination)
        if let durations = ended[cell], !durations.isEmpty { return durations.reduce(0, +) / Double(durations.count) }
        let elapsed = running.filter { Self.cell($0.key) == cell }.map { now - $0.value }
        return elapsed.max() ?? .infinity
    }

    /// Removes and returns the queued run to start now; nil when none is queued.
    public mutating func next(now: Double) -> SweepCombination? {
        guard !queued.isEmpty else { return nil }
        var best = 0
        var bestEstimate = estimate(queued[0], now: now)
        for index in queued.indices.dropFirst() {
            let value = estimate(queued[index], now: now)
            if value > bestEstimate { (best, bestEstimate) = (index, value) }
        }
        let combination = queued.remove(at: best)
        running[combination] = now
        return combination
    }

    /// Records that `combination` (returned by `next`) ended at `now`.
    public mutating func ended(_ combination: SweepCombination, now: Double) {
        guard let start = running.removeValue(forKey: combination) else { return }
        ended[Self.cell(combination), default: []].append(now - start)
    }

    /// Drops every queued run (an interrupt: nothing new starts).
    public mutating func removeAll() { queued.removeAll() }
}
