import CredoPlot
import CredoStatistics
import Foundation

/// The report's files: `sweep.json`, `sweep.md` and the figures (`figures/curves-<env>.svg`:
/// learning curves and policy-gradient log-variance, IQM over seeds with the 95% interval as
/// faint lines; `figures/profiles-<env>.svg`: performance profiles of the final return).
extension SweepReport {
    /// Writes every file into `sweep`; returns their paths.
    @discardableResult
    public func write(to sweep: String) throws(SweepError) -> [String] {
        var written: [String] = []
        func save(_ text: String, _ name: String) throws(SweepError) {
            let path = sweep + "/" + name
            do {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw .fileSystem(path, error.localizedDescription)
            }
            written.append(path)
        }
        let json: Data
        do { json = try self.json() } catch { throw .fileSystem(sweep + "/sweep.json", "\(error)") }
        try save(String(decoding: json, as: UTF8.self) + "\n", "sweep.json")
        try save(markdown(), "sweep.md")
        for environment in environments {
            try save(curvesFigure(environment), "figures/curves-\(environment).svg")
            if profiles.contains(where: { $0.environment == environment }) {
                try save(profilesFigure(environment), "figures/profiles-\(environment).svg")
            }
        }
        return written
    }

    var environments: [String] {
        var seen = Set<String>()
        return cells.map(\.environment).filter { seen.insert($0).inserted }
    }

