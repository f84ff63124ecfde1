import CredoCheckpoint
import CredoDistributed
import CredoNN
import CredoTensor

/// Data parallelism (OpenAI Baselines' MPI pattern) over a `Communicator`:
///
/// - every rank steps its own `environmentCount` copies with its own streams, split from the run
///   seed by rank (`rankStreams`); rank 0's are the single-process run's, so a one-rank run is
///   bit-identical to a run without a communicator;
/// - rank 0's parameters are broadcast at construction;
/// - the gradients of every network of an optimizer step (control variate, policy, V, Q by
///   regression) are averaged with ONE allreduce of a single flattened buffer, before clipping,
///   so every rank clips and steps identically (`averagedAcrossRanks`, `GradientExchange`);
///   RELAX's variance loss is each rank's own, its gradient averaged; the Sobolev critic, which
///   follows the policy's update, has its own;
/// - the normalisers' batch moments are merged across ranks every step (`RolloutCollector`);
/// - finished episodes and step counts are gathered in rank order, so the counters, the rolling
///   window and the report are the same on every rank;
/// - a non-finite environment output or metric on any rank makes every rank throw the same
///   `CommunicatorError.rankFailed`, and every `parameterCheckInterval` updates the parameters are
///   checked equal (`CommunicatorError.parametersDiverged` names the networks and the update).
///
/// Advantage standardisation and PPO's minibatch shuffles are per rank, over its own rows; when
/// the copies are split over the ranks (`ActorCritic+EnvironmentSplit.swift`) they are the
/// one-rank run's instead, and the gradient average is weighted by rows.
extension ActorCritic {
    /// Whether there is more than one rank (every collective is skipped otherwise, so a one-rank
    /// run takes exactly the single-process path).
    var isDistributed: Bool { communicator.size > 1 }

    /// (agent stream, environment seed) of `rank`: rank 0 keeps the single-process streams; rank
    /// r ≥ 1 takes the r-th split of what follows them in the run's root stream.
    static func rankStreams(root: RandomGenerator, rank: Int, agent: RandomGenerator, environmentSeed: UInt64)
        -> (agent: RandomGenerator, environmentSeed: UInt64) {
        guard rank > 0 else { return (agent, environmentSeed) }
        var ranks = root
        var rankRoot = ranks.split()
        for _ in 1..<rank { rankRoot = ranks.split() }
        let agentStream = rankRoot.split()
        var environmentStream = rankRoot.split()
        return (agentStream, environmentStream.next())
    }

    /// `gradients` averaged over the ranks: one allreduce of one flattened buffer.
    func averagedAcrossRanks(_ gradients: [Tensor]) throws -> [Tensor] {
        try averagedAcrossRanks([gradients])[0]
    }

    /// Several networks' gradients averaged over the ranks in ONE allreduce of one flattened
    /// buffer (`GradientExchange`): the mean, or the row-weighted mean when the copies are split.
    func averagedAcrossRanks(_ groups: [[Tensor]]) throws -> [[Tensor]] {
        guard isDistributed else { return groups }
        if environmentShare.isSplit {
            return try GradientExchange.rowWeighted(groups, weight: splitRowWeight, over: communicator)
        }
        return try GradientExchange.mean(groups, over: communicator)
    }

    /// Replaces `module`'s parameters by rank 0's (one broadcast of one flattened buffer).
    static func broadcastParameters<M: Module>(_ module: inout M, over communicator: any Communicator) throws {
        guard communicator.size > 1 else { return }
        let named = module.namedParameters
        var flat = named.flatMap { $0.value.scalars }
        try communicator.broadcast(&flat, root: 0)
        var values: [String: Tensor] = [:], offset = 0
        for (name, value) in named {
            values[name] = Tensor(shape: value.shape, scalars: Array(flat[offset..<(offset + value.count)]))
            offset += value.count
        }
        try module.loadParameters(values)
    }

    /// Every network's parameters flattened, by checkpoint name ("policy", "critic", ...).
    public var flatParameters: [(name: String, values: [Float])] {
        networks.map { ($0.name, $0.module.parameterTensors.flatMap(\.scalars)) }
    }

    /// Broadcasts every network from rank 0 (at construction).
    mutating func broadcastAllParameters() throws {
        guard isDistributed else { return }
        let communicator = self.communicator
        try visitNetworks { _, module, _ in try Self.broadcastParameters(&module, over: communicator) }
    }

