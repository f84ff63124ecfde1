import CredoDistributed
import CredoTensor

/// Whether a run's environment copies are split over the ranks (`TrainingConfig.environmentSplit`).
public enum EnvironmentSplit: String, CaseIterable, Codable, Sendable {
    /// Split when the world size N divides the copy count n and the rollouts have fixed length.
    case auto
    /// Split, or refuse to start (N does not divide n, whole-episode rollouts, a `gym:` environment).
    case on
    /// Every rank runs its own n copies (the global batch is N·n).
    case off
}

/// The copies one rank runs: `first ..< first + count` of the run's `total`.
///
/// Split (strong scaling): rank r of N runs copies r·n/N ..< (r+1)·n/N of the one-rank run's n,
/// each seeded as there (`VectorEnvironment`'s split `first + b` of the environment seed), and
/// every rank draws its actions and PPO's shuffles from the one-rank run's agent stream, so the
/// union of the ranks' rollouts is the one-rank run's rollout. Every statistic that crosses
/// copies is then made global: gradients are averaged weighted by each rank's rows (a mean over
/// the union), advantages are standardised with the moments of the union (every rank holds every
/// rank's advantages, gathered once per update, and computes them as the one-rank run does), PPO's
/// minibatches are the one-rank run's (each rank takes the rows it owns of each), the target-KL
/// test uses the row-weighted mean. Not split: every rank runs n copies of its own streams.
public struct EnvironmentShare: Equatable, Sendable {
    public var rank: Int
    public var ranks: Int
    /// The run's copies n (`environmentCount`).
    public var total: Int
    /// This rank's first copy and its number of copies.
    public var first: Int
    public var count: Int
    /// Whether the copies are split over several ranks.
    public var isSplit: Bool

    /// The share `split` asks for, with `ranks` ranks; `wholeEpisodes` when the rollouts are whole
    /// episodes (of unequal lengths) and `bridged` for a `gym:` environment (seeded by Gymnasium).
    public init(config: TrainingConfig, rank: Int, ranks: Int, wholeEpisodes: Bool, bridged: Bool) throws {
        let n = config.environmentCount
        self.rank = rank
        self.ranks = ranks
        total = n
        first = 0
        count = n
        isSplit = false
        guard ranks > 1, config.environmentSplit != .off else { return }
        var obstacle: String?
        if n % ranks != 0 {
            obstacle = "environmentCount \(n) does not divide evenly over \(ranks) ranks (use a multiple of \(ranks), "
                + "e.g. \(max(ranks, n / ranks * ranks)) or \((n / ranks + 1) * ranks))"
        } else if wholeEpisodes {
            obstacle = "whole-episode rollouts end at different steps on different ranks (set episodicRollouts false, "
                + "or use an estimator that takes fixed-length rollouts)"
        } else if bridged {
            obstacle = "gym: environments are seeded by Gymnasium, which cannot start at another copy's stream"
        }
        if let obstacle {
            guard config.environmentSplit == .auto else {
                throw ActorCriticError.invalidConfiguration("environmentSplit on cannot split the copies: \(obstacle); "
                    + "valid choices: auto (split when possible), off (each rank runs its own \(n) copies)")
            }
            return
        }
        count = n / ranks
        first = rank * count
        isSplit = true
    }

    /// The local rows of the one-rank rollout's rows `global` that this rank owns, in the order
    /// given: global row t·total + c is local row t·count + (c − first) for c in first ..< first + count.
    public func localRows(_ global: ArraySlice<Int>) -> [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(global.count / max(ranks, 1) + 1)
        for g in global {
            let (t, c) = g.quotientAndRemainder(dividingBy: total)
            if c >= first && c < first + count { rows.append(t * count + c - first) }
        }
        return rows
    }
}

extension ActorCritic {
    /// Every rank's advantages Â = Ĝ − V and mask of an update, in the one-rank rollout's row
    /// order (global row t·total + c): one allgather per update, after which each rank computes
    /// any minibatch's standardisation alone.
    func gatheredAdvantages(_ advantages: [Double], mask: [Float]) throws -> (advantages: [Double], mask: [Float]) {
        let share = environmentShare
        let all = try communicator.allgather(advantages + mask.map(Double.init))
        let rows = advantages.count, steps = rows / share.count
        var x = [Double](repeating: 0, count: rows * share.ranks), m = [Float](repeating: 0, count: rows * share.ranks)
        for (rank, values) in all.enumerated() {
            guard values.count == 2 * rows else {
                throw CommunicatorError.countMismatch(operation: "advantages", counts: all.map { $0.count / 2 })
            }
            for t in 0..<steps {
                for b in 0..<share.count {
                    let local = t * share.count + b, global = t * share.total + rank * share.count + b
                    x[global] = values[local]
                    m[global] = Float(values[rows + local])
                }
            }
        }
        return (x, m)
    }

    /// The mean and population standard deviation `standardized` uses, over `rows` of the
    /// gathered advantages in that order (so the same bits as the one-rank run's); nil when
    /// fewer than two rows count (standardisation then leaves the advantages alone).
    static func advantageMoments(_ gathered: (advantages: [Double], mask: [Float]), rows: some Collection<Int>)
        -> (mean: Double, std: Double)? {
        let kept = rows.filter { gathered.mask[$0] > 0 }.map { gathered.advantages[$0] }
        guard kept.count > 1 else { return nil }
        let m = kept.reduce(0, +) / Double(kept.count)
        let s = (kept.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(kept.count)).squareRoot()
        return (m, s)
    }

    /// The row-weighted mean of a per-rank mean (approximate KL) over the ranks.
    func rowWeightedMeanAcrossRanks(_ value: Double) throws -> Double {
        var sums = [value * Double(splitRowWeight), Double(splitRowWeight)]
        try communicator.allreduce(&sums, .sum)
        return sums[1] > 0 ? sums[0] / sums[1] : 0
    }

    /// Every rank's episodes of one update in the one-rank run's order (by step, then by copy),
    /// each with its one-rank environment step: stepsBefore + t·total + copy + 1.
    func splitEpisodes(_ gathered: GatheredEpisodes, stepsBefore: Int) -> [(episode: RolloutEpisode, environmentStep: Int)] {
        let share = environmentShare
        return gathered.episodes
            .map { (rank, e) -> (RolloutEpisode, Int) in
                var e = e
                e.environment += rank * share.count
                return (e, e.stepInRollout * share.total + e.environment)
            }
            .sorted { $0.1 < $1.1 }
            .map { ($0.0, stepsBefore + $0.1 + 1) }
    }
}
