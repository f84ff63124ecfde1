import CredoSweep
import Foundation

/// Run folders written by hand for the report's tests: a `metrics.csv` with rl-train's header
/// and the given rows, and a `config.json` with the run's budget.
enum SweepFixture {
    static let header = "kind,env_steps,episodes,updates,episode_return,episode_length,policy_loss,value_loss,control_variate_loss,"
        + "entropy,explained_variance,grad_norm,pg_log_variance,learning_rate,extra,wall_seconds\n"

    /// Writes `<sweep>/<combination's folder>/metrics.csv` (the header, then `rows`) and its
    /// `config.json` with `totalSteps`.
    static func writeRun(_ sweep: String, _ combination: SweepCombination, rows: String, totalSteps: Int) throws {
        let folder = sweep + "/" + combination.relativePath
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data((header + rows).utf8).write(to: URL(fileURLWithPath: folder + "/metrics.csv"))
        try Data("{\"totalSteps\": \(totalSteps)}".utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
    }
}
