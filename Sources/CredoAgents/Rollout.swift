import CredoDistributed
import CredoDistributions
import CredoEnvironments
import CredoSCG
import CredoTensor

/// How a rollout is cut.
public enum RolloutMode: Equatable, Sendable {
    /// `steps` transitions from every copy, continuing the episodes in progress; critics
    /// bootstrap where the segment cuts an episode (A2C's n-step rollouts).
    case steps(Int)
    /// One whole episode from every copy, all reset at the start; steps after a copy's episode
    /// has ended are padding (mask 0). Needed by estimators without a critic (REINFORCE).
    case episodes
}

/// Runs a policy in N copies of an environment (any `VectorEnvironmentProtocol`: Credo's
/// `VectorEnvironment` or Gymnasium's through `GymVectorEnvironment`; same-step autoreset) and
/// fills `RolloutBuffer`s; keeps the per-copy episode return and length, the observation
/// normaliser, and, through `EpisodeRecorder`, what a checkpoint needs to rebuild every copy's
/// episode in progress exactly.
public struct RolloutCollector {
    /// The copies: Credo's `VectorEnvironment` of `EpisodeRecorder`s for a registered name, a
    /// `GymVectorEnvironment` for `gym:<id>`, or any vector environment given to
    /// `init(environments:...)`.
    public var environments: any VectorEnvironmentProtocol {
        get { builtInEnvironments ?? bridged! }
        set {
            if let vector = newValue as? VectorEnvironment<EpisodeRecorder<AnyEnvironment>> {
                builtInEnvironments = vector
                bridged = nil
            } else {
                bridged = newValue
                builtInEnvironments = nil
            }
        }
    }
    /// The copies when they are Credo's own (whose episodes a checkpoint replays); nil for a
    /// bridged vector environment. Stored as the concrete struct, so the collection loop steps
    /// and reads them through code specialised for them (through the existential each step
    /// would run unspecialised generic code; measured: 1.5-3.5 µs against 1.4-2.8 µs per step of
    /// 8 CartPoles) and without a class box's dynamic exclusivity checks and reference counting
    /// on every read (about 3 % of an a2c CartPole solve in `perf`).
    public internal(set) var builtInEnvironments: VectorEnvironment<EpisodeRecorder<AnyEnvironment>>?
    /// Any other vector environment (Gymnasium's through the bridge, or one given to
    /// `init(environments:...)`).
    var bridged: (any VectorEnvironmentProtocol)?
    /// The copies' expected regret summed over every step so far (`RegretTracking`: the
    /// bandits), or nil when the copies do not track regret (or are not Credo's own).
    public var cumulativeRegret: Double? {
        guard let copies = builtInEnvironments?.environments, !copies.isEmpty else { return nil }
        var total = 0.0
        for copy in copies {
            guard let regret = copy.inner.cumulativeRegret else { return nil }
            total += regret
        }
        return total
    }
    /// The raw current observation of each copy, [B, observationSize].
    public internal(set) var currentObservations: [Float]
    /// Running statistics of raw observations, when the run normalises them.
    public var normalizer: RunningMeanStd?
    /// Running statistics of the discounted return, when the run scales rewards by its standard
    /// deviation (Baselines' `VecNormalize`: r' = r / √(Var[G] + 1e-8), G_t = γ G_{t−1} + r_t,
    /// zeroed at every episode end; scaled, never shifted).
    public var rewardNormalizer: RunningMeanStd?
    /// Each copy's discounted return G for `rewardNormalizer`.
    public internal(set) var discountedReturns: [Double]
    /// γ of the discounted return the reward scale is computed from.
    public var rewardGamma = 0.99
    /// Undiscounted return and length of each copy's episode in progress.
    public internal(set) var episodeReturns: [Double]
    public internal(set) var episodeLengths: [Int]
    /// Bound of a normalised observation coordinate.
    public static let normalizedClip: Float = 10
    /// The ranks whose collectors share normaliser statistics: under several ranks, every step's
    /// batch moments (observations, discounted returns) are merged across the ranks in rank order
    /// (Chan's parallel mean and variance) and folded into every rank's statistics, so that every
    /// rank normalises identically. Every rank then steps its collector together.
    public let communicator: any Communicator
    /// When a run's copies are split over the ranks: this collector's place among them. Actions
    /// are then drawn for all `total` rows (this rank's observations at rows `first ..< first +
    /// count`, zeros elsewhere) from the agent stream every rank shares, and this rank keeps its
    /// rows: the draws consume the stream exactly as the one-rank run's do (one uniform per row
    /// for a categorical policy, one normal per coordinate for a Gaussian), so rank r's actions are
    /// those the one-rank run draws for the same copies.
    public var share: (first: Int, total: Int)?

