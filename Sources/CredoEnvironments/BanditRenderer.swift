/// Draws a bandit: one column per arm with a bar of its expected reward (the mean of a
/// `MultiArmedBandit`, θ_a · x in the current context of a `ContextualLinearBandit`), the arm's
/// pull count above it, and a frame around the arm pulled in this episode (a part moved to
/// that column; scaled to nothing before the pull).
///
/// Bars are clipped to `range`, which fixes the picture's scale: [0, 1] for Bernoulli arms,
/// [−3, 3] for Gaussian means and linear rewards (both have unit variance).
public struct BanditRenderer: Sendable {
    /// Pulls shown a second: an episode is one pull, two frames (before and after).
    public static let framesPerSecond = 4.0
    public var range: ClosedRange<Double>

    public init(range: ClosedRange<Double>) { self.range = range }

    /// The scene of arms with expected rewards `values`, pull counts `counts` and the arm
    /// pulled in this episode, if any.
    public func scene(values: [Double], counts: [Int], pulled: Int?, label: String) -> Scene {
        // World units: one per arm across; rewards scaled so that `range` spans 4 units up.
        let k = Double(values.count), unit = 4 / (range.upperBound - range.lowerBound)
        let bottom = unit * range.lowerBound, top = unit * range.upperBound
        let viewport = Viewport(minX: -0.5, minY: bottom - 1, maxX: k - 0.5, maxY: top + 1.4, width: max(360, 48 * k))
        let best = values.indices.max { values[$0] < values[$1] }
        var scenery: [Shape] = [.line(Point(-0.5, 0), Point(k - 0.5, 0), .stroke(Color(120, 120, 120))),
                                .text(label, at: Point(-0.4, top + 1), size: 13, anchor: .start, color: .black)]
        var overlay: [Shape] = []
        for (arm, value) in values.enumerated() {
            let x = Double(arm), bar = unit * min(max(value, range.lowerBound), range.upperBound)
            scenery.append(.rect(Point(x - 0.3, 0), Point(x + 0.3, bar), .fill(arm == best ? Color(70, 130, 90) : Color(150, 160, 175))))
            scenery.append(.text("\(arm)", at: Point(x, bottom - 0.6), size: 12, anchor: .middle, color: Color(80, 80, 80)))
            overlay.append(.text("\(arm < counts.count ? counts[arm] : 0)", at: Point(x, top + 0.3), size: 12, anchor: .middle, color: .black))
        }
        let frame = Part("pulled", shapes: [.rect(Point(-0.45, bottom - 0.25), Point(0.45, top + 0.7), .stroke(Color(220, 60, 40), width: 2.5))],
                         transform: Transform(translation: Point(Double(pulled ?? 0), 0), scale: pulled == nil ? 0 : 1))
        return Scene(viewport: viewport, scenery: scenery, parts: [frame], overlay: overlay)
    }
}

extension MultiArmedBandit: Renderable {
    public var renderFPS: Double { BanditRenderer.framesPerSecond }
    public func renderScene() -> Scene {
        BanditRenderer(range: arms == .bernoulli ? 0...1 : -3...3)
            .scene(values: means, counts: pullCounts, pulled: lastArm, label: "\(arms.rawValue) arms: mean reward, pulls above")
    }
}

extension ContextualLinearBandit: Renderable {
    public var renderFPS: Double { BanditRenderer.framesPerSecond }
    public func renderScene() -> Scene {
        BanditRenderer(range: -3...3).scene(values: (0..<arms).map { expectedReward(arm: $0) }, counts: pullCounts,
                                            pulled: lastArm, label: "expected reward θ·x in this context, pulls above")
    }
}
