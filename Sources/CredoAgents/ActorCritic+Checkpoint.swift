import CredoCheckpoint
import CredoEnvironments
import CredoNN
import CredoTensor
import Foundation

/// Checkpoints of an `ActorCritic` run, laid out as DESIGN.md asks:
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
/// - root attributes `config` (the `TrainingConfig` as JSON), `environment`, `estimator`.
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
    public func checkpoint() throws -> Checkpoint {
        var c = Checkpoint()
        let json = try JSONEncoder.sorted.encode(config)
        c.attributes["config"] = String(decoding: json, as: UTF8.self)
        c.attributes["environment"] = config.environment
        c.attributes["estimator"] = config.estimator.rawValue
        try save(policy, optimizer: policyOptimizer, as: "policy", into: &c)
        if let critic, let criticOptimizer { try save(critic, optimizer: criticOptimizer, as: "critic", into: &c) }
        if let controlVariate, let controlVariateOptimizer {
            try save(controlVariate, optimizer: controlVariateOptimizer, as: "control_variate", into: &c)
        }
        if let actionValue, let actionValueOptimizer {
            try save(actionValue, optimizer: actionValueOptimizer, as: actionValueName, into: &c)
        }
        try writeRankStreams(into: &c, prefix: "")
        if let s = collector.normalizer {
            for (name, values) in s.namedArrays { try c.set("normalizer/observation/\(name)", values, shape: [values.count]) }
        }
        if let s = collector.rewardNormalizer {
            for (name, values) in s.namedArrays { try c.set("normalizer/reward/\(name)", values, shape: [values.count]) }
        }
        try counters.write(into: &c)
        try c.set("diagnostics/recent_returns", window.returns, shape: [window.returns.count])
        try c.set("diagnostics/recent_lengths", window.lengths, shape: [window.lengths.count])
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
            c.attributes[Self.worldSizeAttribute] = "\(communicator.size)"
        }
        return c
    }

    /// The root attribute holding the number of ranks that wrote a checkpoint (absent: one).
    public static let worldSizeAttribute = "world_size"

    /// The number of ranks whose state `checkpoint` holds (1 without the attribute).
    public static func worldSize(of checkpoint: Checkpoint) -> Int {
        checkpoint.attributes[worldSizeAttribute].flatMap { Int($0) } ?? 1
    }

    /// What one rank alone keeps: its generators, its copies' episodes in progress, its
    /// gradient-variance averages, under `prefix`.
    func writeRankStreams(into c: inout Checkpoint, prefix: String) throws {
        try c.set("\(prefix)rng/agent", generator: rng)
        let k = policy.actionSize
        // A bridged vector environment (gym:) saves no episodes: on resume they restart.
        for (i, env) in (collector.builtInEnvironments?.environments ?? []).enumerated() {
            try c.set("\(prefix)rng/env/\(i)", generator: env.rng)
            try c.set("\(prefix)rng/env_episode_start/\(i)", generator: env.episodeStartStream)
            let rows = env.episodeActions.flatMap(Self.actionRow)
            try c.set("\(prefix)env/\(i)/actions", rows, shape: [env.episodeActions.count, k])
            try c.set("\(prefix)env/\(i)/episode_return", scalar: collector.episodeReturns[i])
            try c.set("\(prefix)env/\(i)/episode_length", scalar: Int64(collector.episodeLengths[i]))
            try c.set("\(prefix)env/\(i)/discounted_return", scalar: collector.discountedReturns[i])
        }
    }

    func writeRankDiagnostics(into c: inout Checkpoint, prefix: String) throws {
        try c.set("\(prefix)diagnostics/gradient_mean", gradientVariance.mean, shape: [gradientVariance.mean.count])
        try c.set("\(prefix)diagnostics/gradient_mean_square", gradientVariance.meanSquare,
                  shape: [gradientVariance.meanSquare.count])
        try c.set("\(prefix)diagnostics/gradient_count", scalar: Int64(gradientVariance.count))
    }

    public mutating func restore(from c: Checkpoint) throws {
        let written = Self.worldSize(of: c)
        guard written == communicator.size else {
            throw ActorCriticError.worldSizeMismatch(checkpoint: written, run: communicator.size)
        }
        let p = communicator.rank == 0 ? "" : "rank/\(communicator.rank)/"
        let saved = try JSONDecoder().decode(TrainingConfig.self, from: Data(try c.attribute("config").utf8))
        for (what, mine, theirs) in [("environment", config.environment, saved.environment),
                                     ("estimator", config.estimator.rawValue, saved.estimator.rawValue),
                                     ("hidden sizes", "\(config.hiddenSizes)", "\(saved.hiddenSizes)"),
                                     ("environment count", "\(config.environmentCount)", "\(saved.environmentCount)")]
        where mine != theirs {
            throw ActorCriticError.checkpointMismatch("\(what) is \(mine), the checkpoint has \(theirs)")
        }
        try load(&policy, optimizer: &policyOptimizer, as: "policy", from: c)
        if var critic, var o = criticOptimizer {
            try load(&critic, optimizer: &o, as: "critic", from: c)
            self.critic = critic; criticOptimizer = o
        }
        if var cv = controlVariate, var o = controlVariateOptimizer {
            try load(&cv, optimizer: &o, as: "control_variate", from: c)
            controlVariate = cv; controlVariateOptimizer = o
        }
        if var q = actionValue, var o = actionValueOptimizer {
            try load(&q, optimizer: &o, as: actionValueName, from: c)
            actionValue = q; actionValueOptimizer = o
        }
        rng = try c.generator("\(p)rng/agent")
        if collector.builtInEnvironments == nil {
            // gym: the environments' state lives in Python: episodes restart from seeded resets.
            let steps = Int(try c.scalar("counters/environment_steps", as: Int64.self))
            try collector.restartEpisodes(seed: RolloutCollector.restartSeed(runSeed: config.seed, environmentSteps: steps,
                                                                             rank: communicator.rank))
        } else {
            try restoreEpisodesInProgress(from: c, prefix: p)
        }
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
        window = EpisodeWindow(capacity: window.capacity,
                               returns: try c.values("diagnostics/recent_returns", as: Double.self),
                               lengths: try c.values("diagnostics/recent_lengths", as: Double.self))
        gradientVariance = GradientVarianceTracker(
            decay: config.gradientVarianceDecay,
            mean: try c.values("\(p)diagnostics/gradient_mean", as: Double.self),
            meanSquare: try c.values("\(p)diagnostics/gradient_mean_square", as: Double.self),
            count: Int(try c.scalar("\(p)diagnostics/gradient_count", as: Int64.self)))
    }

    /// Rebuilds every copy's episode in progress by replay (Credo's own environments), then
    /// checks its stream.
    mutating func restoreEpisodesInProgress(from c: Checkpoint, prefix p: String) throws {
        var envs = collector.builtInEnvironments!.environments
        let (o, k) = (collector.observationSize, policy.actionSize)
        var observations = [Float](repeating: 0, count: envs.count * o)
        for i in envs.indices {
            let rows = try c.values("\(p)env/\(i)/actions", as: Float.self)
            let actions = stride(from: 0, to: rows.count, by: k).map { policy.environmentAction(rows[$0..<($0 + k)]) }
            let last = try envs[i].replay(startStream: try c.generator("\(p)rng/env_episode_start/\(i)"), actions: actions)
            guard envs[i].rng == (try c.generator("\(p)rng/env/\(i)")) else {
                throw ActorCriticError.checkpointMismatch("replaying environment \(i) did not reproduce its stream")
            }
            observations.replaceSubrange(i * o..<(i + 1) * o, with: last)
            collector.episodeReturns[i] = try c.scalar("\(p)env/\(i)/episode_return", as: Double.self)
            collector.episodeLengths[i] = Int(try c.scalar("\(p)env/\(i)/episode_length", as: Int64.self))
            collector.discountedReturns[i] = try c.scalar("\(p)env/\(i)/discounted_return", as: Double.self)
        }
        collector.currentObservations = observations
        collector.builtInEnvironments!.environments = envs
    }

    /// Q_φ's checkpoint name: "gradient_critic" when Sobolev-trained, else "action_value".
    var actionValueName: String { estimator.critics.actionValue == .sobolev ? "gradient_critic" : "action_value" }

    static func actionRow(_ a: Action) -> [Float] {
        switch a {
        case .discrete(let i): return [Float(i)]
        case .continuous(let x): return x
        }
    }

    func save<M: Module>(_ module: M, optimizer: any Optimizer, as net: String, into c: inout Checkpoint) throws {
        for (name, value) in module.namedParameters { try c.set("params/\(net)/\(name)", value) }
        try c.set(prefix: "optimizer/\(net)", optimizer.state)
    }

    func load<M: Module>(_ module: inout M, optimizer: inout any Optimizer, as net: String, from c: Checkpoint) throws {
        try module.loadParameters(try c.tensors(prefix: "params/\(net)"))
        try optimizer.loadState(try c.tensors(prefix: "optimizer/\(net)"))
    }
}

extension JSONEncoder {
    /// Sorted keys, so the same configuration always encodes to the same text.
    static var sorted: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }
}
