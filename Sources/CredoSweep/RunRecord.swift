import Foundation

/// What the report needs of one run folder, read from its `metrics.csv` and `config.json`
/// alone: the episodes (step, return), the update rows' policy-gradient log-variance, probes and
/// regret, and the wall-clock at each row.
public struct RunRecord: Sendable {
    public var combination: SweepCombination
    /// The run's step budget (config.json's `totalSteps`).
    public var totalSteps: Int
    /// Every finished episode: the environment step it ended at, its return, the wall-clock then.
    public var episodes: [(step: Int, value: Double, wall: Double?)] = []
    /// `pg_log_variance` of the update rows that have it.
    public var logVariance: [(step: Int, value: Double)] = []
    /// The last row's environment steps.
    public var steps = 0
    /// The number of episodes in the rolling mean that decides the goal and the final return
    /// (the plan's `window`).
    public var window = 100
    /// config.json's `stopAtReturn`: the run ended early once its rolling-100 mean reached it.
    public var stopAtReturn: Double?
    /// The values of each of `probeMetrics` found in the update rows' `extra` column.
    public var probes: [String: [Double]] = [:]
    /// The cumulative expected regret after each update row with a `regret` in `extra` (the
    /// bandits: each row holds its update's regret, summed here in order).
    public var regret: [(step: Int, value: Double)] = []

    /// The `extra` metrics of the across-copies variance probe (`varianceProbeInterval`): the
    /// log-variance of the policy gradient across the copies of one update, and the same on the
    /// same data with the baseline alone (RELAX without its c_φ: A2C's estimator).
    public static let probeMetrics = ["pg_log_variance_across_copies", "pg_log_variance_across_copies_without_control_variate"]

