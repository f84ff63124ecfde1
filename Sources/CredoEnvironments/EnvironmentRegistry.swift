import Foundation

/// Environments by name, like `gymnasium.make`: `try makeEnvironment("cartpole")`.
///
/// A registry is a value: `EnvironmentRegistry.standard` holds the built-in environments, and a
/// program that adds its own copies it and registers more (no global mutable state):
///
///     var registry = EnvironmentRegistry.standard
///     registry.register("corridor") { Corridor(length: 8) }
///     let env = try registry.make("corridor")
///
/// Registered names (each factory adds the time limit of its Gymnasium counterpart):
/// - `cartpole`: `CartPole` with `TimeLimit` 500 (Gymnasium's CartPole-v1)
/// - `cartpole-continuous`: `ContinuousCartPole` with `TimeLimit` 500
/// - `pendulum`: `Pendulum` (g = 10) with `TimeLimit` 200 (Gymnasium's Pendulum-v1)
/// - `mountaincar`: `MountainCar` with `TimeLimit` 200 (Gymnasium's MountainCar-v0)
/// - `mountaincar-continuous`: `MountainCarContinuous` with `TimeLimit` 999
///   (Gymnasium's MountainCarContinuous-v0)
/// - `acrobot`: `Acrobot` with `TimeLimit` 500 (Gymnasium's Acrobot-v1)
/// - `bandit-bernoulli`, `bandit-gaussian`: `MultiArmedBandit` with 10 arms
/// - `bandit-contextual-linear`: `ContextualLinearBandit` with 10 arms and 8 context features
///
/// A name `gym:<id>` is Gymnasium's environment `<id>`, run by Gymnasium in a Python worker
/// (`GymEnvironment`, `GymVectorEnvironment`; docs/gymnasium.md).
///
/// `ClassificationBandit` needs its data files, so it is built directly, not by name.
public struct EnvironmentRegistry: Sendable {
    /// Makes a fresh environment; seed it with `reset(seed:)`.
    public typealias Factory = @Sendable () -> any Environment

    /// The built-in environments, one line each.
    static let builtIn: [(name: String, factory: Factory)] = [
        ("cartpole", { TimeLimit(CartPole(), maxEpisodeSteps: 500) }),
        ("cartpole-continuous", { TimeLimit(ContinuousCartPole(), maxEpisodeSteps: 500) }),
        ("pendulum", { TimeLimit(Pendulum(), maxEpisodeSteps: 200) }),
        ("mountaincar", { TimeLimit(MountainCar(), maxEpisodeSteps: 200) }),
        ("mountaincar-continuous", { TimeLimit(MountainCarContinuous(), maxEpisodeSteps: 999) }),
        ("acrobot", { TimeLimit(Acrobot(), maxEpisodeSteps: 500) }),
        ("bandit-bernoulli", { MultiArmedBandit(arms: .bernoulli, count: 10) }),
        ("bandit-gaussian", { MultiArmedBandit(arms: .gaussian, count: 10) }),
        ("bandit-contextual-linear", { ContextualLinearBandit(arms: 10, features: 8) }),
        ("lunarlander", { LunarLander() }),
        ("lunarlander-continuous", { LunarLander(continuous: true) }),
    ]

    /// The registry of the built-in environments.
    public static let standard: EnvironmentRegistry = {
        var registry = EnvironmentRegistry()
        for (name, factory) in builtIn { registry.register(name, factory: factory) }
        return registry
    }()

    private var factories: [String: Factory] = [:]

    /// An empty registry.
    public init() {}

    /// The registered names, sorted.
    public var names: [String] { factories.keys.sorted() }

    /// Registers `factory` under `name`; registering a name again replaces its factory (so a
    /// program can override a built-in).
    public mutating func register(_ name: String, factory: @escaping Factory) {
        precondition(!name.isEmpty, "an environment name cannot be empty")
        factories[name] = factory
    }

    /// A fresh environment registered as `name`; throws `UnknownEnvironmentError`, which lists the
    /// registered names, for any other name.
    public func make(_ name: String) throws -> any Environment {
        if factories[name] == nil, let id = Self.gymID(name) { return try GymEnvironment(id: id) }
        guard let factory = factories[name] else { throw UnknownEnvironmentError(name: name, registered: names) }
        return factory()
    }

    /// `count` copies of the environment registered as `name`, each on its own stream split from
    /// `seed`.
    public func makeVector(_ name: String, count: Int, seed: UInt64 = 0) throws -> VectorEnvironment<AnyEnvironment> {
        try VectorEnvironment(count: count, seed: seed) { _ in AnyEnvironment(try make(name)) }
    }
}

/// A built-in environment by name: `try makeEnvironment("cartpole")`.
public func makeEnvironment(_ name: String) throws -> any Environment {
    try EnvironmentRegistry.standard.make(name)
}

/// A name that no environment is registered under.
public struct UnknownEnvironmentError: Error, CustomStringConvertible, LocalizedError {
    public var name: String
    public var registered: [String]

    public var description: String {
        "unknown environment \"\(name)\"; registered environments: \(registered.joined(separator: ", "))"
    }
    public var errorDescription: String? { description }
}
