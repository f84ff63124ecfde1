import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoTensor
import Foundation

/// The actor of an off-policy run, acting in the [−1, 1]^d scale of its critics; the environment
/// receives the action mapped affinely to its `Box` bounds, a_env = low + (a + 1)(high − low)/2
/// (`environmentAction`).
///
/// - deterministic (ddpg, td3, sobolev-q): μ_θ(s) = tanh(f_θ(s)); the action node's
///   distribution while collecting is Normal(μ_θ(s), σ²) with σ = `explorationNoise`, so its
///   draws are the exploration (clipped to the box when stored and sent).
/// - squashed Gaussian (sac): f_θ(s) = [m, ℓ], ℓ clamped to [−20, 2] (SB3's bounds), and the
///   action node is tanh(m + e^ℓ ε) (`SquashedNormal`).
///
/// Parameters: "network/layer0/weight", ...
public struct OffPolicyActor: Policy {
    public var network: MLP
    public let kind: OffPolicyActorKind
    public let actionSize: Int
    /// σ of the exploration noise (deterministic actors).
    public let explorationNoise: Float
    /// The environment's action bounds.
    public let low: [Float]
    public let high: [Float]
    public static let logStdRange: ClosedRange<Float> = -20...2

    public init(observationSize: Int, low: [Float], high: [Float], hiddenSizes: [Int], activation: Activation,
                kind: OffPolicyActorKind, explorationNoise: Float, using rng: inout RandomGenerator) {
        precondition(low.count == high.count && !low.isEmpty, "action bounds of \(low.count) and \(high.count) coordinates")
        actionSize = low.count
        self.low = low
        self.high = high
        self.kind = kind
        self.explorationNoise = explorationNoise
        let outputs = kind == .squashedGaussian ? 2 * actionSize : actionSize
        network = MLP(sizes: [observationSize] + hiddenSizes + [outputs], activation: activation,
                      outputInitializer: .orthogonal(gain: 0.01), using: &rng)
    }

    public var observationSize: Int { network.sizes[0] }

    /// The squashed Gaussian's m and clamped ℓ = log σ, each [N, d].
    public func meanAndLogStd(_ observations: Tensor) -> (mean: Tensor, logStd: Tensor) {
        let out = network(observations), d = actionSize
        guard kind == .squashedGaussian else {
            return (out.tanh(), Tensor(repeating: Foundation.log(explorationNoise), shape: [d]))
        }
        return (out.sliced(axis: -1, 0..<d), out.sliced(axis: -1, d..<(2 * d)).clipped(to: Self.logStdRange))
    }

    /// The deterministic action in [−1, 1]^d, [N, d], differentiable in θ: μ_θ(s), or tanh(m) for SAC.
    public func action(_ observations: Tensor) -> Tensor {
        switch kind {
        case .deterministic: return network(observations).tanh()
        case .squashedGaussian: return meanAndLogStd(observations).mean.tanh()
        }
    }

    public func distribution(_ observations: Tensor) -> ActionDistribution {
        let (mean, logStd) = meanAndLogStd(observations)
        switch kind {
        case .deterministic: return .normal(Normal(mean: mean, logStd: logStd))
        case .squashedGaussian: return .squashedNormal(SquashedNormal(mean: mean, logStd: logStd))
        }
    }

    /// A row in the critics' scale, clipped to [−1, 1] (what the replay buffer stores).
    public func clippedRow(_ row: ArraySlice<Float>) -> [Float] { row.map { Swift.min(Swift.max($0, -1), 1) } }

    public func environmentAction(_ row: ArraySlice<Float>) -> Action {
        .continuous(zip(clippedRow(row), zip(low, high)).map { a, b in b.0 + (a + 1) * 0.5 * (b.1 - b.0) })
    }

    /// `environmentAction` on a tensor of rows [N, d], differentiable (a model's input).
    public func environmentScale(_ actions: Tensor) -> Tensor {
        let lo = Tensor(low), span = Tensor(zip(low, high).map { $1 - $0 })
        return lo + (actions + 1) * 0.5 * span
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(prefix: "network", visit)
    }
}

/// Uniform random actions in [−1, 1]^d (mapped to the box like the actor's): the behaviour of an
/// off-policy run before `learningStarts`, driven through the same `RolloutCollector`.
public struct UniformActionPolicy: Policy {
    public let observationSize: Int
    public let actionSize: Int
    let scale: OffPolicyActor

    public init(actor: OffPolicyActor) {
        observationSize = actor.observationSize
        actionSize = actor.actionSize
        scale = actor
    }

    public func distribution(_ observations: Tensor) -> ActionDistribution {
        .uniform(Uniform(low: Tensor(-1), high: Tensor(1), shape: [observations.shape[0], actionSize]))
    }

    public func environmentAction(_ row: ArraySlice<Float>) -> Action { scale.environmentAction(row) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {}
}
