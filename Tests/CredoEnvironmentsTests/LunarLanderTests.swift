import CredoTensor
import Testing
@testable import CredoEnvironments

/// Runs one episode with `policy`; returns the return, the last step and the step count.
private func runEpisode(_ env: inout LunarLander, seed: UInt64,
                        policy: ([Float]) -> Action) -> (ret: Double, last: StepResult, steps: Int) {
    var s = env.reset(seed: seed)
    var total = 0.0, steps = 0
    while true {
        let r = env.step(policy(s))
        total += r.reward
        steps += 1
        s = r.observation
        if r.terminated || r.truncated { return (total, r, steps) }
    }
}

private func heuristic(_ s: [Float]) -> Action { .discrete(LunarLanderHeuristic.discreteAction(s)) }

@Suite struct LunarLanderTests {
    @Test func spacesFollowGymnasium() {
        let env = LunarLander()
        #expect(env.actionSpace == .discrete(4))
        #expect(env.observationSpace.flatSize == 8)
        #expect(LunarLander(continuous: true).actionSpace == .box(low: -1, high: 1, shape: [2]))
        #expect(env.maxEpisodeSteps == 1000)
    }

    @Test func sameSeedGivesBitwiseIdenticalEpisode() {
        func trace(seed: UInt64) -> (obs: [[Float]], rewards: [UInt64]) {
            var env = LunarLander()
            var policyRNG = RandomGenerator(seed: 99)
            var obs = [env.reset(seed: seed)], rewards: [UInt64] = []
            for t in 0..<300 {
                // Random actions for a while, then the pilot, to cover flight and contact.
                let a = t < 60 ? policyRNG.int(below: 4) : LunarLanderHeuristic.discreteAction(obs[obs.count - 1])
                let r = env.step(.discrete(a))
                obs.append(r.observation)
                rewards.append(r.reward.bitPattern)
                if r.terminated || r.truncated { break }
            }
            return (obs, rewards)
        }
        let a = trace(seed: 3), b = trace(seed: 3), c = trace(seed: 4)
        #expect(a.obs.map { $0.map(\.bitPattern) } == b.obs.map { $0.map(\.bitPattern) })
        #expect(a.rewards == b.rewards)
        #expect(a.obs[0] != c.obs[0])
    }

    @Test func resetWithoutSeedContinuesTheStream() {
        var env = LunarLander()
        let first = env.reset(seed: 5)
        let second = env.reset(seed: nil)
        #expect(first != second)
        var restored = LunarLander()
        restored.rng = env.rng
        #expect(env.reset(seed: nil) == restored.reset(seed: nil))
    }

    @Test func freeFallAcceleratesAtGravity() {
        var env = LunarLander()
        _ = env.reset(seed: 1)
        var vy = env.physics.body.velocity.y
        var obsVy = Double(env.observation[3])
        for _ in 0..<20 {
            let r = env.step(.discrete(0))
            #expect(r.observation[6] == 0 && r.observation[7] == 0)
            // World units: Δv_y = g / fps = −0.2 per frame (no engines, no contact).
            let newVy = env.physics.body.velocity.y
            #expect(abs((newVy - vy) - (-10.0 / 50)) < 1e-12)
            // Observation units: scaled by (H/2)/fps.
            #expect(abs((Double(r.observation[3]) - obsVy) - (-0.2 * (400.0 / 30 / 2) / 50)) < 1e-5)
            vy = newVy
            obsVy = Double(r.observation[3])
        }
        #expect(env.physics.body.velocity.x == env.physics.body.velocity.x)  // no NaN
    }

    @Test func mainEngineSlowsTheDescent() {
        var coasting = LunarLander(), braking = LunarLander()
        _ = coasting.reset(seed: 2)
        _ = braking.reset(seed: 2)
        var coast = StepResult(observation: [], reward: 0, terminated: false, truncated: false)
        var brake = coast
        for _ in 0..<30 {
            coast = coasting.step(.discrete(0))
            brake = braking.step(.discrete(2))
        }
        #expect(brake.observation[3] > coast.observation[3] + 0.5)  // vertical speed
        #expect(brake.observation[1] > coast.observation[1])        // height
        // Thrust ≈ 1.75 × weight: the braking lander rises (v_y > 0) after 30 frames.
        #expect(brake.observation[3] > 0)
    }

    @Test func scriptedPilotSolvesTheTask() {
        // 100 seeded episodes take well under a second even in a debug build.
        let episodes = 100
        var env = LunarLander()
        var total = 0.0, landed = 0
        for seed in 0..<episodes {
            let (ret, last, _) = runEpisode(&env, seed: UInt64(seed), policy: heuristic)
            total += ret
            if last.terminated && last.reward == 100 { landed += 1 }
        }
        #expect(total / Double(episodes) >= 200)
        #expect(Double(landed) >= 0.8 * Double(episodes))
    }

