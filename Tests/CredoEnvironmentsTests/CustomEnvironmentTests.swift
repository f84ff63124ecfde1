import CredoEnvironments
import CredoTensor
import Testing

// The example of docs/environments.md: a custom environment, written against the public API only
// (plain `import`, no `@testable`), registered by name and stepped alone and vectorised.

/// A corridor of `length` cells. The agent starts in cell 0 and walks left (action 0) or right
/// (action 1); with probability `slip` it moves the other way. Each step costs −1; reaching the
/// last cell terminates the episode. The observation is the one-hot code of the cell.
struct Corridor: Environment, Sendable {
    let length: Int
    let slip: Double
    var position = 0
    var rng = RandomGenerator(seed: 0)

    init(length: Int = 5, slip: Double = 0.1) {
        self.length = length
        self.slip = slip
    }

    var observationSpace: Space { .box(low: 0, high: 1, shape: [length]) }
    var actionSpace: Space { .discrete(2) }

    func observation() -> [Float] {
        (0..<length).map { $0 == position ? 1 : 0 }
    }

    mutating func reset(seed: UInt64?) -> [Float] {
        if let seed { rng = RandomGenerator(seed: seed) }
        position = 0
        return observation()
    }

    mutating func step(_ action: Action) -> StepResult {
        guard case .discrete(let a) = action, a == 0 || a == 1 else {
            preconditionFailure("Corridor takes .discrete(0) or .discrete(1), got \(action)")
        }
        let slipped = rng.uniformDouble() < slip
        let move = (a == 1) != slipped ? 1 : -1
        position = min(max(position + move, 0), length - 1)
        return StepResult(observation: observation(), reward: -1,
                          terminated: position == length - 1, truncated: false)
    }
}

@Suite struct CustomEnvironmentTests {
    static func registry() -> EnvironmentRegistry {
        var registry = EnvironmentRegistry.standard
        registry.register("corridor") { TimeLimit(Corridor(length: 5, slip: 0.1), maxEpisodeSteps: 50) }
        return registry
    }

    @Test func aCustomEnvironmentSteppedByName() throws {
        var env = try Self.registry().make("corridor")
        #expect(env.reset(seed: 1) == [1, 0, 0, 0, 0])
        // Walking right reaches the end in 4 steps without slips, more with them.
        var steps = 0, result: StepResult
        repeat { result = env.step(.discrete(1)); steps += 1 } while !result.terminated
        #expect(result.observation == [0, 0, 0, 0, 1])
        #expect(steps >= 4)
        // The standard registry is unchanged.
        #expect(!EnvironmentRegistry.standard.names.contains("corridor"))
    }

    @Test func aCustomEnvironmentVectorisedWithStatistics() throws {
        let registry = Self.registry()
        var vec = try VectorEnvironment(count: 4, seed: 2) { _ in
            EpisodeStatistics(AnyEnvironment(try registry.make("corridor")))
        }
        #expect(vec.observationSize == 5)
        let right = [Action](repeating: .discrete(1), count: 4)
        var finished = 0
        for _ in 0..<200 {
            vec.step(right)
            for i in 0..<4 where vec.isDone(i) {
                finished += 1
                #expect(Array(vec.finalObservation(i)) == [0, 0, 0, 0, 1])
                #expect(Array(vec.observation(i)) == [1, 0, 0, 0, 0])
                #expect(vec.environments[i].lastEpisode!.episodeReturn == -Double(vec.environments[i].lastEpisode!.length))
            }
        }
        #expect(finished > 50)
        // Slips happen at about the set rate: a walk with drift 1 − 2 · 0.1 covers 4 cells in
        // about 4 / 0.8 = 5 steps (a little more, for the wall at cell 0).
        let lengths = vec.environments.flatMap(\.recentEpisodes).map { Double($0.length) }
        let mean = lengths.reduce(0, +) / Double(lengths.count)
        #expect(abs(mean - 5) < 1)
    }
}
