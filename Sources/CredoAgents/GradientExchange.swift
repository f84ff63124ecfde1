import CredoDistributed
import CredoTensor

/// The gradients of every network of one optimizer step exchanged between the ranks in ONE
/// allreduce: the groups (policy, control variate, critic, action value, ...) are flattened one
/// after another into a single buffer, reduced, and cut back at the same offsets.
///
/// Every element is reduced on its own, so the packed result equals the result of one allreduce
/// per group bit for bit (the same sums, in the same rank order, then the same division):
///
/// - `mean`: ḡ = (1/R) Σ_r g_r (data parallelism, each rank its own copies);
/// - `rowWeighted`: ḡ = Σ_r w_r g_r / Σ_r w_r, w_r this rank's rows in the step (copies split over
///   the ranks), with w_r appended once to the buffer; every group shares the step's w_r.
public enum GradientExchange {
    /// The groups' gradients one after another in one buffer (each element times `weight` when it
    /// is given and not 1), followed by `weight` itself when it is given.
    static func flatten(_ groups: [[Tensor]], weight: Float? = nil) -> [Float] {
        let total = groups.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        var flat: [Float] = []
        flat.reserveCapacity(total + 1)
        for group in groups {
            for g in group {
                if let w = weight, w != 1 { flat += g.scalars.map { $0 * w } } else { flat += g.scalars }
            }
        }
        if let weight { flat.append(weight) }
        return flat
    }

    /// `flat` cut back into `groups`' shapes, each element multiplied by `scale` unless it is nil.
    static func unflatten(_ flat: [Float], like groups: [[Tensor]], scale: Float? = nil) -> [[Tensor]] {
        var offset = 0
        return groups.map { group in
            group.map { g in
                defer { offset += g.count }
                let part = flat[offset..<(offset + g.count)]
                return Tensor(shape: g.shape, scalars: scale.map { s in part.map { $0 * s } } ?? Array(part))
            }
        }
    }

    /// (1/R) Σ_r g_r for every group, in one allreduce.
    public static func mean(_ groups: [[Tensor]], over communicator: any Communicator) throws -> [[Tensor]] {
        guard communicator.size > 1 else { return groups }
        var flat = flatten(groups)
        try communicator.allreduceMean(&flat)
        return unflatten(flat, like: groups)
    }

    /// Σ_r w_r g_r / Σ_r w_r for every group, in one allreduce (w_r = `weight`, this rank's rows;
    /// 0 for a rank that owns none of the step's rows, which still joins the collective).
    public static func rowWeighted(_ groups: [[Tensor]], weight: Float, over communicator: any Communicator) throws -> [[Tensor]] {
        guard communicator.size > 1 else { return groups }
        var flat = flatten(groups, weight: weight)
        try communicator.allreduceSum(&flat)
        let total = flat.removeLast()
        return unflatten(flat, like: groups, scale: total > 0 ? 1 / total : 0)
    }
}
