import CredoCheckpoint

/// A replay buffer in a checkpoint, under `prefix` (`replay`): the filled rows only, in storage
/// order — `observations` and `next_observations` [count, o], `actions` [count, d], `rewards`,
/// `terminated`, `truncated` [count] (Float32) — and int64 scalars `capacity`, `count`,
/// `position`. Restoring puts the rows back where they were, so the ring continues and the
/// minibatches drawn after a restore are the uninterrupted run's.
///
/// The checkpoint layer stores each dataset contiguous and uncompressed (it has no chunking or
/// compression filters); a full buffer of a million Pendulum transitions takes 40 MB.
extension ReplayBuffer {
    public func write(into c: inout Checkpoint, prefix: String) throws {
        let (n, o, d) = (count, observationSize, actionSize)
        try c.set("\(prefix)/capacity", scalar: Int64(capacity))
        try c.set("\(prefix)/count", scalar: Int64(n))
        try c.set("\(prefix)/position", scalar: Int64(position))
        try c.set("\(prefix)/observations", Array(observations[0..<n * o]), shape: [n, o])
        try c.set("\(prefix)/next_observations", Array(nextObservations[0..<n * o]), shape: [n, o])
        try c.set("\(prefix)/actions", Array(actions[0..<n * d]), shape: [n, d])
        try c.set("\(prefix)/rewards", Array(rewards[0..<n]), shape: [n])
        try c.set("\(prefix)/terminated", Array(terminated[0..<n]), shape: [n])
        try c.set("\(prefix)/truncated", Array(truncated[0..<n]), shape: [n])
    }

    /// Restores rows written by `write(into:prefix:)` into this (empty or not) buffer of the same
    /// capacity and sizes; throws, naming the mismatch, otherwise.
    public mutating func restore(from c: Checkpoint, prefix: String) throws {
        let saved = Int(try c.scalar("\(prefix)/capacity", as: Int64.self))
        guard saved == capacity else {
            throw ActorCriticError.checkpointMismatch("the replay buffer holds \(capacity) transitions, the checkpoint's \(saved)")
        }
        let n = Int(try c.scalar("\(prefix)/count", as: Int64.self))
        let p = Int(try c.scalar("\(prefix)/position", as: Int64.self))
        guard (0...capacity).contains(n), (0..<capacity).contains(p), n == capacity || p == n % capacity else {
            throw ActorCriticError.checkpointMismatch("replay buffer count \(n) and position \(p) do not fit a capacity of \(capacity)")
        }
        let (o, d) = (observationSize, actionSize)
        observations.replaceSubrange(0..<n * o, with: try c.values("\(prefix)/observations", as: Float.self, shape: [n, o]))
        nextObservations.replaceSubrange(0..<n * o, with: try c.values("\(prefix)/next_observations", as: Float.self, shape: [n, o]))
        actions.replaceSubrange(0..<n * d, with: try c.values("\(prefix)/actions", as: Float.self, shape: [n, d]))
        rewards.replaceSubrange(0..<n, with: try c.values("\(prefix)/rewards", as: Float.self, shape: [n]))
        terminated.replaceSubrange(0..<n, with: try c.values("\(prefix)/terminated", as: Float.self, shape: [n]))
        truncated.replaceSubrange(0..<n, with: try c.values("\(prefix)/truncated", as: Float.self, shape: [n]))
        // Rows past the filled part are never read; zero them so equal states compare equal.
        for i in n..<capacity {
            for j in 0..<o { observations[i * o + j] = 0; nextObservations[i * o + j] = 0 }
            for j in 0..<d { actions[i * d + j] = 0 }
            rewards[i] = 0; terminated[i] = 0; truncated[i] = 0
        }
        count = n
        position = p
    }
}
