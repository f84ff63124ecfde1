import CredoEnvironments
import CredoTensor
import Foundation
import Testing

/// A recorded classic-control episode: the SVG and the state behind each of its frames.
private struct ClassicRecording<State> {
    var svg: String
    var states: [State]
    var frames: Int { states.count }
}

/// Pendulum drawn with θ negated: a known-wrong renderer the checks must catch.
private struct MirroredPendulum: Renderable {
    var state: PendulumState
    var renderFPS: Double { PendulumRenderer.framesPerSecond }
    func renderScene() -> Scene { PendulumRenderer().scene(PendulumState(theta: -state.theta, thetaDot: state.thetaDot)) }
}

/// Acrobot drawn with θ₂ negated.
private struct MirroredElbowAcrobot: Renderable {
    var state: AcrobotState
    var renderFPS: Double { AcrobotRenderer.framesPerSecond }
    func renderScene() -> Scene {
        var mirrored = state
        mirrored.theta2 = -state.theta2
        return AcrobotRenderer().scene(mirrored)
    }
}

/// A mountain car tilted the wrong way (−cos 3p).
private struct BackwardsTiltedMountainCar: Renderable {
    var state: MountainCarState
    var renderFPS: Double { MountainCarRenderer.framesPerSecond }
    func renderScene() -> Scene {
        var scene = MountainCarRenderer(goalPosition: MountainCar.goalPosition).scene(state)
        scene.parts[0].transform.rotation = -scene.parts[0].transform.rotation
        return scene
    }
}

/// SVG's `rotate(r)` (degrees, in the y-down pixel frame) applied to `p`.
private func svgRotate(_ degrees: Double, _ p: Point) -> Point {
    let r = degrees * Double.pi / 180
    return Point(cos(r) * p.x - sin(r) * p.y, sin(r) * p.x + cos(r) * p.y)
}

private func distance(_ a: Point, _ b: Point) -> Double { hypot(a.x - b.x, a.y - b.y) }

/// The frames the checks compare with Gymnasium's pictures, computed from the states with
/// Gymnasium's own formulas (not the renderers'), in pixels of its windows (y down).
@Suite("Classic-control rendering: the frames show their states as Gymnasium draws them")
struct ClassicControlRenderingTests {
    /// Records `environment` (stepped by `policy` until its time limit or the end) through `draw`.
    private func record<E: Environment & Renderable, State>(
        _ environment: E, seed: UInt64, fps: Double, state: (E) -> State, draw: (E) -> any Renderable,
        policy: (State, inout RandomGenerator) -> Action
    ) -> ClassicRecording<State> {
        var environment = environment
        var animation = AnimatedSVG(framesPerSecond: fps)
        var states: [State] = []
        var generator = RandomGenerator(seed: seed)
        _ = environment.reset(seed: seed)
        while true {
            states.append(state(environment))
            animation.append(draw(environment).renderScene())
            let step = environment.step(policy(states.last!, &generator))
            if step.terminated || step.truncated { break }
        }
        states.append(state(environment))
        animation.append(draw(environment).renderScene())
        return ClassicRecording(svg: animation.svg(), states: states)
    }

    // MARK: Pendulum

    private func pendulumEpisode(draw: (TimeLimit<Pendulum>) -> any Renderable = { $0 }) -> ClassicRecording<PendulumState> {
        record(TimeLimit(Pendulum(), maxEpisodeSteps: 200), seed: 4, fps: 30, state: { $0.inner.state }, draw: draw) { _, g in
            .continuous([Float(4 * g.uniformDouble() - 2)])
        }
    }

    /// The largest distance (px) between the SVG's rod end and Gymnasium's: the x axis turned by
    /// θ + π/2 (y up), 1 m long, from the window's centre (250, 250).
    private func pendulumError(_ recording: ClassicRecording<PendulumState>) throws -> Double {
        let root = try parseSVG(recording.svg)
        #expect(root.attributes["data-frames"] == "\(recording.frames)" && root.attributes["data-fps"] == "30")
        let rod = try #require(root.first("data-part", "rod"))
        let n = recording.frames, scale = 500 / 4.4
        let origins = rod.values("translate", frames: n), rotations = rod.values("rotate", frames: n)
        var error = 0.0
        for (i, state) in recording.states.enumerated() {
            let end = svgRotate(rotations[i][0], Point(0, -scale))   // (0, 1 m) in the y-down pixel frame
            let drawn = Point(origins[i][0] + end.x, origins[i][1] + end.y)
            let gymnasium = Point(250 + scale * cos(state.theta + Double.pi / 2), 250 - scale * sin(state.theta + Double.pi / 2))
            error = max(error, distance(drawn, gymnasium))
        }
        return error
    }