    /// Reads `<sweep>/<combination's folder>`; nil when it holds no metrics.csv yet.
    public static func read(sweep: String, combination: SweepCombination, window: Int = 100) throws(SweepError) -> RunRecord? {
        let folder = sweep + "/" + combination.relativePath
        guard let text = try? String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8) else { return nil }
        let config = FileManager.default.contents(atPath: folder + "/config.json")
            .flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
        var record = RunRecord(combination: combination, totalSteps: (config?["totalSteps"] as? NSNumber)?.intValue ?? 0)
        record.window = max(1, window)
        record.stopAtReturn = (config?["stopAtReturn"] as? NSNumber)?.doubleValue
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast()  // empty, or a torn last row
        guard let header = lines.first?.split(separator: ",").map(String.init),
              let kind = header.firstIndex(of: "kind"), let steps = header.firstIndex(of: "env_steps"),
              let value = header.firstIndex(of: "episode_return"), let variance = header.firstIndex(of: "pg_log_variance") else {
            throw .invalidSweep(sweep, "\(folder)/metrics.csv has no Credo metrics header")
        }
        let wall = header.firstIndex(of: "wall_seconds")
        let extra = header.firstIndex(of: "extra")
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == header.count, let step = Int(fields[steps]) else { continue }
            record.steps = max(record.steps, step)
            if fields[kind] == "episode", let value = Double(fields[value]) {
                record.episodes.append((step, value, wall.flatMap { Double(fields[$0]) }))
            } else if fields[kind] == "update", let value = Double(fields[variance]), value.isFinite {
                record.logVariance.append((step, value))
            }
            if fields[kind] == "update", let extra, !fields[extra].isEmpty {
                // `name=value` pairs joined by `;` (MetricsLog).
                for pair in fields[extra].split(separator: ";") {
                    let parts = pair.split(separator: "=", maxSplits: 1)
                    guard parts.count == 2, let value = Double(parts[1]), value.isFinite else { continue }
                    if Self.probeMetrics.contains(String(parts[0])) {
                        record.probes[String(parts[0]), default: []].append(value)
                    } else if parts[0] == "regret" {
                        record.regret.append((step, (record.regret.last?.value ?? 0) + value))
                    }
                }
            }
        }
        return record
    }

    /// The rolling mean of the last `window` returns after each episode (fewer before `window`
    /// episodes), with its step and wall-clock. Each mean is the sum of the window's returns in
    /// order divided by their count, as rl-train's `EpisodeWindow` computes it, so a run that
    /// stopped at its goal reaches the goal here at the same episode, to the bit.
    public var rollingMeans: [(step: Int, value: Double, wall: Double?)] {
        episodes.indices.map { index in
            let first = max(0, index + 1 - window)
            let sum = episodes[first...index].reduce(0) { $0 + $1.value }
            return (episodes[index].step, sum / Double(index + 1 - first), episodes[index].wall)
        }
    }

    /// The first point where the mean of the last `window` returns (`window` episodes at least)
    /// reaches `goal`: its step, wall-clock and the episodes finished by then; nil when never.
    public func goalReached(_ goal: Double) -> (step: Int, wall: Double?, episodes: Int)? {
        rollingMeans.enumerated().first { $0.offset + 1 >= window && $0.element.value >= goal }
            .map { ($0.element.step, $0.element.wall, $0.offset + 1) }
    }

    /// The mean of the run's policy-gradient log-variance over its update rows
    /// (1/U Σ_u `pg_log_variance`_u); nil when no row has one.
    public var meanLogVariance: Double? {
        logVariance.isEmpty ? nil : logVariance.reduce(0) { $0 + $1.value } / Double(logVariance.count)
    }

    /// The mean of a probe metric (one of `probeMetrics`) over the updates that measured it.
    public func meanProbe(_ name: String) -> Double? {
        guard let values = probes[name], !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// Whether the run ended early at its `stopAtReturn` (rl-train's rolling-100 rule): its
    /// curve then holds its last value to the end of the budget.
    public var stoppedAtGoal: Bool {
        guard let stopAtReturn, window == 100, let last = rollingMeans.last else { return false }
        return episodes.count >= window && last.value >= stopAtReturn
    }

    /// The mean return of the last `window` episodes (fewer when the run has fewer); nil without episodes.
    public var finalReturn: Double? { rollingMeans.last?.value }

    /// The rolling mean at each of `grid`'s steps (the last value at or before it; nil before
    /// the first episode or past the run's last row, unless the run stopped at its goal: then
    /// the goal's value holds to the end of the budget).
    public func curve(at grid: [Int]) -> [Double?] {
        let means = rollingMeans
        var index = 0
        let holdsToTheEnd = stoppedAtGoal
        return grid.map { step in
            guard step <= steps || (holdsToTheEnd && step <= totalSteps) else { return nil }
            while index < means.count && means[index].step <= step { index += 1 }
            return index == 0 ? nil : means[index - 1].value
        }
    }

    /// `pg_log_variance` at each of `grid`'s steps (the last value at or before it).
    public func logVariance(at grid: [Int]) -> [Double?] { lastValues(of: logVariance, at: grid) }

    /// The cumulative regret at each of `grid`'s steps (the last value at or before it); nil
    /// everywhere for a run that reports no regret.
    public func cumulativeRegret(at grid: [Int]) -> [Double?] { lastValues(of: regret, at: grid) }

    /// A series' last value at or before each of `grid`'s (ascending) steps; nil before its
    /// first point and past the run's last row.
    func lastValues(of series: [(step: Int, value: Double)], at grid: [Int]) -> [Double?] {
        var index = 0
        return grid.map { step in
            guard step <= steps else { return nil }
            while index < series.count && series[index].step <= step { index += 1 }
            return index == 0 ? nil : series[index - 1].value
        }
    }

    /// The normalised area under the learning curve: the mean of the rolling mean return over
    /// the points of `grid` within the run's budget (points before the first episode count as the
    /// first rolling mean); nil without episodes.
    public func areaUnderCurve(grid: [Int]) -> Double? {
        // Over the run's own budget: a cell whose preset budget is shorter than another's in the
        // same environment (a2c's 300 k beside ppo's 500 k) is not scored past its end.
        let own = totalSteps > 0 ? grid.filter { $0 <= totalSteps } : grid
        let values = curve(at: own.isEmpty ? grid : own)
        guard let first = rollingMeans.first?.value else { return nil }
        let filled = values.map { $0 ?? first }
        return filled.reduce(0, +) / Double(filled.count)
    }
}
