import CredoEnvironments
import CredoTensor
import Foundation
import Testing

/// CartPole drawn with the pole's angle negated: the known-wrong renderer the checks must catch.
private struct MirroredPoleCartPole: Renderable {
    var state: CartPoleState
    var renderFPS: Double { CartPoleRenderer.framesPerSecond }
    func renderScene() -> Scene {
        var mirrored = state
        mirrored.theta = -state.theta
        return CartPoleRenderer().scene(mirrored)
    }
}

/// A recorded episode: the SVG and the state behind each of its frames.
private struct Recorded<State> {
    var svg: String
    var states: [State]
}

@Suite("Episode rendering: animated SVG of each built-in environment")
struct EpisodeRenderingTests {
    /// CartPole pushed right until the pole falls (θ grows to 12°), drawn by `draw`.
    private func cartPoleEpisode(draw: (CartPole) -> any Renderable = { $0 }) -> Recorded<CartPoleState> {
        var environment = TimeLimit(CartPole(), maxEpisodeSteps: 500)
        var animation = AnimatedSVG(framesPerSecond: CartPoleRenderer.framesPerSecond)
        var states: [CartPoleState] = []
        func frame() {
            states.append(environment.inner.state)
            animation.append(draw(environment.inner).renderScene(), status: "step \(states.count - 1)")
        }
        _ = environment.reset(seed: 5)
        frame()
        while !environment.step(.discrete(1)).isEnded { frame() }
        frame()
        return Recorded(svg: animation.svg(), states: states)
    }

    /// Largest differences between the SVG's cart and pole and the states: cart x in pixels,
    /// pole angle in degrees (SVG's clockwise `rotate` equals θ in degrees).
    private func cartPoleErrors(_ recorded: Recorded<CartPoleState>) throws -> (x: Double, angle: Double) {
        let root = try parseSVG(recorded.svg)
        let n = recorded.states.count
        let cart = try #require(root.first("data-part", "cart")), pole = try #require(root.first("data-part", "pole"))
        let xs = cart.values("translate", frames: n), angles = pole.values("rotate", frames: n)
        try #require(xs.count == n && angles.count == n)
        var errors = (x: 0.0, angle: 0.0)
        for (i, state) in recorded.states.enumerated() {
            errors.x = max(errors.x, abs(xs[i][0] - 125 * (state.x + 2.4)))
            errors.angle = max(errors.angle, abs(angles[i][0] - state.theta * 180 / Double.pi))
        }
        return errors
    }

    @Test func cartPoleFramesShowTheCartAndThePoleOfTheirState() throws {
        let recorded = cartPoleEpisode()
        let root = try parseSVG(recorded.svg)
        let n = recorded.states.count
        #expect(n > 5 && abs(recorded.states.last!.theta) > 0.2, "the pole fell")
        #expect(root.attributes["data-frames"] == "\(n)")
        // Rounding: 0.1 px for positions, 0.01° for angles.
        let errors = try cartPoleErrors(recorded)
        #expect(errors.x <= 0.05 + 1e-9)
        #expect(errors.angle <= 0.005 + 1e-9)
        // The status line of frame i says "step i".
        let statuses = try #require(root.first("data-layer", "caption")).descendants.filter { $0.name == "text" }
        for frame in [0, n / 2, n - 1] {
            let shown = statuses.filter { isVisible($0, frame: frame, frames: n) }.map(\.text)
            #expect(shown == ["step \(frame)"])
        }
    }

    @Test func aPoleDrawnMirroredIsCaught() throws {
        let errors = try cartPoleErrors(cartPoleEpisode { MirroredPoleCartPole(state: $0.state) })
        #expect(errors.x <= 0.05 + 1e-9)
        #expect(errors.angle > 10, "the mirrored pole is off by 2θ, up to 24°")
    }

