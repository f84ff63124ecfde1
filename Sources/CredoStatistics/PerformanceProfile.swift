/// Score distributions, rliable's performance profiles (`create_performance_profile` with
/// `use_score_distribution=True`): at each threshold τ, the fraction of all runs of all tasks
/// whose score exceeds τ, F(τ) = (1/N) Σ 𝟙[xᵢ > τ], with a stratified-bootstrap band.
public enum PerformanceProfile {
    /// F(τ) for every τ of `thresholds`, over the flattened `scores[task][run]`.
    public static func fractionAbove(_ scores: [[Double]], thresholds: [Double]) -> [Double] {
        let all = scores.flatMap { $0 }
        return thresholds.map { tau in Double(all.count { $0 > tau }) / Double(all.count) }
    }

    /// F(τ) with its percentile interval at every threshold.
    public static func estimate(_ scores: [[Double]], thresholds: [Double], bootstrap: StratifiedBootstrap)
        -> [StratifiedBootstrap.Estimate] {
        bootstrap.estimates(scores) { fractionAbove($0, thresholds: thresholds) }
    }

    /// `count` thresholds evenly spaced from the lowest to the highest score.
    public static func thresholds(spanning scores: [[Double]], count: Int = 101) -> [Double] {
        let all = scores.flatMap { $0 }
        guard let low = all.min(), let high = all.max(), count >= 2 else { return all.isEmpty ? [] : [all[0]] }
        return (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
    }
}
