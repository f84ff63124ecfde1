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
/// - root attributes `config` (the `OffPolicyConfig` as JSON), `environment`, `estimator`,
///   `trainer` ("off-policy").
///
/// Taken between updates; everything the next update reads is saved, so a restored trainer
/// continues bit-identically.
extension OffPolicyActorCritic {
    /// The root attribute `trainer` of an off-policy checkpoint.
    public static let trainerAttribute = "off-policy"

    public func checkpoint() throws -> Checkpoint {
        var c = Checkpoint()
        c.attributes["config"] = String(decoding: try JSONEncoder.sorted.encode(config), as: UTF8.self)
        c.attributes["environment"] = config.environment
        c.attributes["estimator"] = config.estimator.rawValue
        c.attributes["trainer"] = Self.trainerAttribute
        try save(actor, as: "actor", optimizer: actorOptimizer, into: &c)
        if let actorTarget { try save(actorTarget, as: "actor_target", into: &c) }
        try save(critics, as: "critic", optimizer: criticOptimizer, into: &c)
        try save(criticTargets, as: "critic_target", into: &c)
        if let temperature, let temperatureOptimizer {
            try save(temperature, as: "temperature", optimizer: temperatureOptimizer, into: &c)
        }
        try replay.write(into: &c, prefix: "replay")
        try c.set("rng/agent", generator: rng)
        try collector.writeEpisodes(into: &c, prefix: "", actionSize: actor.actionSize)
        try counters.write(into: &c)
        try c.set("counters/gradient_steps", scalar: Int64(gradientStepCount))
        try c.set("diagnostics/recent_returns", window.returns, shape: [window.returns.count])
        try c.set("diagnostics/recent_lengths", window.lengths, shape: [window.lengths.count])
        return c
    }

    public mutating func restore(from c: Checkpoint) throws {
        guard c.attributes["trainer"] == Self.trainerAttribute else {
            throw ActorCriticError.checkpointMismatch("it was not written by an off-policy trainer (trainer attribute "
                + "\(c.attributes["trainer"].map { "\"\($0)\"" } ?? "absent"))")
        }
        let saved = try JSONDecoder().decode(OffPolicyConfig.self, from: Data(try c.attribute("config").utf8))
        for (what, mine, theirs) in [("environment", config.environment, saved.environment),
                                     ("estimator", config.estimator.rawValue, saved.estimator.rawValue),
                                     ("hidden sizes", "\(config.hiddenSizes)", "\(saved.hiddenSizes)"),
                                     ("activation", config.activation.rawValue, saved.activation.rawValue),
                                     ("environment count", "\(config.environmentCount)", "\(saved.environmentCount)"),
                                     ("buffer size", "\(config.bufferSize)", "\(saved.bufferSize)")]
        where mine != theirs {
            throw ActorCriticError.checkpointMismatch("\(what) is \(mine), the checkpoint has \(theirs)")
        }
        try load(&actor, as: "actor", optimizer: &actorOptimizer, from: c)
        if var target = actorTarget { try load(&target, as: "actor_target", from: c); actorTarget = target }
        try load(&critics, as: "critic", optimizer: &criticOptimizer, from: c)
        try load(&criticTargets, as: "critic_target", from: c)
        if var t = temperature, var o = temperatureOptimizer {
            try load(&t, as: "temperature", optimizer: &o, from: c)
            temperature = t; temperatureOptimizer = o
        }
        try replay.restore(from: c, prefix: "replay")
        rng = try c.generator("rng/agent")
        let actor = self.actor
        try collector.restoreEpisodes(from: c, prefix: "", actionSize: actor.actionSize,
                                      environmentAction: { actor.environmentAction($0) })
        counters = try TrainingCounters(checkpoint: c)
        gradientStepCount = Int(try c.scalar("counters/gradient_steps", as: Int64.self))
        window = EpisodeWindow(capacity: window.capacity,
                               returns: try c.values("diagnostics/recent_returns", as: Double.self),
                               lengths: try c.values("diagnostics/recent_lengths", as: Double.self))
    }

    func save<M: Module>(_ module: M, as net: String, optimizer: (any Optimizer)? = nil, into c: inout Checkpoint) throws {
        for (name, value) in module.namedParameters { try c.set("params/\(net)/\(name)", value) }
        if let optimizer { try c.set(prefix: "optimizer/\(net)", optimizer.state) }
    }

    func load<M: Module>(_ module: inout M, as net: String, from c: Checkpoint) throws {
        try module.loadParameters(try c.tensors(prefix: "params/\(net)"))
    }

    func load<M: Module>(_ module: inout M, as net: String, optimizer: inout any Optimizer, from c: Checkpoint) throws {
        try module.loadParameters(try c.tensors(prefix: "params/\(net)"))
        try optimizer.loadState(try c.tensors(prefix: "optimizer/\(net)"))
    }
}
