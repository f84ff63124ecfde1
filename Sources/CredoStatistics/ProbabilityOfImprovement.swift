/// The probability of improvement of algorithm X over Y, rliable's
/// `probability_of_improvement`: per task, P(X > Y) = U / (m n), where U is the Mann-Whitney
/// statistic of X's m runs against Y's n runs, U = Σᵢ Σⱼ S(xᵢ, yⱼ) with S = 1 when xᵢ > yⱼ,
/// ½ when equal, 0 otherwise; a task whose two score lists are identical counts ½. The result
/// is the mean over tasks.
public enum ProbabilityOfImprovement {
    /// P(X > Y) over `x[task][run]` and `y[task][run]` (the same tasks, in the same order).
    public static func of(_ x: [[Double]], over y: [[Double]]) -> Double {
        precondition(x.count == y.count && !x.isEmpty, "X and Y need the same, non-empty list of tasks")
        var total = 0.0
        for (xs, ys) in zip(x, y) {
            precondition(!xs.isEmpty && !ys.isEmpty, "every task needs runs of both algorithms")
            if xs == ys {
                total += 0.5
                continue
            }
            var u = 0.0
            for a in xs {
                for b in ys { u += a > b ? 1 : (a == b ? 0.5 : 0) }
            }
            total += u / Double(xs.count * ys.count)
        }
        return total / Double(x.count)
    }

    /// The point estimate and a stratified-bootstrap interval: runs of X and of Y resampled
    /// independently within each task (rliable's paired bootstrap over two score matrices).
    public static func estimate(_ x: [[Double]], over y: [[Double]], bootstrap: StratifiedBootstrap)
        -> StratifiedBootstrap.Estimate {
        // Resample X and Y as one set of strata: tasks of X, then tasks of Y.
        let joined = x + y
        return bootstrap.estimate(joined) { sample in
            of(Array(sample[0..<x.count]), over: Array(sample[x.count...]))
        }
    }
}