    @Test func lunarLanderFramesShowTheLanderAndItsFlames() throws {
        var environment = LunarLander()
        var animation = AnimatedSVG(framesPerSecond: environment.renderFPS)
        var origins: [Point] = [], angles: [Double] = [], mains: [Double] = [], sides: [(Double, Double)] = []
        func frame() {
            origins.append(Point(environment.physics.origin.x, environment.physics.origin.y))
            angles.append(environment.physics.body.angle)
            mains.append(environment.lastEngines.main)
            sides.append((environment.lastEngines.side, environment.lastEngines.direction))
            animation.append(environment.renderScene())
        }
        var observation = environment.reset(seed: 3)
        frame()
        while true {
            let step = environment.step(.discrete(LunarLanderHeuristic.discreteAction(observation)))
            observation = step.observation
            frame()
            if step.terminated || step.truncated { break }
        }
        let n = origins.count
        let svg = animation.svg()
        let root = try parseSVG(svg)
        #expect(root.attributes["data-frames"] == "\(n)" && root.attributes["data-fps"] == "50")
        // Well under a few MiB for 1000 frames.
        #expect(svg.utf8.count < 400 * n, "\(svg.utf8.count) bytes for \(n) frames")

        let lander = try #require(root.first("data-part", "lander"))
        let positions = lander.values("translate", frames: n), rotations = lander.values("rotate", frames: n)
        let viewport = LunarLanderRenderer.viewport
        var positionError = 0.0, angleError = 0.0, mirroredError = 0.0
        for i in 0..<n {
            let pixel = viewport.screen(origins[i])
            positionError = max(positionError, abs(positions[i][0] - pixel.x), abs(positions[i][1] - pixel.y))
            angleError = max(angleError, abs(rotations[i][0] + angles[i] * 180 / Double.pi))
            mirroredError = max(mirroredError, abs(rotations[i][0] - angles[i] * 180 / Double.pi))
        }
        #expect(positionError <= 0.05 + 1e-9)
        #expect(angleError <= 0.005 + 1e-9)
        #expect(mirroredError > 1, "the angle's sign matters: a mirrored lander would be off")

        // The main flame is shown (scale = throttle) exactly in the frames after a main-engine step;
        // a side flame on the side of its nozzle.
        let main = try #require(lander.first("data-part", "main-flame")).values("scale", frames: n).map { $0[0] }
        let left = try #require(lander.first("data-part", "side-flame-left")).values("scale", frames: n).map { $0[0] }
        let right = try #require(lander.first("data-part", "side-flame-right")).values("scale", frames: n).map { $0[0] }
        #expect(main == mains)
        #expect(left == sides.map { $0.1 == 1 ? $0.0 : 0 })
        #expect(right == sides.map { $0.1 == -1 ? $0.0 : 0 })
        #expect(mains.contains(1) && sides.contains { $0.1 != 0 }, "the heuristic fires both kinds of engine")
    }

    @Test func banditFramesShowThePulledArmAndThePullCounts() throws {
        var bandit = MultiArmedBandit(arms: .bernoulli, count: 5)
        var animation = AnimatedSVG(framesPerSecond: bandit.renderFPS)
        _ = bandit.reset(seed: 2)
        let pulls = [3, 1, 3, 4, 3, 0]
        for arm in pulls {
            _ = bandit.reset(seed: nil)
            animation.append(bandit.renderScene())
            _ = bandit.step(.discrete(arm))
            animation.append(bandit.renderScene())
        }
        let n = 2 * pulls.count
        let root = try parseSVG(animation.svg())
        #expect(root.attributes["data-frames"] == "\(n)" && root.attributes["data-fps"] == "4")
        let frame = try #require(root.first("data-part", "pulled"))
        let xs = frame.values("translate", frames: n), scales = frame.values("scale", frames: n)
        let viewport = BanditRenderer(range: 0...1).scene(values: bandit.means, counts: [], pulled: nil, label: "").viewport
        let overlay = try #require(root.first("data-layer", "overlay"))
        for (episode, arm) in pulls.enumerated() {
            let before = 2 * episode, after = before + 1
            #expect(scales[before] == [0] && scales[after] == [1])
            #expect(abs(xs[after][0] - viewport.screen(Point(Double(arm), 0)).x) <= 0.05)
            // The counts above the arms after this pull.
            let counts = (0..<5).map { a in pulls[...episode].filter { $0 == a }.count }
            let shown = overlay.descendants.filter { $0.name == "text" && isVisible($0.parent!, frame: after, frames: n) }
            #expect(shown.map(\.text) == counts.map(String.init))
        }
    }

