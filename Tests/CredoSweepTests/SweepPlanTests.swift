import CredoSweep
import Testing

@Suite("Sweep plan")
struct SweepPlanTests {
    @Test func seedsAreRangesAndLists() throws {
        #expect(try SweepPlan.parseSeeds("100-103") == [100, 101, 102, 103])
        #expect(try SweepPlan.parseSeeds("1,5,2-3,5") == [1, 5, 2, 3])
        for bad in ["", "3-1", "a", "1-", "1,,2", "0-200000"] {
            #expect(throws: SweepError.self, "\(bad)") { try SweepPlan.parseSeeds(bad) }
        }
    }

    @Test func ranksShareTheCombinationsByIndex() {
        let plan = SweepPlan(environments: ["cartpole", "pendulum"], estimators: ["a2c", "ppo"], seeds: [1, 2, 3], goals: [:])
        #expect(plan.combinations.count == 12)
        #expect(plan.combinations[0] == SweepCombination(environment: "cartpole", estimator: "a2c", seed: 1))
        let shares = (0..<5).map { plan.share(rank: $0, size: 5) }
        #expect(shares.map(\.count) == [3, 3, 2, 2, 2])
        #expect(Set(shares.flatMap { $0 }) == Set(plan.combinations), "every combination once")
        #expect(shares[1][1] == plan.combinations[6])
    }

    @Test func namesAndGoalsAreChecked() throws {
        #expect(try SweepPlan.parseNames("a2c, relax,a2c", kind: "estimator", valid: ["a2c", "relax"]) == ["a2c", "relax"])
        #expect(throws: SweepError.invalidArgument("unknown estimator \"rlax\"; valid: a2c, relax")) {
            try SweepPlan.parseNames("rlax", kind: "estimator", valid: ["a2c", "relax"])
        }
        // Environments outside the registered list that the registry accepts (gym:<id>) pass.
        let gym: (String) -> Bool = { $0.hasPrefix("gym:") && $0.count > 4 }
        #expect(try SweepPlan.parseNames("cartpole,gym:LunarLander-v3", kind: "environment", valid: ["cartpole"], accepts: gym,
                                         also: "gym:<id>") == ["cartpole", "gym:LunarLander-v3"])
        #expect(throws: SweepError.invalidArgument("unknown environment \"gym:\"; valid: cartpole, gym:<id>")) {
            try SweepPlan.parseNames("gym:", kind: "environment", valid: ["cartpole"], accepts: gym, also: "gym:<id>")
        }
        #expect(try SweepPlan.parseGoal("gym:InvertedPendulum-v5=950") == ("gym:InvertedPendulum-v5", 950))
        #expect(try SweepPlan.parseGoal("pendulum=-150") == ("pendulum", -150))
        #expect(throws: SweepError.self) { try SweepPlan.parseGoal("pendulum") }
    }
}
