import CredoDistributions
import CredoEnvironments
import CredoNN
import CredoTensor

/// A Gaussian MLP policy for a `Box` action space: a ~ N(μ_θ(s), diag σ²) with
/// log σ either a free parameter vector (state-independent, as in PPO/A2C baselines) or a second
/// head of the network (state-dependent: the MLP outputs [μ, log σ]). Actions are unbounded
/// draws; the environment clips them to its box. `deterministic` acting returns μ_θ(s).
///
/// Parameters: "mean/layer0/weight", … and "log_std" (state-independent) or only "mean/…"
/// (state-dependent, the MLP's output has 2·d units).
public struct GaussianPolicy: Policy {
    public var network: MLP
    /// log σ, shape [d]; unused (empty) when the log-std is state-dependent.
    public var logStd: Tensor
    public let stateDependentLogStd: Bool
    public let actionSize: Int
    /// log σ is clamped to this range when it comes from the network.
    public static let logStdRange: ClosedRange<Float> = -5...2

    public init(observationSize: Int, actionSize: Int, hiddenSizes: [Int] = [64, 64],
                activation: Activation = .tanh, stateDependentLogStd: Bool = false, initialLogStd: Float = 0,
                using rng: inout RandomGenerator) {
        self.actionSize = actionSize
        self.stateDependentLogStd = stateDependentLogStd
        let outputs = stateDependentLogStd ? 2 * actionSize : actionSize
        network = MLP(sizes: [observationSize] + hiddenSizes + [outputs], activation: activation,
                      outputInitializer: .orthogonal(gain: 0.01), using: &rng)
        logStd = stateDependentLogStd
            ? Tensor.zeros([0]) : Tensor(repeating: initialLogStd, shape: [actionSize]).requiringGradient()
        if stateDependentLogStd {
            // Start the log-std head at `initialLogStd` through its bias.
            let last = network.layers.count - 1
            var bias = [Float](repeating: 0, count: outputs)
            for j in actionSize..<outputs { bias[j] = initialLogStd }
            network.layers[last].bias = Tensor(bias).requiringGradient()
        }
    }

    public var observationSize: Int { network.sizes[0] }

    /// μ_θ(s) and log σ (broadcastable to [N, d]).
    public func meanAndLogStd(_ observations: Tensor) -> (mean: Tensor, logStd: Tensor) {
        let out = network(observations)
        guard stateDependentLogStd else { return (out, logStd) }
        let d = actionSize
        return (out.sliced(axis: -1, 0..<d), out.sliced(axis: -1, d..<(2 * d)).clipped(to: Self.logStdRange))
    }

    public func distribution(_ observations: Tensor) -> ActionDistribution {
        let (mean, logStd) = meanAndLogStd(observations)
        return .normal(Normal(mean: mean, logStd: logStd))
    }

    public func environmentAction(_ row: ArraySlice<Float>) -> Action { .continuous(Array(row)) }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        network.visitParameters(prefix: "mean", visit)
        if !stateDependentLogStd { visit("log_std", &logStd) }
    }
}
