import CredoTensor

/// One recorded frame: the scene of a state, and what led to it.
public struct RecordedFrame: Sendable {
    public var scene: Scene
    /// Frames a second the environment plays at (`Renderable.renderFPS`).
    public var framesPerSecond: Double
    /// The step within the episode: 0 for the state `reset` returned.
    public var step: Int
    /// The reward of the step that led here (0 after a reset).
    public var reward: Double
    /// Whether that step ended the episode (terminated or truncated).
    public var isLast: Bool
}

/// Passes everything through to `inner` and hands the scene of every state it reaches (after
/// each `reset`, after each `step`) to `record`, as Gymnasium's `RecordVideo` wrapper does with
/// frames. An episode of T steps gives T + 1 frames.
public struct RecordingEnvironment: Environment {
    public var inner: any Environment
    let drawing: (any Environment) -> (fps: Double, scene: Scene)
    let record: (RecordedFrame) -> Void
    var step = 0

    /// nil when `inner` does not draw itself (is not `Renderable`).
    public init?(_ inner: any Environment, record: @escaping (RecordedFrame) -> Void) {
        guard renderable(inner) != nil else { return nil }
        self.inner = inner
        self.record = record
        drawing = { environment in
            let renderer = renderable(environment)!
            return (renderer.renderFPS, renderer.renderScene())
        }
    }

    public var observationSpace: Space { inner.observationSpace }
    public var actionSpace: Space { inner.actionSpace }
    public var rng: RandomGenerator {
        get { inner.rng }
        set { inner.rng = newValue }
    }

    public mutating func reset(seed: UInt64?) -> [Float] {
        let observation = inner.reset(seed: seed)
        step = 0
        let (fps, scene) = drawing(inner)
        record(RecordedFrame(scene: scene, framesPerSecond: fps, step: 0, reward: 0, isLast: false))
        return observation
    }

    public mutating func step(_ action: Action) -> StepResult {
        let result = inner.step(action)
        step += 1
        let (fps, scene) = drawing(inner)
        record(RecordedFrame(scene: scene, framesPerSecond: fps, step: step, reward: result.reward,
                             isLast: result.terminated || result.truncated))
        return result
    }
}
