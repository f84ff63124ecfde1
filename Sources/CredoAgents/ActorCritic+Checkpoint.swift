import CredoCheckpoint
import CredoEnvironments
import CredoNN
import CredoTensor
import Foundation

/// Checkpoints of an `ActorCritic` run (docs/checkpoints.md):
///
/// - `params/<net>/<parameter>`: "policy", "critic" (V), "control_variate" (RELAX's or LAX's
///   c_φ), "gradient_critic" (Sobolev's Q_φ), "action_value" (a regression-trained Q_φ: mac,
///   reparam-q), with their `Module` names;
/// - `optimizer/<net>/step` and `optimizer/<net>/<slot>/<parameter>`;
/// - `rng/agent`, `rng/env/<i>` (each copy's stream now) and `rng/env_episode_start/<i>` (its
///   stream before the reset of the episode in progress);
/// - `env/<i>/actions` ([n, actionSize], the episode's actions so far), `env/<i>/episode_return`,
///   `env/<i>/episode_length`;
/// - `normalizer/observation/{mean,variance,count}` and `normalizer/reward/...` when observations
///   or rewards are normalised, `env/<i>/discounted_return` (the reward scale's accumulator);
/// - `counters/{environment_steps,episodes,updates}`, `diagnostics/...` (the rolling window and
///   the gradient-variance averages);
/// - root attributes `environment` and `estimator` (the run layer adds the whole configuration as
///   `config`: one writer, `RunCheckpoint.annotate`).
///
/// **Several ranks.** A checkpoint of an N-rank run (N > 1) is taken by every rank together
/// (one allgather of each rank's own state) and holds every rank's generators, episodes in
/// progress and gradient-variance averages: rank 0's under the names above, rank r's under
/// `rank/<r>/` (`rank/1/rng/agent`, `rank/1/env/0/actions`, ...), and the root attribute
/// `world_size`; parameters, optimizer state, normalisers, counters and the window are the same
/// on every rank and saved once. A one-rank checkpoint has neither, so its layout is the
/// single-process one. Restoring needs the same number of ranks (`ActorCriticError.worldSizeMismatch`).
///
/// **Exact resume.** A checkpoint is taken between updates, at a rollout boundary. A vector
/// environment saves only streams, so each copy's physical state (CartPole's state, a time
/// limit's step count, LunarLander's bodies) is rebuilt on restore by replaying its episode in
/// progress from the saved start stream with the saved actions (`EpisodeRecorder`); the
/// replayed stream is checked against `rng/env/<i>`. Everything else the next update reads is
/// saved verbatim, so a restored trainer's next updates are bit-identical to the uninterrupted
/// run's.
///
/// **gym: environments** (`GymVectorEnvironment`) keep their state in Python, which cannot be
/// saved in general: their checkpoints hold no `env/<i>/...` or `rng/env/...` datasets, and on
/// restore every copy's episode in progress restarts from a seeded reset
/// (`RolloutCollector.restartSeed`: the run's seed, the checkpoint's step, the rank); the learner
/// (networks, optimizers, generators, normalisers, counters, window) restores exactly.
extension ActorCritic {
    /// Under several ranks: "split" when the run's copies were split over the ranks, else "per-rank".
    public static let environmentSplitAttribute = "environment_split"

    public func checkpoint() throws -> Checkpoint {
        var c = Checkpoint()
        c.attributes["environment"] = config.environment
        c.attributes["estimator"] = config.estimator.rawValue
        for (name, module, optimizer) in networks { try c.set(network: module, as: name, optimizer: optimizer) }
        try writeRankStreams(into: &c, prefix: "")
        if let s = collector.normalizer {
            for (name, values) in s.namedArrays { try c.set("normalizer/observation/\(name)", values, shape: [values.count]) }
        }
        if let s = collector.rewardNormalizer {
            for (name, values) in s.namedArrays { try c.set("normalizer/reward/\(name)", values, shape: [values.count]) }
        }
        try counters.write(into: &c)
        try c.set(window: window)
        try writeRankDiagnostics(into: &c, prefix: "")
        if isDistributed {
            // Every rank's own state, gathered to every rank (so that every rank holds the same
            // checkpoint and decides the same about it); rank 0 writes it.
            var mine = Checkpoint()
            try writeRankStreams(into: &mine, prefix: "")
            try writeRankDiagnostics(into: &mine, prefix: "")
            let all = try communicator.allgather(RankStateCoding.encode(mine))
            for rank in 1..<all.count {
                for (name, dataset) in try RankStateCoding.decode(all[rank]) { try c.set("rank/\(rank)/\(name)", dataset) }
            }
            c.attributes[Checkpoint.worldSizeAttribute] = "\(communicator.size)"
            c.attributes[Self.environmentSplitAttribute] = environmentShare.isSplit ? "split" : "per-rank"
        }
        return c
    }

