import CredoStatistics
import CredoTestSupport
import Foundation
import Testing

/// CredoStatistics against rliable itself (PyPI's `rliable`, in `.build/test-venv`) on the same
/// scores: IQM and probability of improvement exactly (to rounding), the stratified-bootstrap
/// interval ends within the Monte Carlo error of `resamples` resamples, measured from rliable's
/// own spread over several seeds.
@Suite("Statistics against rliable", .enabled(if: Python.testsRun(needing: "rliable.library"), Python.skipMessage("rliable")))
struct RliableAgreementTests {
    /// Three tasks on very different scales, 7 runs of X and 5 of Y each, ties included.
    static let x: [[Double]] = [
        [0.1, 0.4, 0.35, 0.8, 0.05, 0.6, 0.4],
        [10, 12, 9, 30, 11, 10.5, 12],
        [200, 450, 475, 500, 120, 330, 470],
    ]
    static let y: [[Double]] = [
        [0.2, 0.4, 0.1, 0.3, 0.25],
        [8, 12, 9, 7.5, 14],
        [150, 475, 300, 90, 410],
    ]
    static let resamples = 1_000
    static let pythonSeeds = 8

    struct Reference: Decodable {
        let iqm_x: Double
        let iqm_y: Double
        let poi_xy: Double
        let poi_yx: Double
        let poi_same: Double
        let profile_x: [Double]
        let lower: [Double]  // IQM interval ends of X, one per seed
        let upper: [Double]
    }

    static let script = """
    import json, sys
    import numpy as np
    from rliable import library as rly, metrics
    data = json.load(sys.stdin)
    x = np.array(data["x"]).T  # rliable's runs x tasks
    y = np.array(data["y"]).T
    iqm = lambda s: np.array([metrics.aggregate_iqm(s)])
    lower, upper = [], []
    for seed in range(data["seeds"]):
        _, ci = rly.get_interval_estimates({"x": x}, iqm, reps=data["reps"], random_state=np.random.RandomState(seed))
        lower.append(float(ci["x"][0][0])); upper.append(float(ci["x"][1][0]))
    profile, _ = rly.create_performance_profile({"x": x}, np.array(data["taus"]), reps=10)
    print(json.dumps({
        "iqm_x": float(metrics.aggregate_iqm(x)), "iqm_y": float(metrics.aggregate_iqm(y)),
        "poi_xy": float(metrics.probability_of_improvement(x[:5], y)),
        "poi_yx": float(metrics.probability_of_improvement(y, x[:5])),
        "poi_same": float(metrics.probability_of_improvement(y, y)),
        "profile_x": [float(v) for v in profile["x"]], "lower": lower, "upper": upper}))
    """

    static let taus: [Double] = [0, 0.4, 10, 12, 400, 475, 600]

    /// rliable's numbers, computed once for both tests (starting Python with rliable takes seconds).
    static let cached: Result<Reference, any Error> = Result { try computeReference() }

    static func reference() throws -> Reference { try cached.get() }

    static func computeReference() throws -> Reference {
        try Python.require("rliable.library")
        let input = try JSONSerialization.data(withJSONObject: [
            "x": x, "y": y, "reps": resamples, "seeds": pythonSeeds, "taus": taus,
        ] as [String: Any])
        return try JSONDecoder().decode(Reference.self, from: try Python.runScript(script, input: input))
    }

    @Test func pointEstimatesEqualRliables() throws {
        let reference = try Self.reference()
        #expect(abs(Aggregate.interquartileMean(Self.x) - reference.iqm_x) <= 1e-12 * abs(reference.iqm_x))
        #expect(abs(Aggregate.interquartileMean(Self.y) - reference.iqm_y) <= 1e-12 * abs(reference.iqm_y))
        let xFive = Self.x.map { Array($0.prefix(5)) }
        #expect(abs(ProbabilityOfImprovement.of(xFive, over: Self.y) - reference.poi_xy) <= 1e-14)
        #expect(abs(ProbabilityOfImprovement.of(Self.y, over: xFive) - reference.poi_yx) <= 1e-14)
        #expect(ProbabilityOfImprovement.of(Self.y, over: Self.y) == reference.poi_same)
        #expect(PerformanceProfile.fractionAbove(Self.x, thresholds: Self.taus) == reference.profile_x)
        // Negative control: the plain mean is not the IQM here.
        #expect(abs(Aggregate.mean(Self.x) - reference.iqm_x) > 1)
    }

    /// rliable's ends vary with its seed by their Monte Carlo standard deviation s; ours is one
    /// more draw of the same distribution, so it lies within 4 s·√(1 + 1/K) of the mean of K of
    /// rliable's (K = 8 seeds), unless the two resample differently.
    @Test func bootstrapIntervalEndsAgreeWithinMonteCarloError() throws {
        let reference = try Self.reference()
        func withinError(_ ours: Double, _ theirs: [Double]) -> (Bool, String) {
            let k = Double(theirs.count)
            let mean = theirs.reduce(0, +) / k
            let sd = (theirs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (k - 1)).squareRoot()
            let bound = 4 * sd * (1 + 1 / k).squareRoot()
            return (abs(ours - mean) <= bound, "ours \(ours), rliable \(mean) ± \(sd) (bound \(bound))")
        }
        let ours = StratifiedBootstrap(resamples: Self.resamples, seed: 7).estimate(Self.x, Aggregate.interquartileMean)
        let lower = withinError(ours.lower, reference.lower), upper = withinError(ours.upper, reference.upper)
        #expect(lower.0, "lower end: \(lower.1)")
        #expect(upper.0, "upper end: \(upper.1)")
        #expect(ours.lower < ours.point && ours.point < ours.upper)
        print("IQM of X: \(ours); rliable's ends \(reference.lower) \(reference.upper)")

        // Negative control: a bootstrap that ignores the tasks (resamples the pooled runs)
        // gives another interval, outside the same bound.
        let pooled = [Self.x.flatMap { $0 }]
        let wrong = StratifiedBootstrap(resamples: Self.resamples, seed: 7).estimate(pooled, Aggregate.interquartileMean)
        #expect(!(withinError(wrong.lower, reference.lower).0 && withinError(wrong.upper, reference.upper).0),
                "the unstratified bootstrap must not pass: \(wrong)")
        print("unstratified: \(wrong)")
    }
}