    @Test func pendulumRodPointsAtTheta() throws {
        let recording = pendulumEpisode()
        #expect(recording.frames == 201)
        // Rounding to 0.01° moves a 113.6 px rod's end by at most 0.005° = 0.01 px.
        #expect(try pendulumError(recording) <= 0.011)
        #expect(recording.states.contains { abs(sin($0.theta)) > 0.5 }, "the rod swings well away from upright and down")
    }

    @Test func aPendulumDrawnMirroredIsCaught() throws {
        #expect(try pendulumError(pendulumEpisode { MirroredPendulum(state: $0.inner.state) }) > 50)
    }

    // MARK: Acrobot

    private func acrobotEpisode(draw: (TimeLimit<Acrobot>) -> any Renderable = { $0 }) -> ClassicRecording<AcrobotState> {
        record(TimeLimit(Acrobot(), maxEpisodeSteps: 150), seed: 6, fps: 15, state: { $0.inner.state }, draw: draw) { s, _ in
            .discrete(s.dtheta1 >= 0 ? 2 : 0)   // pump energy: torque along the first link's swing
        }
    }

    /// The largest distance (px) between the SVG's elbow and tip and Gymnasium's
    /// p₁ = l₁ (sin θ₁, −cos θ₁), p₂ = p₁ + l₂ (sin(θ₁+θ₂), −cos(θ₁+θ₂)) (y up, from (250, 250)).
    private func acrobotError(_ recording: ClassicRecording<AcrobotState>) throws -> Double {
        let root = try parseSVG(recording.svg)
        #expect(root.attributes["data-frames"] == "\(recording.frames)" && root.attributes["data-fps"] == "15")
        let link1 = try #require(root.first("data-part", "link1")), link2 = try #require(link1.first("data-part", "link2"))
        let n = recording.frames, scale = 500 / 4.4
        let origin = link1.values("translate", frames: n), r1 = link1.values("rotate", frames: n)
        let t2 = link2.values("translate", frames: n), r2 = link2.values("rotate", frames: n)
        var error = 0.0
        for (i, s) in recording.states.enumerated() {
            // A point p of link 2's frame is drawn at origin + R(r₁)(t₂ + R(r₂) p).
            let elbowOffset = svgRotate(r1[i][0], Point(t2[i][0], t2[i][1]))
            let tipOffset = svgRotate(r1[i][0], svgRotate(r2[i][0], Point(scale, 0)))
            let elbow = Point(origin[i][0] + elbowOffset.x, origin[i][1] + elbowOffset.y)
            let tip = Point(elbow.x + tipOffset.x, elbow.y + tipOffset.y)
            let p1 = Point(sin(s.theta1), -cos(s.theta1))
            let p2 = Point(p1.x + sin(s.theta1 + s.theta2), p1.y - cos(s.theta1 + s.theta2))
            error = max(error, distance(elbow, Point(250 + scale * p1.x, 250 - scale * p1.y)),
                        distance(tip, Point(250 + scale * p2.x, 250 - scale * p2.y)))
        }
        return error
    }

    @Test func acrobotLinksEndAtTheElbowAndTip() throws {
        let recording = acrobotEpisode()
        // Link 2's offset rounded to 0.1 px (≤ 0.05 px) and each rotation to 0.01°: the elbow
        // moves by ≤ 0.005° of 113.6 px (0.01 px), the tip by that plus 2 × 0.01 px: ≤ 0.08 px.
        #expect(try acrobotError(recording) <= 0.08)
        #expect(recording.states.contains { abs($0.theta2) > 0.5 }, "the elbow bends")
        // The goal line at height 1: y = 250 − 113.6 px.
        let goal = try #require(try parseSVG(recording.svg).first("data-layer", "scenery")?.descendants.first { $0.name == "line" })
        #expect(goal.attributes["y1"] == "136.4" && goal.attributes["y2"] == "136.4")
        #expect(goal.attributes["x1"] == "0" && goal.attributes["x2"] == "500")
    }

