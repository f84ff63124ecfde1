/// The mean of the last `window` values added, in constant time per value: the "rolling mean
/// return over 100 episodes" that progress lines and summaries show.
public struct RollingMean: Sendable {
    /// How many recent values the mean covers.
    public let window: Int
    private var values: [Double] = []
    private var next = 0
    private var sum = 0.0

    public init(window: Int = 100, values initial: [Double] = []) {
        precondition(window >= 1, "a rolling window holds at least one value")
        self.window = window
        for value in initial { add(value) }
    }

    /// Adds a value, dropping the oldest when the window is full.
    public mutating func add(_ value: Double) {
        if values.count < window {
            values.append(value)
        } else {
            sum -= values[next]
            values[next] = value
            next = (next + 1) % window
        }
        sum += value
        // Recompute now and then so rounding errors of the running sum cannot pile up.
        if next == 0 && values.count == window { sum = values.reduce(0, +) }
    }

    /// The number of values in the window.
    public var count: Int { values.count }

    /// The mean of the values in the window, `nil` before the first.
    public var mean: Double? { values.isEmpty ? nil : sum / Double(values.count) }
}