    /// What one rank alone keeps: its generators, its copies' episodes in progress, its
    /// gradient-variance averages, under `prefix`.
    func writeRankStreams(into c: inout Checkpoint, prefix: String) throws {
        try c.set("\(prefix)rng/agent", generator: rng)
        try collector.writeEpisodes(into: &c, prefix: prefix, actionSize: policy.actionSize)
    }

    func writeRankDiagnostics(into c: inout Checkpoint, prefix: String) throws {
        try c.set("\(prefix)diagnostics/gradient_mean", gradientVariance.mean, shape: [gradientVariance.mean.count])
        try c.set("\(prefix)diagnostics/gradient_mean_square", gradientVariance.meanSquare,
                  shape: [gradientVariance.meanSquare.count])
        try c.set("\(prefix)diagnostics/gradient_count", scalar: Int64(gradientVariance.count))
    }

    public mutating func restore(from c: Checkpoint) throws {
        let written = c.worldSize
        guard written == communicator.size else {
            throw ActorCriticError.worldSizeMismatch(checkpoint: written, run: communicator.size)
        }
        let p = communicator.rank == 0 ? "" : "rank/\(communicator.rank)/"
        for (what, mine) in [("environment", config.environment), ("estimator", config.estimator.rawValue)] {
            let theirs = try c.attribute(what)
            guard theirs == mine else { throw ActorCriticError.checkpointMismatch("\(what) is \(mine), the checkpoint has \(theirs)") }
        }
        // A split run resumes split and a per-rank run per rank (same world size, checked above).
        let mySplit = environmentShare.isSplit ? "split" : "per-rank"
        if isDistributed, let theirs = c.attributes[Self.environmentSplitAttribute], theirs != mySplit {
            throw ActorCriticError.checkpointMismatch(
                "the checkpoint's \(communicator.size) ranks ran \(theirs == "split" ? "a split of the copies" : "their own copies each"), "
                + "this run's would run \(mySplit == "split" ? "a split" : "their own copies each"); resume with environmentSplit "
                + "\(theirs == "split" ? "on" : "off") (--env-split \(theirs == "split" ? "on" : "off"))")
        }
        let savedCopies = c.names.filter { $0.hasPrefix("\(p)rng/env/") }.count
        // (A bridged gym: vector environment saves no copies: they restart on restore.)
        guard savedCopies == collector.count || collector.builtInEnvironments == nil else {
            throw ActorCriticError.checkpointMismatch("environment count is \(collector.count), the checkpoint has \(savedCopies)")
        }
        for (name, value) in policy.namedParameters {
            let shape = c["params/policy/\(name)"]?.shape
            guard shape == nil || shape! == value.shape else {
                throw ActorCriticError.checkpointMismatch("hidden sizes are \(config.hiddenSizes), but the checkpoint's "
                    + "params/policy/\(name) has shape \(shape!) where this trainer's has \(value.shape)")
            }
        }
        try visitNetworks { name, module, optimizer in try c.load(network: &module, as: name, optimizer: &optimizer) }
        rng = try c.generator("\(p)rng/agent")
        // Rebuild every copy's episode in progress by replay, then check its stream (gym:
        // copies restart from seeded resets instead).
        let policy = self.policy
        let restartSeed = RolloutCollector.restartSeed(runSeed: config.seed, environmentSteps: Int(try c.scalar("counters/environment_steps", as: Int64.self)),
                                                       rank: communicator.rank)
        try collector.restoreEpisodes(from: c, prefix: p, actionSize: policy.actionSize, restartSeed: restartSeed,
                                      environmentAction: { policy.environmentAction($0) })
        if collector.normalizer != nil {
            var arrays: [String: [Double]] = [:]
            for name in ["mean", "variance", "count"] {
                arrays[name] = try c.values("normalizer/observation/\(name)", as: Double.self)
            }
            collector.normalizer = try RunningMeanStd(namedArrays: arrays)
        }
        if collector.rewardNormalizer != nil {
            var arrays: [String: [Double]] = [:]
            for name in ["mean", "variance", "count"] {
                arrays[name] = try c.values("normalizer/reward/\(name)", as: Double.self)
            }
            collector.rewardNormalizer = try RunningMeanStd(namedArrays: arrays)
        }
        counters = try TrainingCounters(checkpoint: c)
        window = try c.window(capacity: window.capacity)
        gradientVariance = GradientVarianceTracker(
            decay: config.gradientVarianceDecay,
            mean: try c.values("\(p)diagnostics/gradient_mean", as: Double.self),
            meanSquare: try c.values("\(p)diagnostics/gradient_mean_square", as: Double.self),
            count: Int(try c.scalar("\(p)diagnostics/gradient_count", as: Int64.self)))
    }

    /// Q_φ's checkpoint name: "gradient_critic" when Sobolev-trained, else "action_value".
    var actionValueName: String { estimator.critics.actionValue == .sobolev ? "gradient_critic" : "action_value" }
}
