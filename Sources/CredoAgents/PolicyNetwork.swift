import CredoEnvironments
import CredoNN
import CredoTensor

/// The policy of an `ActorCritic` run, categorical or Gaussian as the action space demands,
/// behind one concrete type (so the trainer is not generic).
public enum PolicyNetwork: Policy {
    case categorical(CategoricalPolicy)
    case gaussian(GaussianPolicy)

    /// The policy that fits `actionSpace`: categorical for `Discrete(k)`, Gaussian for a `Box`.
    public init(observationSize: Int, actionSpace: Space, config: TrainingConfig, using rng: inout RandomGenerator) {
        switch actionSpace {
        case .discrete(let k):
            self = .categorical(CategoricalPolicy(observationSize: observationSize, actionCount: k,
                                                  hiddenSizes: config.hiddenSizes, activation: config.activation,
                                                  using: &rng))
        case .box:
            self = .gaussian(GaussianPolicy(observationSize: observationSize, actionSize: actionSpace.flatSize,
                                            hiddenSizes: config.hiddenSizes, activation: config.activation,
                                            stateDependentLogStd: config.stateDependentLogStd,
                                            initialLogStd: config.initialLogStd, using: &rng))
        }
    }

    public var observationSize: Int {
        switch self {
        case .categorical(let p): return p.observationSize
        case .gaussian(let p): return p.observationSize
        }
    }

    public var actionSize: Int {
        switch self {
        case .categorical(let p): return p.actionSize
        case .gaussian(let p): return p.actionSize
        }
    }

    public func distribution(_ observations: Tensor) -> ActionDistribution {
        switch self {
        case .categorical(let p): return p.distribution(observations)
        case .gaussian(let p): return p.distribution(observations)
        }
    }

    public func environmentAction(_ row: ArraySlice<Float>) -> Action {
        switch self {
        case .categorical(let p): return p.environmentAction(row)
        case .gaussian(let p): return p.environmentAction(row)
        }
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        switch self {
        case .categorical(var p):
            p.visitParameters(visit)
            self = .categorical(p)
        case .gaussian(var p):
            p.visitParameters(visit)
            self = .gaussian(p)
        }
    }
}

/// Makes the optimizer a configuration names.
func makeOptimizer(_ name: OptimizerName, learningRate: Float) -> any Optimizer {
    switch name {
    case .adam: return Adam(learningRate: learningRate)
    // PyTorch's defaults but ε = 1e-5, as Stable-Baselines3's A2C uses.
    case .rmsprop: return RMSProp(learningRate: learningRate, alpha: 0.99, epsilon: 1e-5)
    case .sgd: return SGD(learningRate: learningRate)
    }
}
