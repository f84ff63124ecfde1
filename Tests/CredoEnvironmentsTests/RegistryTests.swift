import CredoTensor
import Testing
@testable import CredoEnvironments

@Suite struct RegistryTests {
    @Test func builtInNamesAreRegistered() {
        #expect(EnvironmentRegistry.standard.names == ["acrobot", "bandit-bernoulli", "bandit-contextual-linear",
                                                       "bandit-gaussian", "cartpole", "cartpole-continuous", "lunarlander",
                                                       "lunarlander-continuous", "mountaincar", "mountaincar-continuous",
                                                       "pendulum"])
    }

    @Test func everyBuiltInResetsAndStepsWithAValidAction() throws {
        for name in EnvironmentRegistry.standard.names {
            var env = try makeEnvironment(name)
            let o = env.reset(seed: 1)
            #expect(o.count == env.observationSpace.flatSize, "\(name)")
            let action: Action = env.actionSpace.discreteCount != nil ? .discrete(0) : .continuous(Array(repeating: 0.5, count: env.actionSpace.flatSize))
            #expect(env.actionSpace.contains(action))
            let result = env.step(action)
            #expect(result.observation.count == o.count)
            // Two environments made by name and seeded alike run alike.
            var twin = try makeEnvironment(name)
            _ = twin.reset(seed: 1)
            #expect(twin.step(action) == result, "\(name)")
        }
    }

    @Test func unknownNamesListTheRegisteredOnes() {
        #expect {
            try makeEnvironment("cartpol")
        } throws: { error in
            "\(error)" == "unknown environment \"cartpol\"; registered environments: acrobot, bandit-bernoulli, "
                + "bandit-contextual-linear, bandit-gaussian, cartpole, cartpole-continuous, lunarlander, lunarlander-continuous, "
                + "mountaincar, mountaincar-continuous, pendulum"
        }
    }

    @Test func registeringAddsAndReplaces() throws {
        var registry = EnvironmentRegistry()
        #expect(registry.names.isEmpty)
        registry.register("short-cartpole") { TimeLimit(CartPole(), maxEpisodeSteps: 3) }
        var env = try registry.make("short-cartpole")
        _ = env.reset(seed: 0)
        #expect((0..<3).map { t in env.step(.discrete(t % 2)).truncated } == [false, false, true])
        registry.register("short-cartpole") { TimeLimit(CartPole(), maxEpisodeSteps: 1) }
        env = try registry.make("short-cartpole")
        _ = env.reset(seed: 0)
        #expect(env.step(.discrete(0)).truncated)
        #expect(registry.names == ["short-cartpole"])
    }

    @Test func vectorsByName() throws {
        var vec = try EnvironmentRegistry.standard.makeVector("bandit-bernoulli", count: 3, seed: 4)
        vec.step([.discrete(0), .discrete(1), .discrete(2)])
        #expect(vec.terminated == [true, true, true])
        #expect(vec.rewards.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(throws: UnknownEnvironmentError.self) {
            try EnvironmentRegistry.standard.makeVector("nope", count: 2)
        }
        // The erased copies are the registered types inside.
        #expect(vec.environments[0].base is MultiArmedBandit)
    }
}