    /// The copies of `name`: a registered environment's, or Gymnasium's for `gym:<id>` (made
    /// with `keywordArguments`, a JSON object). Registered copies take the splits `firstStream ..<
    /// firstStream + count` of `seed` (`VectorEnvironment.init(count:seed:firstStream:make:)`).
    public init(environment name: String, count: Int, seed: UInt64, firstStream: Int = 0, normalizeObservations: Bool,
                normalizeRewards: Bool = false, registry: EnvironmentRegistry = .standard,
                keywordArguments: String? = nil,
                communicator: any Communicator = SingleProcessCommunicator()) throws {
        let environments: any VectorEnvironmentProtocol
        if EnvironmentRegistry.gymID(name) != nil, !registry.names.contains(name) {
            precondition(firstStream == 0, "gym: copies are seeded by Gymnasium and cannot start at another stream")
            environments = try registry.makeVectorEnvironment(name, count: count, seed: seed, keywordArguments: keywordArguments)
        } else {
            environments = try VectorEnvironment(count: count, seed: seed, firstStream: firstStream) { _ in
                EpisodeRecorder(AnyEnvironment(try registry.make(name)))
            }
        }
        try self.init(environments: environments, normalizeObservations: normalizeObservations,
                      normalizeRewards: normalizeRewards, communicator: communicator)
    }

    /// A collector over vector environment `environments`, already reset.
    public init(environments: any VectorEnvironmentProtocol, normalizeObservations: Bool, normalizeRewards: Bool = false,
                communicator: any Communicator = SingleProcessCommunicator()) throws {
        let count = environments.count
        self.communicator = communicator
        if let vector = environments as? VectorEnvironment<EpisodeRecorder<AnyEnvironment>> {
            builtInEnvironments = vector
            bridged = nil
        } else {
            builtInEnvironments = nil
            bridged = environments
        }
        currentObservations = environments.observations
        normalizer = normalizeObservations ? RunningMeanStd(size: environments.observationSize) : nil
        rewardNormalizer = normalizeRewards ? RunningMeanStd(size: 1) : nil
        discountedReturns = Array(repeating: 0, count: count)
        episodeReturns = Array(repeating: 0, count: count)
        episodeLengths = Array(repeating: 0, count: count)
        try observeAcrossRanks(currentObservations, rewards: nil)
    }

    public var count: Int { builtInEnvironments?.count ?? bridged!.count }
    public var observationSize: Int { builtInEnvironments?.observationSize ?? bridged!.observationSize }

    /// Adds a batch of raw observations to the normaliser's statistics.
    mutating func observe(_ raw: [Float]) {
        raw.withUnsafeBufferPointer { normalizer?.update(batch: $0) }
    }

    /// (o − μ) / √(σ² + 1e-8), clipped to ±10, with the current statistics; the identity
    /// without a normaliser.
    public func normalized(_ raw: ArraySlice<Float>) -> [Float] {
        guard let s = normalizer else { return Array(raw) }
        let n = observationSize
        return raw.enumerated().map { j, x in
            let z = (Double(x) - s.mean[j % n]) / (s.variance[j % n] + 1e-8).squareRoot()
            return min(max(Float(z), -Self.normalizedClip), Self.normalizedClip)
        }
    }

    /// The differentiable form of `normalized(_:)` for raw observations [N, observationSize]
    /// (statistics held constant); the identity without a normaliser.
    public func normalized(_ raw: Tensor) -> Tensor {
        guard let s = normalizer else { return raw }
        let mean = Tensor(s.mean.map(Float.init))
        let std = Tensor(s.variance.map { Float(($0 + 1e-8).squareRoot()) })
        return ((raw - mean) / std).clipped(to: -Self.normalizedClip...Self.normalizedClip)
    }

