import CredoNN
import CredoSCG
import CredoTensor

/// The Q networks of an off-policy run: one (ddpg) or twins (td3, sac, sobolev-q), each an
/// `ActionValueCritic` on [s, a], trained by one optimizer. The twins' minimum is clipped
/// double Q-learning's estimate (Fujimoto et al., 2018), which counters the overestimation a
/// maximising actor induces. Parameters: "q0/network/layer0/weight", "q1/...".
public struct CriticEnsemble: Module {
    public var members: [ActionValueCritic]

    public init(count: Int, observationSize: Int, actionSize: Int, hiddenSizes: [Int], activation: Activation,
                using rng: inout RandomGenerator) {
        precondition(count >= 1, "an ensemble needs at least one critic")
        members = (0..<count).map { _ in
            ActionValueCritic(observationSize: observationSize, actionSize: actionSize, hiddenSizes: hiddenSizes,
                              activation: activation, using: &rng)
        }
    }

    /// Q_i(s, a) for every member, each [N].
    public func values(_ observations: Tensor, _ actions: Tensor) -> [Tensor] { members.map { $0(observations, actions) } }

    /// min_i Q_i(s, a), [N].
    public func minimum(_ observations: Tensor, _ actions: Tensor) -> Tensor {
        let q = values(observations, actions)
        return q.dropFirst().reduce(q[0]) { Tensor.minimum($0, $1) }
    }

    public mutating func visitParameters(_ visit: (String, inout Tensor) -> Void) {
        for i in members.indices { members[i].visitParameters(prefix: "q\(i)", visit) }
    }
}
