/// An environment that knows the expected regret of the actions it is given (the bandits): the
/// best action's expected reward minus the taken action's, summed over its steps since its
/// parameters were last drawn. Regret needs the environment's hidden means, so the environment
/// keeps it; a trainer reads the change over each update (`ActorCritic`'s `regret` metric) and a
/// report sums those (rl-sweep's cumulative regret).
public protocol RegretTracking {
    /// Σ over the steps since the parameters were drawn of max_b E[r | b] − E[r | a_t].
    var cumulativeRegret: Double { get }
}

extension MultiArmedBandit: RegretTracking {}
extension ContextualLinearBandit: RegretTracking {}
extension ClassificationBandit: RegretTracking {}

/// A time limit does not change what an action is expected to pay.
extension TimeLimit: RegretTracking where Inner: RegretTracking {
    public var cumulativeRegret: Double { inner.cumulativeRegret }
}

extension AnyEnvironment {
    /// The erased environment's cumulative regret, or nil when it does not track one.
    public var cumulativeRegret: Double? { (base as? any RegretTracking)?.cumulativeRegret }
}