    @Test(arguments: ["cartpole", "cartpole-continuous", "lunarlander", "lunarlander-continuous",
                      "bandit-bernoulli", "bandit-gaussian", "bandit-contextual-linear",
                      "pendulum", "acrobot", "mountaincar", "mountaincar-continuous"])
    func everyBuiltInEnvironmentRecordsOneFramePerState(name: String) throws {
        var frames: [RecordedFrame] = []
        var environment = try #require(RecordingEnvironment(try makeEnvironment(name)) { frames.append($0) })
        var generator = RandomGenerator(seed: 9)
        _ = environment.reset(seed: 1)
        var steps = 0
        while steps < 120 {
            let action: Action = switch environment.actionSpace {
            case .discrete(let n): .discrete(Int(generator.uniformDouble() * Double(n)))
            default: .continuous((0..<environment.actionSpace.flatSize).map { _ in Float(2 * generator.uniformDouble() - 1) })
            }
            steps += 1
            if environment.step(action).isEnded { break }
        }
        #expect(frames.count == steps + 1)
        #expect(frames.map(\.step) == Array(0...steps))
        let fps = try #require(frames.first?.framesPerSecond)
        let gymnasiumFPS = ["pendulum": 30.0, "acrobot": 15, "mountaincar": 30, "mountaincar-continuous": 30]
        #expect(fps == gymnasiumFPS[name, default: name.hasPrefix("bandit") ? 4 : 50])
        var animation = AnimatedSVG(framesPerSecond: fps)
        for frame in frames { animation.append(frame.scene, caption: name, status: "step \(frame.step)") }
        let root = try parseSVG(animation.svg())
        let n = frames.count
        #expect(root.attributes["data-frames"] == "\(n)")
        // Every animation lasts frames / fps and, for a part, holds one value per frame.
        let duration = Double(n) / fps
        let animations = root.descendants.filter { $0.name == "animate" || $0.name == "animateTransform" }
        #expect(!animations.isEmpty)
        for animation in animations {
            let dur = try #require(animation.attributes["dur"].flatMap { Double($0.dropLast()) })
            #expect(abs(dur - duration) <= 0.5e-6 + 1e-12, "dur is written to the microsecond (121 / 30 s)")
            #expect(animation.attributes["repeatCount"] == "indefinite")
            if animation.name == "animateTransform" {
                #expect(animation.attributes["values"]?.split(separator: ";").count == n)
            }
        }
    }

    @Test func numbersAreRoundedToWhatAScreenShows() throws {
        var animation = AnimatedSVG(framesPerSecond: 50)
        let viewport = Viewport(minX: 0, minY: 0, maxX: 10, maxY: 5, width: 100)
        for x in [1.234, 1.236, -0.004] {
            animation.append(Scene(viewport: viewport, parts: [Part("dot", shapes: [.circle(center: .zero, radius: 0.5, .fill(.black))],
                                                                   transform: Transform(translation: Point(x, 2.5), rotation: x))]))
        }
        let dot = try #require(try parseSVG(animation.svg()).first("data-part", "dot"))
        #expect(dot.animation("translate")?.attributes["values"] == "12.3 25;12.4 25;0 25")
        #expect(dot.animation("rotate")?.attributes["values"] == "-70.7;-70.82;0.23")
        #expect(dot.descendants.first { $0.name == "circle" }?.attributes["r"] == "5")
    }
}

private extension StepResult {
    var isEnded: Bool { terminated || truncated }
}
