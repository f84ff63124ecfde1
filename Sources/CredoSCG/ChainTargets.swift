/// The inputs of every return target: one rollout segment of `steps` × `environments`
/// transitions, stored time-major (index `t * environments + b`).
///
/// `nextValues[t, b]` is V(s_{t+1}) for the *true* successor of step t in its own episode: the
/// next observation while the episode runs, the value of the final observation when step t was
/// truncated (a time limit), the value of the last observation at the rollout's end. It is
/// ignored when step t terminated (a true terminal state has no future: no bootstrap).
public struct TrajectorySegment: Sendable {
    public var steps: Int
    public var environments: Int
    public var rewards: [Double]
    /// V(s_t).
    public var values: [Double]
    /// V(s_{t+1}) of the step's own successor (see the type's note).
    public var nextValues: [Double]
    public var terminated: [Bool]
    public var truncated: [Bool]

    public init(steps: Int, environments: Int, rewards: [Double], values: [Double], nextValues: [Double],
                terminated: [Bool], truncated: [Bool]) {
        let n = steps * environments
        precondition([rewards.count, values.count, nextValues.count, terminated.count, truncated.count].allSatisfy { $0 == n },
                     "a segment of \(steps) × \(environments) needs \(n) entries in every array")
        self.steps = steps
        self.environments = environments
        self.rewards = rewards
        self.values = values
        self.nextValues = nextValues
        self.terminated = terminated
        self.truncated = truncated
    }

    /// Whether the recursion stops after step t: the episode ended, or the segment did.
    @inline(__always)
    func cut(_ t: Int, _ i: Int) -> Bool { terminated[i] || truncated[i] || t == steps - 1 }

    /// γ V(s_{t+1}) where the step bootstraps, 0 after termination.
    @inline(__always)
    func bootstrap(_ i: Int, gamma: Double) -> Double { terminated[i] ? 0 : gamma * nextValues[i] }
}

/// Monte Carlo returns G_t = r_t + γ r_{t+1} + … to the episode's end, computed backwards as
/// G_t = r_t + γ G_{t+1}. Where the segment cuts an episode the tail is unknown and is
/// bootstrapped from V(s_{t+1}): at a truncation (from the final observation's value) and at the
/// segment's end; after termination the tail is 0. On whole episodes ending in termination these
/// are the plain REINFORCE returns (Williams, 1992).
public func monteCarloReturns(_ s: TrajectorySegment, gamma: Double) -> [Double] {
    lambdaReturns(s, gamma: gamma, lambda: 1)
}

/// λ-returns (Sutton and Barto, 12.1; Weber et al. 2019, section 3.3, the bootstrap as a
/// partial average): G^λ_t = r_t + γ[(1 − λ) V(s_{t+1}) + λ G^λ_{t+1}], with G^λ_{t+1} replaced
/// by V(s_{t+1}) where the recursion is cut (truncation, segment end) and the whole bracket by 0
/// after termination. λ = 1 gives `monteCarloReturns`, λ = 0 TD(0) targets.
public func lambdaReturns(_ s: TrajectorySegment, gamma: Double, lambda: Double) -> [Double] {
    let advantages = generalizedAdvantages(s, gamma: gamma, lambda: lambda)
    return zip(advantages, s.values).map { $0 + $1 }
}

/// K-step bootstrapped returns (Weber et al. 2019, section 3.3; A2C's n-step return):
///
///     G^(K)_t = Σ_{i<m} γ^i r_{t+i} + γ^m V(s_{t+m}),
///
/// where m ≤ K stops early at the episode's end (bootstrapping from the final observation's
/// value after a truncation, from nothing after a termination) and at the segment's end.
/// K = 1 gives TD(0) targets; K ≥ the segment length gives `monteCarloReturns`.
public func kStepReturns(_ s: TrajectorySegment, gamma: Double, k: Int) -> [Double] {
    precondition(k >= 1, "K-step returns need K >= 1, got \(k)")
    let (steps, n) = (s.steps, s.environments)
    var out = [Double](repeating: 0, count: steps * n)
    for b in 0..<n {
        for t in 0..<steps {
            var total = 0.0, discount = 1.0, u = t
            while true {
                let i = u * n + b
                total += discount * s.rewards[i]
                if s.cut(u, i) || u - t + 1 == k {
                    total += discount * s.bootstrap(i, gamma: gamma)
                    break
                }
                discount *= gamma
                u += 1
            }
            out[t * n + b] = total
        }
    }
    return out
}

/// One-step temporal-difference errors δ_t = r_t + γ V(s_{t+1}) − V(s_t) (0 for V(s_{t+1})
/// after termination).
public func temporalDifferenceErrors(_ s: TrajectorySegment, gamma: Double) -> [Double] {
    (0..<(s.steps * s.environments)).map { s.rewards[$0] + s.bootstrap($0, gamma: gamma) - s.values[$0] }
}

/// TD(0) targets r_t + γ V(s_{t+1}), the λ = 0 (or K = 1) member of the family.
public func temporalDifferenceTargets(_ s: TrajectorySegment, gamma: Double) -> [Double] {
    (0..<(s.steps * s.environments)).map { s.rewards[$0] + s.bootstrap($0, gamma: gamma) }
}

/// Generalized advantage estimation (Schulman et al., 2016):
///
///     Â_t = δ_t + γλ Â_{t+1},   Â = 0 beyond a cut (episode end or segment end),
///
/// so Â_t = G^λ_t − V(s_t). λ = 0 gives the TD errors, λ = 1 the Monte Carlo advantages
/// G_t − V(s_t).
public func generalizedAdvantages(_ s: TrajectorySegment, gamma: Double, lambda: Double) -> [Double] {
    precondition((0...1).contains(lambda), "λ must be in [0, 1], got \(lambda)")
    let delta = temporalDifferenceErrors(s, gamma: gamma)
    let n = s.environments
    var out = [Double](repeating: 0, count: s.steps * n)
    for b in 0..<n {
        var next = 0.0
        for t in stride(from: s.steps - 1, through: 0, by: -1) {
            let i = t * n + b
            if s.cut(t, i) { next = 0 }
            next = delta[i] + gamma * lambda * next
            out[i] = next
        }
    }
    return out
}