    /// The check every `parameterCheckInterval` updates.
    func checkParametersEqualAcrossRanks() throws {
        guard isDistributed, parameterCheckInterval > 0, counters.updates % parameterCheckInterval == 0 else { return }
        try communicator.requireEqualAcrossRanks(flatParameters, update: counters.updates)
    }

    /// One failure agreement: with one rank, `failure` is thrown as it is; with several, every
    /// rank throws `CommunicatorError.rankFailed` with the lowest failing rank's description.
    func agreeOnFailure(_ failure: (any Error & CustomStringConvertible)?) throws {
        guard isDistributed else {
            if let failure { throw failure }
            return
        }
        try communicator.throwIfAnyRankFailed(failure.map { "\($0)" })
    }
}

/// A failure described by its text (what a rank passes to the failure agreement).
struct RankFailure: Error, CustomStringConvertible {
    let description: String
}

/// Every rank's episodes of one update, in rank order, with each rank's counted steps.
struct GatheredEpisodes {
    var stepsPerRank: [Int]
    /// (rank, episode) in rank order, then in each rank's order.
    var episodes: [(rank: Int, episode: RolloutEpisode)]

    static func gather(steps: Int, episodes: [RolloutEpisode], over communicator: any Communicator) throws -> GatheredEpisodes {
        var local = [Double(steps)]
        for e in episodes {
            local += [e.totalReward, Double(e.length), Double(e.stepsCollected), Double(e.environment), Double(e.stepInRollout)]
        }
        let all = try communicator.allgather(local)
        var result = GatheredEpisodes(stepsPerRank: [], episodes: [])
        for (rank, values) in all.enumerated() {
            result.stepsPerRank.append(Int(values[0]))
            for start in stride(from: 1, to: values.count, by: 5) {
                result.episodes.append((rank, RolloutEpisode(environment: Int(values[start + 3]), totalReward: values[start],
                                                             length: Int(values[start + 1]), stepInRollout: Int(values[start + 4]),
                                                             stepsCollected: Int(values[start + 2]))))
            }
        }
        return result
    }
}

/// A few checkpoint datasets as bytes, to carry one rank's state through a gather: per dataset
/// its name, element type, shape and values, little-endian as the machine holds them.
enum RankStateCoding {
    static func encode(_ c: Checkpoint) -> [UInt8] {
        var out: [UInt8] = []
        func int(_ v: Int) { withUnsafeBytes(of: Int64(v)) { out += $0 } }
        func bytes<T>(_ values: [T]) { values.withUnsafeBytes { out += $0 } }
        int(c.names.count)
        for name in c.names {
            let d = c[name]!
            let utf8 = Array(name.utf8)
            int(utf8.count); out += utf8
            int(CheckpointElementType.allCases.firstIndex(of: d.elementType)!)
            int(d.shape.count); for s in d.shape { int(s) }
            int(d.count)
            switch d.array {
            case .float32(let v): bytes(v)
            case .float64(let v): bytes(v)
            case .int64(let v): bytes(v)
            case .uint64(let v): bytes(v)
            }
        }
        return out
    }

    static func decode(_ data: [UInt8]) throws -> [(name: String, dataset: CheckpointDataset)] {
        var offset = 0
        func int() -> Int {
            let v = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int64.self) }
            offset += 8
            return Int(v)
        }
        func values<T>(_ count: Int, _: T.Type) -> [T] {
            let size = MemoryLayout<T>.stride
            let v = data.withUnsafeBytes { raw in
                (0..<count).map { raw.loadUnaligned(fromByteOffset: offset + $0 * size, as: T.self) }
            }
            offset += count * size
            return v
        }
        var out: [(name: String, dataset: CheckpointDataset)] = []
        for _ in 0..<int() {
            let length = int()
            let name = String(decoding: data[offset..<(offset + length)], as: UTF8.self)
            offset += length
            let type = CheckpointElementType.allCases[int()]
            let shape = (0..<int()).map { _ in int() }
            let count = int()
            let array: CheckpointArray = switch type {
            case .float32: .float32(values(count, Float.self))
            case .float64: .float64(values(count, Double.self))
            case .int64: .int64(values(count, Int64.self))
            case .uint64: .uint64(values(count, UInt64.self))
            }
            out.append((name, try CheckpointDataset(shape: shape, array: array)))
        }
        return out
    }
}
