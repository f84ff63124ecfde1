import CredoEnvironments
import CredoTensor
import Foundation
import Testing

/// gym: copies stepped through the bridge equal Gymnasium's environments stepped directly in
/// Python with the same seeds and actions: observations (bit for bit, as Float32), rewards and
/// both flags, across several same-step autoresets.
@Suite(.serialized) struct GymConformanceTests {
    /// Steps each copy in Python with same-step autoreset (the bridge's convention) and, as the
    /// known-wrong variant, Gymnasium's SyncVectorEnv with its default next-step autoreset.
    static let reference = #"""
import json, sys
import gymnasium as gym, numpy as np
spec = json.loads(sys.argv[1])
seeds = spec["seeds"]
envs = [gym.make(spec["id"]) for _ in seeds]
flat = lambda o: [float(x) for x in np.asarray(o, np.float32).ravel()]
def act(env, a):
    if isinstance(a, list):
        return np.clip(np.array(a, np.float32), env.action_space.low, env.action_space.high)
    return a
out = {"first": [flat(e.reset(seed=s)[0]) for e, s in zip(envs, seeds)], "steps": []}
for actions in spec["actions"]:
    row = []
    for e, a in zip(envs, actions):
        o, r, te, tr, _ = e.step(act(e, a))
        final = None
        if te or tr:
            final = flat(o)
            o, _ = e.reset()
        row.append({"obs": flat(o), "reward": float(r), "terminated": bool(te), "truncated": bool(tr), "final": final})
    out["steps"].append(row)
vec = gym.vector.SyncVectorEnv([lambda: gym.make(spec["id"]) for _ in seeds])
o, _ = vec.reset(seed=seeds)
nxt = []
for actions in spec["actions"]:
    a = np.array([act(envs[0], x) for x in actions])
    o, *_ = vec.step(a)
    nxt.append([flat(x) for x in o])
out["next_step"] = nxt
print(json.dumps(out))
"""#

    struct Reference: Decodable {
        struct Step: Decodable {
            let obs: [Float]
            let reward: Double
            let terminated: Bool
            let truncated: Bool
            let final: [Float]?
        }
        let first: [[Float]]
        let steps: [[Step]]
        let next_step: [[[Float]]]
    }

    /// Steps `id` through the bridge and in Python; returns the count of mismatches of the
    /// same-step reference, whether the next-step variant was ever different, and the episode ends seen.
    func compare(id: String, actions: [[Action]], seed: UInt64, python: String) throws -> (mismatches: [String], nextStepDiffers: Bool, ends: Int) {
        let count = actions[0].count
        let vector = try GymVectorEnvironment(id: id, count: count, seed: seed, workers: 2, python: python)
        defer { vector.close() }
        let json: [[Any]] = actions.map { row in row.map { a -> Any in
            switch a { case .discrete(let i): i; case .continuous(let x): x.map(Double.init) } } }
        let spec = try JSONSerialization.data(withJSONObject: ["id": id, "seeds": vector.copySeeds.map { Int($0) }, "actions": json])
        let result = try GymTestSupport.run(python, ["-c", Self.reference, String(decoding: spec, as: UTF8.self)])
        #expect(result.status == 0, "\(result.errors)")
        let reference = try JSONDecoder().decode(Reference.self, from: result.output)
        var mismatches: [String] = [], nextStepDiffers = false, ends = 0
        for i in 0..<count where Array(vector.observation(i)) != reference.first[i] { mismatches.append("first observation of copy \(i)") }
        for (t, row) in actions.enumerated() {
            try vector.step(row)
            for i in 0..<count {
                let r = reference.steps[t][i]
                if Array(vector.observation(i)) != r.obs { mismatches.append("observation of copy \(i) at step \(t)") }
                if vector.rewards[i] != r.reward { mismatches.append("reward of copy \(i) at step \(t)") }
                if vector.terminated[i] != r.terminated || vector.truncated[i] != r.truncated {
                    mismatches.append("flags of copy \(i) at step \(t)")
                }
                if let final = r.final {
                    ends += 1
                    if Array(vector.finalObservation(i)) != final { mismatches.append("final observation of copy \(i) at step \(t)") }
                }
                if Array(vector.observation(i)) != reference.next_step[t][i] { nextStepDiffers = true }
            }
        }
        return (mismatches, nextStepDiffers, ends)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func cartPoleMatchesGymnasiumSteppedDirectly() throws {
        let python = try GymTestSupport.requireGymnasium()
        var rng = RandomGenerator(seed: 3)
        let actions = (0..<200).map { _ in (0..<3).map { _ in Action.discrete(rng.int(below: 2)) } }
        let (mismatches, nextStepDiffers, ends) = try compare(id: "CartPole-v1", actions: actions, seed: 11, python: python)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(ends >= 10, "a random policy ends CartPole's episodes every ~20 steps; saw \(ends) ends")
        // Negative control: Gymnasium's own vector autoreset (next-step) is a different sequence.
        #expect(nextStepDiffers)
    }

    /// Pendulum-v1: Box actions (some outside [-2, 2], clipped as SB3 does), float32
    /// observations, 200-step time limits (truncated).
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func pendulumMatchesGymnasiumSteppedDirectly() throws {
        let python = try GymTestSupport.requireGymnasium()
        var rng = RandomGenerator(seed: 4)
        let actions = (0..<410).map { _ in (0..<2).map { _ in Action.continuous([rng.uniformFloat() * 6 - 3]) } }
        let (mismatches, _, ends) = try compare(id: "Pendulum-v1", actions: actions, seed: 12, python: python)
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
        #expect(ends == 4, "two copies, two 200-step truncations each; saw \(ends)")
    }

    /// The same seed gives the same episodes; another seed other ones.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func sameSeedSameEpisodes() throws {
        let python = try GymTestSupport.requireGymnasium()
        func firstObservations(_ seed: UInt64) throws -> [Float] {
            let v = try GymVectorEnvironment(id: "CartPole-v1", count: 2, seed: seed, workers: 1, python: python)
            defer { v.close() }
            return v.observations
        }
        #expect(try firstObservations(5) == firstObservations(5))
        #expect(try firstObservations(5) != firstObservations(6))
    }
}
