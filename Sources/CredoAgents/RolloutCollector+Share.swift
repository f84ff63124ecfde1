import CredoSCG
import CredoTensor

extension RolloutCollector {
    /// One action per copy for normalised observations `input` [count, o], with the log-probability
    /// of each and what the estimator recorded ([1, count] + shape per name).
    ///
    /// Without a `share` this is one draw over the copies. With one (the run's copies split over
    /// the ranks), the draw is over all `total` copies of the run: this rank's rows sit at
    /// `first ..< first + count` of a [total, o] input whose other rows are zeros, and only this
    /// rank's rows are kept. A draw's use of the generator depends on the batch's shape alone
    /// (inverse-CDF sampling takes one uniform per row, a Gaussian one normal per coordinate), so
    /// every rank advances the shared agent stream exactly as the one-rank run does, and row
    /// `first + b` of the draw is the one-rank run's draw for copy `first + b`. The policy's
    /// forward pass costs `total` rows instead of `count`.
    func draw<P: Policy>(_ policy: P, input: Tensor, estimator: any GradientEstimator, using rng: inout RandomGenerator)
        -> (actions: Tensor, logProbs: [Float], noise: [String: Tensor]) {
        guard let share else {
            let distribution = policy.distribution(input)
            let record = distribution.draw(with: estimator, using: &rng)
            let chosen = distribution.actionRows(record.values)
            return (chosen, distribution.logProbabilityScalars(chosen), record.noise)
        }
        let (n, o) = (count, observationSize)
        var padded = [Float](repeating: 0, count: share.total * o)
        let own = input.scalars
        for j in 0..<(n * o) { padded[share.first * o + j] = own[j] }
        let distribution = policy.distribution(Tensor(shape: [share.total, o], scalars: padded))
        let record = distribution.draw(with: estimator, using: &rng)
        let all = distribution.actionRows(record.values)
        let k = all.count / share.total
        let chosen = Tensor(shape: [n, k], scalars: Array(all.scalars[(share.first * k)..<((share.first + n) * k)]))
        let logProbs = Array(distribution.logProbabilityScalars(all)[share.first..<(share.first + n)])
        var noise: [String: Tensor] = [:]
        for (name, t) in record.noise { noise[name] = Self.rows(of: t, first: share.first, count: n) }
        return (chosen, logProbs, noise)
    }

    /// Rows `first ..< first + count` of axis 1 of a [1, total, ...] tensor.
    static func rows(of t: Tensor, first: Int, count: Int) -> Tensor {
        precondition(t.shape.count >= 2 && t.shape[0] == 1, "an estimator's record has shape \(t.shape); expected [1, N, …]")
        let width = t.shape.dropFirst(2).reduce(1, *)
        let scalars = Array(t.scalars[(first * width)..<((first + count) * width)])
        return Tensor(shape: [1, count] + Array(t.shape.dropFirst(2)), scalars: scalars)
    }
}
