import CredoEnvironments
import CredoTensor
import Testing

/// The example of docs/recording.md: a hallway of cells the agent walks along (action 1 right,
/// 0 left), drawn by a small renderer of its own.
struct Hallway: Environment {
    var position = 0
    let length = 8
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: Float(length - 1), shape: [1]) }
    var actionSpace: Space { .discrete(2) }

    mutating func reset(seed: UInt64?) -> [Float] {
        position = 0
        return [0]
    }

    mutating func step(_ action: Action) -> StepResult {
        guard case .discrete(let move) = action else { preconditionFailure("Hallway takes .discrete(0 or 1)") }
        position = min(max(position + (move == 1 ? 1 : -1), 0), length - 1)
        let done = position == length - 1
        return StepResult(observation: [Float(position)], reward: done ? 1 : 0, terminated: done, truncated: false)
    }
}

extension Hallway: Renderable {
    var renderFPS: Double { 4 }

    func renderScene() -> Scene {
        let cells = (0..<length).map { i in
            Shape.rect(Point(Double(i) - 0.45, -0.45), Point(Double(i) + 0.45, 0.45), .stroke(.black))
        }
        let agent = Part("agent", shapes: [.circle(center: .zero, radius: 0.3, .fill(Color(200, 40, 40)))],
                         transform: .translation(Double(position), 0))
        return Scene(viewport: Viewport(minX: -0.5, minY: -0.5, maxX: Double(length) - 0.5, maxY: 0.5, width: 480),
                     scenery: cells + [.text("goal", at: Point(Double(length - 1), 0), size: 12, anchor: .middle, color: .black)],
                     parts: [agent])
    }
}

@Suite("A user's environment draws itself")
struct UserRendererTests {
    @Test func theHallwayExampleRecordsTheAgentsWalk() throws {
        var animation = AnimatedSVG(framesPerSecond: 4)
        var corridor = try #require(RecordingEnvironment(Hallway()) { animation.append($0.scene, status: "step \($0.step)") })
        _ = corridor.reset(seed: 0)
        var positions = [0]
        for move in [1, 1, 0, 1, 1, 1, 1, 1, 1] {
            let step = corridor.step(.discrete(move))
            positions.append(Int(step.observation[0]))
            if step.terminated { break }
        }
        let root = try parseSVG(animation.svg())
        let n = positions.count
        #expect(n == 10 && root.attributes["data-frames"] == "10")
        #expect(root.first("data-part", "agent")?.animation("translate")?.attributes["dur"] == "2.5s")
        // 60 px per cell, the first cell's centre at 30 px.
        let xs = try #require(root.first("data-part", "agent")).values("translate", frames: n).map { $0[0] }
        #expect(xs == positions.map { 30 + 60 * Double($0) })
        // Not renderable: no recording.
        #expect(RecordingEnvironment(TimeLimit(ClassificationLikeBlank(), maxEpisodeSteps: 3)) { _ in } == nil)
    }
}

/// An environment without a renderer.
private struct ClassificationLikeBlank: Environment {
    var rng = RandomGenerator(seed: 0)
    var observationSpace: Space { .box(low: 0, high: 0, shape: [1]) }
    var actionSpace: Space { .discrete(1) }
    mutating func reset(seed: UInt64?) -> [Float] { [0] }
    mutating func step(_ action: Action) -> StepResult { StepResult(observation: [0], reward: 0, terminated: true, truncated: false) }
}
