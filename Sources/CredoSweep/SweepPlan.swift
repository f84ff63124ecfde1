import Foundation

/// One run of a sweep: an environment, an estimator and a seed, trained by `rl-train` in
/// `<sweep>/<env>/<estimator>/seed-<seed>/`.
public struct SweepCombination: Hashable, Sendable, Codable {
    public var environment: String
    public var estimator: String
    public var seed: UInt64

    public init(environment: String, estimator: String, seed: UInt64) {
        self.environment = environment
        self.estimator = estimator
        self.seed = seed
    }

    /// The run folder, relative to the sweep folder.
    public var relativePath: String { "\(environment)/\(estimator)/seed-\(seed)" }
    /// A file-name-safe label: `<env>-<estimator>-seed-<seed>`.
    public var label: String { "\(environment)-\(estimator)-seed-\(seed)" }
}

/// What a sweep runs: every environment × estimator × seed, in that order (environments
/// outermost), each with its environment's goal.
public struct SweepPlan: Sendable, Codable, Equatable {
    public var environments: [String]
    public var estimators: [String]
    public var seeds: [UInt64]
    /// The mean return over 100 consecutive episodes that counts as solving each environment.
    public var goals: [String: Double]
    /// The episodes in the rolling mean that decides the goal and the final return: 100 (the
    /// usual "solved" rule), 10 for the zoo's off-policy criterion.
    public var window: Int = 100

    /// The most episodes a rolling window may hold.
    public static let maximumWindow = 100_000

    /// The goals of the standard environments: the mean return over 100 episodes at which each
    /// counts as solved (Gymnasium's reward thresholds; Pendulum has none there, −200 is the
    /// common one).
    public static let defaultGoals: [String: Double] = [
        "cartpole": 475, "cartpole-continuous": 475, "lunarlander": 200, "lunarlander-continuous": 200, "pendulum": -200,
        "acrobot": -100, "mountaincar": -110, "mountaincar-continuous": 90,
    ]

    public init(environments: [String], estimators: [String], seeds: [UInt64], goals: [String: Double], window: Int = 100) {
        self.environments = environments
        self.estimators = estimators
        self.seeds = seeds
        self.goals = goals
        self.window = window
    }

    private enum CodingKeys: String, CodingKey { case environments, estimators, seeds, goals, window }

    /// Reads a plan; one written before `window` existed has the window 100.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        environments = try container.decode([String].self, forKey: .environments)
        estimators = try container.decode([String].self, forKey: .estimators)
        seeds = try container.decode([UInt64].self, forKey: .seeds)
        goals = try container.decode([String: Double].self, forKey: .goals)
        window = try container.decodeIfPresent(Int.self, forKey: .window) ?? 100
        guard (1...Self.maximumWindow).contains(window) else {
            throw DecodingError.dataCorruptedError(forKey: .window, in: container,
                                                   debugDescription: "window \(window) is not in 1...\(Self.maximumWindow)")
        }
    }

    /// Every combination, environments outermost, seeds innermost.
    public var combinations: [SweepCombination] {
        environments.flatMap { environment in
            estimators.flatMap { estimator in
                seeds.map { SweepCombination(environment: environment, estimator: estimator, seed: $0) }
            }
        }
    }

    /// The combinations rank `rank` of `size` runs: those whose index i has i mod size = rank.
    public func share(rank: Int, size: Int) -> [SweepCombination] {
        combinations.enumerated().filter { $0.offset % size == rank }.map(\.element)
    }

    /// Seeds from text such as `100-109`, `1,2,5` or `1-3,10`: ranges inclusive, duplicates
    /// dropped, order kept. Throws a message naming the bad part.
    public static func parseSeeds(_ text: String) throws(SweepError) -> [UInt64] {
        var seeds: [UInt64] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            if bounds.count == 1, let seed = UInt64(part) {
                seeds.append(seed)
            } else if bounds.count == 2, let low = UInt64(bounds[0]), let high = UInt64(bounds[1]), low <= high {
                guard high - low < 100_000 else {
                    throw .invalidArgument("the seed range \"\(part)\" holds more than 100000 seeds")
                }
                seeds += Array(low...high)
            } else {
                throw .invalidArgument("invalid seeds \"\(part)\" in \"\(text)\": give seeds and inclusive ranges separated by commas, e.g. 100-109 or 1,2,5")
            }
        }
        var seen = Set<UInt64>()
        return seeds.filter { seen.insert($0).inserted }
    }

    /// A comma-separated list of names, each one of `valid`.
    ///
    /// `accepts` admits names outside `valid` too (for environments: `gym:<id>`, checked by
    /// Gymnasium when a run makes it); `also` is how the error message describes them.
    public static func parseNames(_ text: String, kind: String, valid: [String], accepts: (String) -> Bool = { _ in false },
                                  also: String? = nil) throws(SweepError) -> [String] {
        let names = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let choices = valid.joined(separator: ", ") + (also.map { ", " + $0 } ?? "")
        guard !names.isEmpty else { throw .invalidArgument("give at least one \(kind) (valid: \(choices))") }
        for name in names where !valid.contains(name) && !accepts(name) {
            throw .invalidArgument("unknown \(kind) \"\(name)\"; valid: \(choices)")
        }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }
    }

    /// `env=value` goal overrides.
    public static func parseGoal(_ text: String) throws(SweepError) -> (String, Double) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, !parts[0].isEmpty, let value = Double(parts[1]), value.isFinite else {
            throw .invalidArgument("invalid --goal \"\(text)\": give env=value, e.g. cartpole=475")
        }
        return (parts[0], value)
    }

    /// The plan file of a sweep folder.
    public static func path(in sweep: String) -> String { sweep + "/sweep-plan.json" }

    /// Reads `<sweep>/sweep-plan.json`.
    public static func load(from sweep: String) throws(SweepError) -> SweepPlan {
        do {
            return try JSONDecoder().decode(SweepPlan.self, from: Data(contentsOf: URL(fileURLWithPath: path(in: sweep))))
        } catch {
            throw .invalidSweep(sweep, "cannot read \(path(in: sweep)) (\(error.localizedDescription)); is this a folder rl-sweep wrote?")
        }
    }

    /// Writes `<sweep>/sweep-plan.json`.
    public func save(in sweep: String) throws(SweepError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try FileManager.default.createDirectory(atPath: sweep, withIntermediateDirectories: true)
            try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(in: sweep)), options: .atomic)
        } catch {
            throw .fileSystem(Self.path(in: sweep), error.localizedDescription)
        }
    }
}

/// What goes wrong in a sweep before or around its runs (a run's own failure is a `RunStatus`).
public enum SweepError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(String)
    case invalidSweep(String, String)
    case fileSystem(String, String)
    case spawnFailed(String, String)

    public var description: String {
        switch self {
        case .invalidArgument(let message): message
        case .invalidSweep(let folder, let reason): "sweep folder \(folder): \(reason)"
        case .fileSystem(let path, let reason): "cannot write \(path): \(reason)"
        case .spawnFailed(let tool, let reason): "cannot start \(tool): \(reason)"
        }
    }
}
