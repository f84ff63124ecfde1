import CredoRun
import CredoSweep
import Foundation

/// `rl-sweep --tuned-only`: the environment × estimator pairs whose preset has no section for
/// the estimator (its `"estimators"` object), and so would train on the untuned defaults, with
/// the reason each is skipped.
///
/// The preset is the one rl-train would use, resolved the same way (`PresetChoice.resolve`):
/// `--preset FILE` among the rl-train options, else `envs/<env>.json` in the working directory,
/// else the built-in preset (so it works from any directory). `--no-preset` leaves nothing
/// tuned, so it cannot go with `--tuned-only`.
enum TunedPairs {
    /// The key of a pair in `untuned`'s answer.
    static func key(_ environment: String, _ estimator: String) -> String { environment + "/" + estimator }

    /// The reason for each untuned pair of `environments` × `estimators`, keyed by `key(env, estimator)`;
    /// `passThrough` are the rl-train options every run gets (for `--preset` and `--no-preset`).
    static func untuned(environments: [String], estimators: [String], passThrough: [String],
                        directory: String = "envs") throws(SweepError) -> [String: String] {
        let (explicitPath, ignore) = presetOptions(passThrough)
        if ignore {
            throw .invalidArgument("--tuned-only runs only the pairs whose preset has a section for the estimator, so it cannot go with --no-preset among the rl-train options")
        }
        var reasons: [String: String] = [:]
        for environment in environments {
            let choice: PresetChoice
            do {
                choice = try PresetChoice.resolve(env: environment, explicitPath: explicitPath, ignore: false, directory: directory,
                                                  builtIn: TrainerCatalog.standard.builtInPresets)
            } catch {
                throw .invalidArgument("--tuned-only reads the \(environment) preset: \(error)")
            }
            let name = explicitPath ?? environment
            for estimator in estimators where choice.preset?.estimators[estimator] == nil {
                reasons[key(environment, estimator)] = choice.preset == nil
                    ? "no tuned settings for \(estimator): there is no \(name) preset (--tuned-only)"
                    : "no tuned settings for \(estimator) in the \(name) preset (--tuned-only)"
            }
        }
        return reasons
    }

    /// rl-train's `--preset FILE` (or `--preset=FILE`) and `--no-preset` among `arguments`.
    static func presetOptions(_ arguments: [String]) -> (path: String?, ignore: Bool) {
        var path: String?
        var ignore = false
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--preset", index + 1 < arguments.count {
                path = arguments[index + 1]
                index += 1
            } else if argument.hasPrefix("--preset=") {
                path = String(argument.dropFirst("--preset=".count))
            } else if argument == "--no-preset" {
                ignore = true
            }
            index += 1
        }
        return (path, ignore)
    }
}
