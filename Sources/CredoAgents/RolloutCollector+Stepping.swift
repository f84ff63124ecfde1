import CredoEnvironments

extension RolloutCollector {
    /// The copies' observations, rewards and flags after a step. The per-step reads of the
    /// collection loop (these, `isDone`, `finalObservation`, `count`) go to the concrete
    /// `builtInEnvironments` when the copies are built in: through `environments` each read would
    /// wrap them in an existential and call through its witness table (about 1 % of an a2c
    /// CartPole solve in `perf`, where the collector before the protocol read the vector directly).
    var stepResults: (observations: [Float], rewards: [Double], terminated: [Bool], truncated: [Bool]) {
        if let vector = builtInEnvironments { return (vector.observations, vector.rewards, vector.terminated, vector.truncated) }
        let bridged = bridged!
        return (bridged.observations, bridged.rewards, bridged.terminated, bridged.truncated)
    }

    /// Whether copy i's episode ended at the last step.
    func isDone(_ i: Int) -> Bool { builtInEnvironments?.isDone(i) ?? bridged!.isDone(i) }

    /// Copy i's last observation of the episode that ended at the last step.
    func finalObservation(_ i: Int) -> ArraySlice<Float> { builtInEnvironments?.finalObservation(i) ?? bridged!.finalObservation(i) }

    /// Steps the copies (in place: `builtInEnvironments!` is mutated where it is stored).
    mutating func stepEnvironments(_ actions: [Action]) throws {
        if builtInEnvironments != nil {
            builtInEnvironments!.step(actions)
        } else {
            try bridged!.step(actions)
        }
    }

    /// Resets the copies, each continuing its own stream.
    mutating func resetEnvironments() throws {
        if builtInEnvironments != nil {
            builtInEnvironments!.reset(seed: nil)
        } else {
            try bridged!.reset(seed: nil)
        }
    }
}
