/// The Wilson score interval of a binomial proportion (Wilson, 1927): with p̂ = k/n and the
/// normal quantile z (1.959964 for 95%),
///
///     centre = (p̂ + z²/(2n)) / (1 + z²/n)
///     half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²))
///
/// Unlike p̂ ± z√(p̂(1 − p̂)/n) it stays inside [0, 1] and is not empty at k = 0 or k = n.
public struct WilsonInterval: Sendable, Equatable, Codable {
    public var successes: Int
    public var trials: Int
    public var lower: Double
    public var upper: Double

    /// The standard normal's 97.5% quantile, for 95% intervals.
    public static let z95 = 1.959963984540054

    /// The interval of `successes` out of `trials` (trials ≥ 1) at quantile `z`.
    public init(successes: Int, trials: Int, z: Double = WilsonInterval.z95) {
        precondition(trials >= 1 && (0...trials).contains(successes), "need 0 ≤ successes ≤ trials and trials ≥ 1")
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        self.successes = successes
        self.trials = trials
        self.lower = max(0, centre - half)
        self.upper = min(1, centre + half)
    }

    /// The observed rate k/n.
    public var rate: Double { Double(successes) / Double(trials) }
}