    /// `sweep.md`: one table per environment, then the probabilities of improvement.
    public func markdown() -> String {
        func number(_ value: Double) -> String {
            abs(value) >= 1000 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.3g", value)
        }
        func interval(_ estimate: StratifiedBootstrap.Estimate?) -> String {
            estimate.map { "\(number($0.point)) [\(number($0.lower)), \(number($0.upper))]" } ?? "–"
        }
        func spread(_ spread: Spread?, unit: String = "") -> String {
            spread.map { "\(number($0.median))\(unit) (IQR \(number($0.q25))–\(number($0.q75)))" } ?? "–"
        }
        var text = """
        # Sweep report

        Regenerate with `rl-sweep report <folder>`. Success: the mean return of \(window) consecutive episodes reaches \
        the goal; its interval is Wilson's (95%). Episodes, steps and wall-clock to the goal: median and interquartile range \
        over the runs that reached it. Final return: mean of each run's last \(window) episodes; AUC: mean of the \
        rolling-\(window) return over \(Self.gridPoints) evenly spaced steps of the budget; both as the interquartile mean \
        over seeds with a 95% stratified-bootstrap interval (\(resamples) resamples, rliable's definitions). \
        PG log-variance: each run's mean of `pg_log_variance` over its updates, as the same IQM.


        """
        for environment in environments {
            text += "## \(environment) (goal \(goals[environment].map(number) ?? "none"))\n\n"
            text += "| estimator | runs | success (95% CI) | episodes to goal | steps to goal | wall-clock to goal | final return IQM [95% CI] | "
                + "AUC return IQM [95% CI] | PG log-variance IQM [95% CI] | notes |\n"
            text += "|---|---|---|---|---|---|---|---|---|---|\n"
            for cell in cells where cell.environment == environment {
                let success = cell.success.map { "\($0.successes)/\($0.trials) [\(number($0.lower)), \(number($0.upper))]" } ?? "–"
                var notes: [String] = []
                if let skipped = cell.skipped { notes.append("skipped: \(skipped)") }
                if !cell.failed.isEmpty { notes.append("\(cell.failed.count) failed: \(cell.failed[0])") }
                if cell.stoppedAtGoal > 0 { notes.append("\(cell.stoppedAtGoal) stopped at the goal") }
                if cell.finished < cell.runs { notes.append("\(cell.runs - cell.finished) unfinished") }
                text += "| \(cell.estimator) | \(cell.runs)/\(cell.seeds) | \(success) | \(spread(cell.episodesToGoal)) | \(spread(cell.stepsToGoal)) | "
                    + "\(spread(cell.wallSecondsToGoal, unit: " s")) | \(interval(cell.finalReturn)) | \(interval(cell.aucReturn)) | "
                    + "\(interval(cell.meanLogVariance)) | "
                    + "\(notes.joined(separator: "; ").replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
            text += probeTable(environment, interval: interval)
            text += regretTable(environment, interval: interval)
            text += "\n![learning curves](figures/curves-\(environment).svg)\n"
            if profiles.contains(where: { $0.environment == environment }) {
                text += "\n![performance profiles](figures/profiles-\(environment).svg)\n"
            }
            text += "\n"
        }
        if !improvements.isEmpty {
            text += "## Probability of improvement (final return)\n\n| X | Y | P(X > Y) [95% CI] | environments |\n|---|---|---|---|\n"
            for pair in improvements {
                text += "| \(pair.x) | \(pair.y) | \(interval(pair.probability)) | \(pair.environments.joined(separator: ", ")) |\n"
            }
        }
        return text
    }

    /// The across-copies variance probe of `environment`'s runs, when they measured it
    /// (`varianceProbeInterval` > 0): each run's mean over its probed updates, IQM over seeds.
    func probeTable(_ environment: String, interval: (StratifiedBootstrap.Estimate?) -> String) -> String {
        let cells = cells.filter { $0.environment == environment && !$0.probes.isEmpty }
        guard !cells.isEmpty else { return "" }
        var text = "\nAcross-copies PG log-variance (the probe of `varianceProbeInterval`; each run's mean over its probed updates, "
            + "IQM over seeds [95% CI]):\n\n| estimator | across copies | same data, baseline alone (no c_φ) |\n|---|---|---|\n"
        for cell in cells {
            text += "| \(cell.estimator) | \(interval(cell.probes[RunRecord.probeMetrics[0]])) | \(interval(cell.probes[RunRecord.probeMetrics[1]])) |\n"
        }
        return text
    }

    /// The cumulative expected regret of `environment`'s runs by environment steps, when they
    /// report it (the bandits' `regret` metric).
    func regretTable(_ environment: String, interval: (StratifiedBootstrap.Estimate?) -> String) -> String {
        let cells = cells.filter { $0.environment == environment && $0.regret != nil }
        guard let steps = cells.first?.regret?.steps else { return "" }
        var text = "\nCumulative expected regret (Σ over every pull of the best arm's expected reward minus the pulled arm's, all copies), "
            + "by environment steps, IQM over seeds [95% CI]:\n\n| estimator | "
            + steps.map(String.init).joined(separator: " | ") + " |\n|---|" + String(repeating: "---|", count: steps.count) + "\n"
        for cell in cells {
            let curve = cell.regret!
            let values = curve.iqm.indices.map { i -> String in
                guard let point = curve.iqm[i] else { return "–" }
                return interval(StratifiedBootstrap.Estimate(point: point, lower: curve.lower[i] ?? point, upper: curve.upper[i] ?? point))
            }
            text += "| \(cell.estimator) | " + values.joined(separator: " | ") + " |\n"
        }
        return text
    }

    private func curveSeries(_ curve: Curve, name: String, color: String) -> [SVGLinePlot.Series] {
        func points(_ values: [Double?]) -> [(x: Double, y: Double)] {
            zip(curve.steps, values).map { (Double($0), $1 ?? .nan) }
        }
        return [SVGLinePlot.Series(name: name, points: points(curve.iqm), color: color, width: 2),
                SVGLinePlot.Series(name: "", points: points(curve.lower), color: color, width: 1, opacity: 0.35),
                SVGLinePlot.Series(name: "", points: points(curve.upper), color: color, width: 1, opacity: 0.35)]
    }

    func curvesFigure(_ environment: String) -> String {
        var returns = SVGLinePlot.Panel(title: "\(environment): return (IQM over seeds, 95% CI)", xLabel: "environment steps",
                                        yLabel: "mean return of 100 episodes")
        var variance = SVGLinePlot.Panel(title: "Policy-gradient log-variance (IQM over seeds, 95% CI)", xLabel: "environment steps",
                                         yLabel: "log variance")
        for (index, cell) in cells.filter({ $0.environment == environment }).enumerated() {
            let color = SVGLinePlot.palette[index % SVGLinePlot.palette.count]
            if let curve = cell.learningCurve { returns.series += curveSeries(curve, name: cell.estimator, color: color) }
            if let curve = cell.logVariance { variance.series += curveSeries(curve, name: cell.estimator, color: color) }
        }
        return SVGLinePlot(panels: [returns, variance]).render()
    }

    func profilesFigure(_ environment: String) -> String {
        var panel = SVGLinePlot.Panel(title: "\(environment): performance profile of the final return (95% CI)",
                                      xLabel: "final return τ", yLabel: "fraction of runs > τ")
        for (index, profile) in profiles.filter({ $0.environment == environment }).enumerated() {
            let color = SVGLinePlot.palette[index % SVGLinePlot.palette.count]
            func points(_ values: [Double]) -> [(x: Double, y: Double)] { Array(zip(profile.thresholds, values)).map { ($0, $1) } }
            panel.series += [SVGLinePlot.Series(name: profile.estimator, points: points(profile.fraction), color: color, width: 2),
                             SVGLinePlot.Series(name: "", points: points(profile.lower), color: color, width: 1, opacity: 0.35),
                             SVGLinePlot.Series(name: "", points: points(profile.upper), color: color, width: 1, opacity: 0.35)]
        }
        return SVGLinePlot(panels: [panel]).render()
    }
}