    /// Adds a batch of raw observations, and when `rewards` is given this step's rewards to the
    /// discounted returns, to the statistics; under several ranks, merged across them (one
    /// allgather of each rank's batch moments). Returns the reward scale 1 / √(Var[G] + 1e-8).
    @discardableResult
    mutating func observeAcrossRanks(_ raw: [Float], rewards: [Double]?) throws -> Double {
        guard communicator.size > 1 else {
            // One rank: exactly the single-process statistics.
            observe(raw)
            guard let rewards, rewardNormalizer != nil else { return 1 }
            for i in 0..<count {
                discountedReturns[i] = rewardGamma * discountedReturns[i] + rewards[i]
                rewardNormalizer!.update(discountedReturns[i])
                if isDone(i) { discountedReturns[i] = 0 }
            }
            return 1 / (rewardNormalizer!.variance[0] + 1e-8).squareRoot()
        }
        var local: [Double] = []
        if normalizer != nil { local += Self.moments(raw.map(Double.init), size: observationSize) }
        let scalesRewards = rewards != nil && rewardNormalizer != nil
        if let rewards, scalesRewards {
            for i in 0..<count { discountedReturns[i] = rewardGamma * discountedReturns[i] + rewards[i] }
            local += Self.moments(discountedReturns, size: 1)
            for i in 0..<count where isDone(i) { discountedReturns[i] = 0 }
        }
        guard !local.isEmpty else { return 1 }
        let all = try communicator.allgather(local)
        guard all.allSatisfy({ $0.count == local.count }) else {
            throw CommunicatorError.countMismatch(operation: "normaliser moments", counts: all.map(\.count))
        }
        var offset = 0
        func merged(size: Int) -> RunningMoments {
            defer { offset += 1 + 2 * size }
            let parts = all.map { v in
                RunningMoments(count: v[offset], mean: Array(v[(offset + 1)..<(offset + 1 + size)]),
                               m2: Array(v[(offset + 1 + size)..<(offset + 1 + 2 * size)]))
            }
            return parts.dropFirst().reduce(parts[0]) { $0.merged(with: $1) }
        }
        if let s = normalizer { normalizer = try Self.fold(merged(size: observationSize), into: s) }
        guard scalesRewards, let s = rewardNormalizer else { return 1 }
        rewardNormalizer = try Self.fold(merged(size: 1), into: s)
        return 1 / (rewardNormalizer!.variance[0] + 1e-8).squareRoot()
    }

    /// [count, mean…, M2…] of a row-major batch of `size`-vectors (`RunningMeanStd.batchMoments`).
    static func moments(_ samples: [Double], size: Int) -> [Double] {
        let batch = samples.withUnsafeBufferPointer { RunningMeanStd.batchMoments($0, size: size) }
        return [batch.count] + batch.mean + batch.m2
    }

    /// Running statistics with a batch's moments folded in (`RunningMeanStd.merge`).
    static func fold(_ batch: RunningMoments, into s: RunningMeanStd) throws -> RunningMeanStd {
        var merged = s
        merged.merge(count: batch.count, mean: batch.mean, m2: batch.m2)
        return merged
    }

    /// Collects one rollout with `policy`, each action drawn by `estimator`'s sampling half
    /// (which records what its learning half will need: RELAX's Gumbel noise, a reparameterised
    /// action's ε, ...). Returns the buffer and the episodes that finished. A collector of
    /// several ranks (whose statistics merge through collectives that can fail) is driven by
    /// `collectAcrossRanks` instead.
    public mutating func collect<P: Policy>(_ mode: RolloutMode, policy: P, estimator: any GradientEstimator,
                                            using rng: inout RandomGenerator) -> (RolloutBuffer, [RolloutEpisode]) {
        precondition(communicator.size == 1, "a collector of several ranks collects with collectAcrossRanks (it throws)")
        return try! collectAcrossRanks(mode, policy: policy, estimator: estimator, using: &rng)
    }

