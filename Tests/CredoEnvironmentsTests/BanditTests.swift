import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct BanditTests {
    @Test func bernoulliArmsPayTheirMeans() {
        var bandit = MultiArmedBandit(arms: .bernoulli, count: 5, seed: 3)
        #expect(bandit.means.allSatisfy { (0..<1).contains($0) })
        let n = 4000
        for a in 0..<5 {
            var sum = 0.0
            for _ in 0..<n {
                let r = bandit.step(.discrete(a))
                #expect(r.terminated && (r.reward == 0 || r.reward == 1))
                sum += r.reward
            }
            let p = bandit.means[a]
            #expect(abs(sum / Double(n) - p) < 4 * (p * (1 - p) / Double(n)).squareRoot() + 1e-9)
        }
    }

    @Test func gaussianArmsPayTheirMeansWithUnitNoise() {
        var bandit = MultiArmedBandit(arms: .gaussian, seed: 4)
        #expect(bandit.count == 10 && bandit.actionSpace == .discrete(10))
        let n = 4000
        let a = bandit.bestArm
        let rewards = (0..<n).map { _ in bandit.step(.discrete(a)).reward }
        let mean = rewards.reduce(0, +) / Double(n)
        let variance = rewards.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean - bandit.means[a]) < 4 / Double(n).squareRoot())
        #expect(abs(variance - 1) < 4 * (2 / Double(n)).squareRoot())
        #expect(bandit.cumulativeRegret == 0)
    }

    @Test func regretIsTheGapToTheBestArmSummed() {
        var bandit = MultiArmedBandit(arms: .gaussian, count: 4, seed: 5)
        let best = bandit.means.max()!
        var expected = 0.0
        for a in [0, 1, 2, 3, 3, 1] {
            _ = bandit.step(.discrete(a))
            #expect(bandit.lastRegret == best - bandit.means[a])
            expected += best - bandit.means[a]
        }
        #expect(abs(bandit.cumulativeRegret - expected) < 1e-12)
        #expect(bandit.pulls == 6)
    }

    @Test func seededResetRedrawsTheArmsAndUnseededKeepsThem() {
        var bandit = MultiArmedBandit(arms: .bernoulli, seed: 1)
        let constructed = bandit.means
        _ = bandit.step(.discrete(0))
        _ = bandit.reset(seed: nil)
        #expect(bandit.means == constructed && bandit.pulls == 1)
        _ = bandit.reset(seed: 1)
        #expect(bandit.means == constructed && bandit.pulls == 0)
        _ = bandit.reset(seed: 2)
        #expect(bandit.means != constructed)
        #expect(bandit.reset(seed: 2) == [0])
    }

    @Test func contextualLinearRewardIsThetaDotContextPlusNoise() {
        var bandit = ContextualLinearBandit(arms: 4, features: 3, noise: 0.5, seed: 6)
        var residuals: [Double] = []
        var contexts: [Float] = []
        var x = bandit.reset(seed: nil)
        for t in 0..<3000 {
            #expect(x == bandit.context)
            contexts += x
            let a = t % 4
            let expected = bandit.expectedReward(arm: a)
            let best = (0..<4).map { bandit.expectedReward(arm: $0) }.max()!
            let result = bandit.step(.discrete(a))
            #expect(result.terminated && result.observation == x)
            #expect(abs(bandit.lastRegret - (best - expected)) < 1e-12)
            residuals.append(result.reward - expected)
            x = bandit.reset(seed: nil)
        }
        let n = Double(residuals.count)
        let mean = residuals.reduce(0, +) / n
        let variance = residuals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
        #expect(abs(mean) < 4 * 0.5 / n.squareRoot())
        #expect(abs(variance - 0.25) < 4 * 0.25 * (2 / n).squareRoot())
        let contextMean = contexts.map(Double.init).reduce(0, +) / Double(contexts.count)
        #expect(abs(contextMean) < 4 / Double(contexts.count).squareRoot())
        // Always pulling the best arm costs nothing.
        var greedy = ContextualLinearBandit(arms: 4, features: 3, seed: 7)
        for _ in 0..<50 {
            _ = greedy.reset(seed: nil)
            let best = (0..<4).max { greedy.expectedReward(arm: $0) < greedy.expectedReward(arm: $1) }!
            _ = greedy.step(.discrete(best))
        }
        #expect(greedy.cumulativeRegret == 0 && greedy.pulls == 50)
    }
}
