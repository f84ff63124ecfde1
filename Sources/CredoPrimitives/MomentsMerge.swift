/// Chan, Golub and LeVeque's (1979) pairwise merge of two summaries of a stream, one coordinate:
/// for (n_a, μ_a, M2_a) and (n_b, μ_b, M2_b), with M2 = Σ (x − μ)², n = n_a + n_b and
/// δ = μ_b − μ_a,
///
///     μ  = μ_a + δ n_b / n
///     M2 = M2_a + M2_b + δ² n_a n_b / n
///
/// Welford's update is the case n_b = 1, M2_b = 0. The one implementation of the merge:
/// `RunningMeanStd` (observation and reward normalisers, which store σ² = M2 / n) and
/// `RunningMoments` (the ranks' statistics in a data-parallel run) both fold through it.
public enum MomentsMerge {
    /// The merged (mean, M2) of one coordinate; the count is n_a + n_b. Both counts may be
    /// fractional (a normaliser's prior pseudo-count) but not both zero.
    @inlinable
    public static func merged(count nA: Double, mean meanA: Double, m2 m2A: Double,
                              with nB: Double, mean meanB: Double, m2 m2B: Double) -> (mean: Double, m2: Double) {
        let n = nA + nB
        let delta = meanB - meanA
        return (meanA + delta * nB / n, m2A + m2B + delta * delta * nA * nB / n)
    }
}
