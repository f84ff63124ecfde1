import CredoCheckpoint
import CredoNN
import Foundation

/// Checkpoints of an off-policy run:
///
/// - `params/<net>/<parameter>` and `optimizer/<net>/...` for "actor", "critic" (every Q,
///   "q0/...", "q1/..."), "temperature" (SAC's log α); `params/actor_target` (deterministic
///   actors) and `params/critic_target`, which have no optimizer;
/// - `replay/...`: the filled rows of the replay buffer and its ring position (`ReplayBuffer+Checkpoint`);
/// - `rng/agent`, and every environment copy's streams and episode in progress
///   (`RolloutCollector+Checkpoint`, the layout `ActorCritic` uses);
/// - `counters/{environment_steps,episodes,updates}`, `counters/gradient_steps`,
///   `diagnostics/recent_returns` and `diagnostics/recent_lengths` (the rolling window);
/// - root attributes `environment`, `estimator`, `trainer` ("off-policy"); the run layer adds the
///   whole configuration as `config` (one writer, `RunCheckpoint.annotate`).
///
/// Taken between updates; everything the next update reads is saved, so a restored trainer
/// continues bit-identically.
extension OffPolicyActorCritic {
    /// The root attribute `trainer` of an off-policy checkpoint.
    public static let trainerAttribute = "off-policy"

    public func checkpoint() throws -> Checkpoint {
        var c = Checkpoint()
        c.attributes["environment"] = config.environment
        c.attributes["estimator"] = config.estimator.rawValue
        c.attributes["trainer"] = Self.trainerAttribute
        try c.set(network: actor, as: "actor", optimizer: actorOptimizer)
        if let actorTarget { try c.set(network: actorTarget, as: "actor_target") }
        try c.set(network: critics, as: "critic", optimizer: criticOptimizer)
        try c.set(network: criticTargets, as: "critic_target")
        if let temperature, let temperatureOptimizer {
            try c.set(network: temperature, as: "temperature", optimizer: temperatureOptimizer)
        }
        try replay.write(into: &c, prefix: "replay")
        try c.set("rng/agent", generator: rng)
        try collector.writeEpisodes(into: &c, prefix: "", actionSize: actor.actionSize)
        try counters.write(into: &c)
        try c.set("counters/gradient_steps", scalar: Int64(gradientStepCount))
        try c.set(window: window)
        return c
    }

    public mutating func restore(from c: Checkpoint) throws {
        guard c.attributes["trainer"] == Self.trainerAttribute else {
            throw ActorCriticError.checkpointMismatch("it was not written by an off-policy trainer (trainer attribute "
                + "\(c.attributes["trainer"].map { "\"\($0)\"" } ?? "absent"))")
        }
        for (what, mine) in [("environment", config.environment), ("estimator", config.estimator.rawValue)] {
            let theirs = try c.attribute(what)
            guard theirs == mine else { throw ActorCriticError.checkpointMismatch("\(what) is \(mine), the checkpoint has \(theirs)") }
        }
        let savedCopies = c.names.filter { $0.hasPrefix("rng/env/") }.count
        // (A bridged gym: vector environment saves no copies: they restart on restore.)
        guard savedCopies == collector.count || collector.builtInEnvironments == nil else {
            throw ActorCriticError.checkpointMismatch("environment count is \(collector.count), the checkpoint has \(savedCopies)")
        }
        for (name, value) in actor.namedParameters {
            guard let shape = c["params/actor/\(name)"]?.shape, shape != value.shape else { continue }
            throw ActorCriticError.checkpointMismatch("hidden sizes are \(config.hiddenSizes), but the checkpoint's "
                + "params/actor/\(name) has shape \(shape) where this trainer's has \(value.shape)")
        }
        try c.load(network: &actor, as: "actor", optimizer: &actorOptimizer)
        if var target = actorTarget { try c.load(network: &target, as: "actor_target"); actorTarget = target }
        try c.load(network: &critics, as: "critic", optimizer: &criticOptimizer)
        try c.load(network: &criticTargets, as: "critic_target")
        if var t = temperature, var o = temperatureOptimizer {
            try c.load(network: &t, as: "temperature", optimizer: &o)
            temperature = t; temperatureOptimizer = o
        }
        try replay.restore(from: c, prefix: "replay")
        rng = try c.generator("rng/agent")
        let actor = self.actor
        let restartSeed = RolloutCollector.restartSeed(runSeed: config.seed, environmentSteps: Int(try c.scalar("counters/environment_steps", as: Int64.self)),
                                                       rank: 0)
        try collector.restoreEpisodes(from: c, prefix: "", actionSize: actor.actionSize, restartSeed: restartSeed,
                                      environmentAction: { actor.environmentAction($0) })
        counters = try TrainingCounters(checkpoint: c)
        gradientStepCount = Int(try c.scalar("counters/gradient_steps", as: Int64.self))
        window = try c.window(capacity: window.capacity)
    }
}