    @Test func randomPolicyScoresFarBelowZero() {
        var env = LunarLander()
        var policyRNG = RandomGenerator(seed: 12345)
        var total = 0.0
        for seed in 0..<100 {
            total += runEpisode(&env, seed: UInt64(seed)) { _ in .discrete(policyRNG.int(below: 4)) }.ret
        }
        #expect(total / 100 < -100)   // Gymnasium's random policy: about −180
    }

    @Test func crashEndsWithMinus100() {
        // Doing nothing from the top of the screen falls onto the moon at over 10 m/s.
        var env = LunarLander()
        let (_, last, steps) = runEpisode(&env, seed: 0) { _ in .discrete(0) }
        #expect(last.terminated && !last.truncated)
        #expect(last.reward == -100)
        #expect(env.physics.hullContact)
        #expect(steps < 200)
    }

    @Test func leavingTheScreenEndsWithMinus100() {
        var env = LunarLander()
        _ = env.reset(seed: 0)
        env.physics.body.velocity = Vector2D(30, 5)
        var last = env.step(.discrete(0))
        while !last.terminated { last = env.step(.discrete(0)) }
        #expect(last.reward == -100)
        #expect(last.observation[0] >= 1)
        #expect(!env.physics.hullContact)
    }

    @Test func landingEndsWithPlus100AtRest() {
        var env = LunarLander()
        let (ret, last, _) = runEpisode(&env, seed: 0, policy: heuristic)
        #expect(last.terminated && last.reward == 100)
        #expect(last.observation[6] == 1 && last.observation[7] == 1)
        #expect(abs(last.observation[0]) < 0.2)   // between the flags (x obs ±0.2)
        #expect(ret > 200)
    }

    @Test func truncatesAtMaxEpisodeSteps() {
        var env = LunarLander(maxEpisodeSteps: 5)
        _ = env.reset(seed: 0)
        for t in 1...5 {
            let r = env.step(.discrete(2))
            #expect(r.truncated == (t == 5))
            #expect(!r.terminated)
        }
        #expect(env.elapsedSteps == 5)
        _ = env.reset(seed: nil)
        #expect(env.elapsedSteps == 0)
    }

    @Test func rewardIsShapingDifferenceMinusFuel() {
        var env = LunarLander()
        _ = env.reset(seed: 8)
        var previous = env.shaping
        for a in [0, 1, 2, 3, 2, 0] {
            let r = env.step(.discrete(a))
            let fuel = a == 2 ? 0.30 : (a == 1 || a == 3 ? 0.03 : 0)
            let expected = LunarLander.shaping(r.observation) - previous - fuel
            #expect(abs(r.reward - expected) < 1e-12)
            previous = LunarLander.shaping(r.observation)
        }
    }

    @Test func continuousActionsAreClippedAndThresholded() {
        let powers = LunarLander.enginePowers(continuous:)
        #expect(powers([0, 0]) == (0, 0, 0))
        #expect(powers([-1, 0.5]) == (0, 0, 0))         // main off at ≤ 0, lateral off at |a| ≤ 0.5
        #expect(powers([1, -1]) == (1, 1, -1))
        #expect(powers([7, -3]) == (1, 1, -1))          // clipped to [−1, 1]
        #expect(powers([Float.nan, 0.75]) == (0, 0.75, 1))
        let small = powers([0.001, 0.501])
        #expect(abs(small.main - 0.5005) < 1e-6)        // 50% throttle just above 0
        #expect(abs(small.side - 0.501) < 1e-6 && small.direction == 1)
        #expect(powers([0.5, -0.6]).main == 0.75)
    }

    @Test func continuousFullThrottleMatchesDiscreteEngines() {
        // Discrete actions are the corners of the continuous ones: same seed, same bits.
        let pairs: [(Int, [Float])] = [(0, [-1, 0]), (1, [0, -1]), (2, [1, 0]), (3, [0, 1])]
        for (discrete, continuous) in pairs {
            var d = LunarLander(), c = LunarLander(continuous: true)
            _ = d.reset(seed: 11)
            _ = c.reset(seed: 11)
            for _ in 0..<10 {
                let rd = d.step(.discrete(discrete))
                let rc = c.step(.continuous(continuous.map { $0 * 3 }))   // clipped back to ±1
                #expect(rd == rc)
            }
        }
    }

    @Test func continuousScriptedPilotLands() {
        var env = LunarLander(continuous: true)
        var total = 0.0
        for seed in 0..<10 {
            total += runEpisode(&env, seed: UInt64(seed)) { s in
                .continuous(LunarLanderHeuristic.continuousAction(s))
            }.ret
        }
        #expect(total / 10 >= 200)
    }
}