    @Test func anAcrobotElbowBentTheWrongWayIsCaught() throws {
        #expect(try acrobotError(acrobotEpisode { MirroredElbowAcrobot(state: $0.inner.state) }) > 20)
    }

    // MARK: Mountain car

    private func mountainCarEpisode(draw: (TimeLimit<MountainCar>) -> any Renderable = { $0 }) -> ClassicRecording<MountainCarState> {
        record(TimeLimit(MountainCar(), maxEpisodeSteps: 200), seed: 2, fps: 30, state: { $0.inner.state }, draw: draw) { s, _ in
            .discrete(s.velocity >= 0 ? 2 : 0)   // push along the velocity: reaches the flag
        }
    }

    /// The largest differences between the SVG's car and Gymnasium's: its position
    /// ((p + 1.2) · 333.3, 400 − (h(p) · 333.3 + 10)) px, and its tilt cos(3p) rad (SVG: −cos(3p)·180/π°).
    private func mountainCarErrors(_ recording: ClassicRecording<MountainCarState>) throws -> (position: Double, tilt: Double) {
        let root = try parseSVG(recording.svg)
        #expect(root.attributes["data-frames"] == "\(recording.frames)" && root.attributes["data-fps"] == "30")
        let car = try #require(root.first("data-part", "car"))
        let n = recording.frames, scale = 600 / 1.8
        let xy = car.values("translate", frames: n), r = car.values("rotate", frames: n)
        var errors = (position: 0.0, tilt: 0.0)
        for (i, s) in recording.states.enumerated() {
            let height = sin(3 * s.position) * 0.45 + 0.55
            errors.position = max(errors.position, distance(Point(xy[i][0], xy[i][1]),
                                                            Point((s.position + 1.2) * scale, 400 - (height * scale + 10))))
            errors.tilt = max(errors.tilt, abs(r[i][0] + cos(3 * s.position) * 180 / Double.pi))
        }
        return errors
    }

    @Test func mountainCarSitsOnTheTrackTiltedByItsSlope() throws {
        let recording = mountainCarEpisode()
        #expect(recording.states.last!.position >= 0.5 && recording.frames < 201, "the car reached the flag")
        let errors = try mountainCarErrors(recording)
        #expect(errors.position <= 0.05 * 2.squareRoot() + 1e-9)
        #expect(errors.tilt <= 0.005 + 1e-9)
        // The track: 100 points on h, the flag's pole at the goal 0.5 (566.7 px).
        let scenery = try #require(try parseSVG(recording.svg).first("data-layer", "scenery"))
        let track = try #require(scenery.descendants.first { $0.name == "polyline" })
        let points = SVGElement.numbers(track.attributes["points", default: ""])
        #expect(points.count == 200)
        for i in stride(from: 0, to: points.count, by: 2) {
            let x = points[i] / (600 / 1.8) - 1.2
            #expect(abs(points[i + 1] - (400 - (sin(3 * x) * 0.45 + 0.55) * 600 / 1.8)) <= 0.2)
        }
        #expect(scenery.descendants.first { $0.name == "line" }?.attributes["x1"] == "566.7")
    }

    @Test func aMountainCarTiltedBackwardsIsCaught() throws {
        let errors = try mountainCarErrors(mountainCarEpisode { BackwardsTiltedMountainCar(state: $0.inner.state) })
        #expect(errors.position <= 0.05 * 2.squareRoot() + 1e-9)
        #expect(errors.tilt > 30, "off by 2 cos(3p) rad, up to 115°")
    }

    @Test func theContinuousMountainCarsFlagStandsAtItsGoal() throws {
        var environment = MountainCarContinuous()
        _ = environment.reset(seed: 0)
        var animation = AnimatedSVG(framesPerSecond: environment.renderFPS)
        animation.append(environment.renderScene())
        let scenery = try #require(try parseSVG(animation.svg()).first("data-layer", "scenery"))
        #expect(environment.renderFPS == 30)
        #expect(scenery.descendants.first { $0.name == "line" }?.attributes["x1"] == "550")   // (0.45 + 1.2) · 333.3
    }
}