    /// `collect`, under any communicator: every rank calls it together.
    public mutating func collectAcrossRanks<P: Policy>(_ mode: RolloutMode, policy: P, estimator: any GradientEstimator,
                                                       using rng: inout RandomGenerator) throws -> (RolloutBuffer, [RolloutEpisode]) {
        let (n, o, k) = (count, observationSize, policy.actionSize)
        if mode == .episodes {
            try resetEnvironments()
            for i in 0..<n { episodeReturns[i] = 0; episodeLengths[i] = 0; discountedReturns[i] = 0 }
            currentObservations = environments.observations
            try observeAcrossRanks(currentObservations, rewards: nil)
        }
        let stepLimit: Int = if case .steps(let t) = mode { t } else { Int.max }
        var rows: [Int] = []  // time steps collected
        var obs: [Float] = [], raws: [Float] = [], next: [Float] = [], actions: [Float] = [], rewards: [Double] = []
        var term: [Bool] = [], trunc: [Bool] = [], logp: [Float] = [], mask: [Float] = []
        var records: [[String: Tensor]] = []  // what the estimator recorded, per time step
        var finished: [RolloutEpisode] = []
        var alive = [Bool](repeating: true, count: n)  // episodic mode: copies still in their episode
        var t = 0, counted = 0
        while t < stepLimit && alive.contains(true) {
            let input = Tensor(shape: [n, o], scalars: normalized(currentObservations[...]))
            let (chosen, lp, noise) = draw(policy, input: input, estimator: estimator, using: &rng)
            if !noise.isEmpty { records.append(noise) }
            let envActions = (0..<n).map { policy.environmentAction(chosen.scalars[$0 * k..<($0 + 1) * k]) }
            obs += input.scalars
            raws += currentObservations
            actions += chosen.scalars
            try stepEnvironments(envActions)
            let (raw, stepRewards, stepTerminated, stepTruncated) = stepResults
            let rewardScale = try observeAcrossRanks(raw, rewards: stepRewards)
            for i in 0..<n {
                let done = stepTerminated[i] || stepTruncated[i]
                let successor = done ? finalObservation(i) : raw[i * o..<(i + 1) * o]
                next += normalized(successor)
                let counts = alive[i]
                rewards.append(counts ? stepRewards[i] * rewardScale : 0)
                term.append(counts ? stepTerminated[i] : true)
                trunc.append(counts ? stepTruncated[i] : false)
                logp.append(lp[i])
                mask.append(counts ? 1 : 0)
                if counts { counted += 1 }
                episodeReturns[i] += stepRewards[i]
                episodeLengths[i] += 1
                if done {
                    if counts {
                        finished.append(RolloutEpisode(environment: i, totalReward: episodeReturns[i],
                                                        length: episodeLengths[i], stepInRollout: t,
                                                        stepsCollected: counted))
                    }
                    episodeReturns[i] = 0
                    episodeLengths[i] = 0
                    if mode == .episodes { alive[i] = false }
                }
            }
            currentObservations = raw
            rows.append(t)
            t += 1
        }
        var buffer = RolloutBuffer(steps: rows.count, environments: n, observationSize: o, actionSize: k)
        buffer.observations = obs
        buffer.rawObservations = raws
        buffer.nextObservations = next
        buffer.actions = actions
        buffer.rewards = rewards
        buffer.terminated = term
        buffer.truncated = trunc
        buffer.logProbs = logp
        buffer.mask = mask
        (buffer.recorded, buffer.recordedShapes) = Self.joined(records, rows: n)
        return (buffer, finished)
    }
}

extension RolloutCollector {
    /// The estimator's per-step records ([1, N] + shape each) as one array of [T·N] + shape per name.
    static func joined(_ records: [[String: Tensor]], rows n: Int) -> (recorded: [String: [Float]], shapes: [String: [Int]]) {
        guard let first = records.first else { return ([:], [:]) }
        var recorded: [String: [Float]] = [:], shapes: [String: [Int]] = [:]
        for (name, t) in first {
            precondition(t.shape.count >= 2 && t.shape[0] == 1 && t.shape[1] == n,
                         "an estimator's record '\(name)' has shape \(t.shape); expected [1, \(n), …]")
            var all: [Float] = []
            all.reserveCapacity(t.count * records.count)
            for step in records {
                guard let r = step[name], r.shape == t.shape else {
                    preconditionFailure("an estimator recorded '\(name)' as \(t.shape) at the first step and not alike at every step")
                }
                all += r.scalars
            }
            recorded[name] = all
            shapes[name] = Array(t.shape.dropFirst(2))
        }
        return (recorded, shapes)
    }
}

/// An episode that finished during a rollout, as the collector sees it (the trainer reports it
/// as a `FinishedEpisode`).
public struct RolloutEpisode: Equatable, Sendable {
    public var environment: Int
    public var totalReward: Double
    public var length: Int
    /// The rollout step (0-based) at which it ended.
    public var stepInRollout: Int
    /// Steps collected in this rollout (padding excluded) up to and including its last one.
    public var stepsCollected: Int
}
