import CredoCheckpoint
import CredoRun
import CredoTensorBoard
import CredoTestSupport
import Foundation
import Testing
@testable import rl_train

/// The TensorBoard event file of a run, read back with TensorBoard's own reader
/// (`EventAccumulator`, the `tensorboard` package in `.build/test-venv`), against metrics.csv:
/// the same tags, steps and values, also after resumes, with no step written twice.
@Suite("TensorBoard event files", .enabled(if: Python.testsRun(needing: "tensorboard"), Python.skipMessage("tensorboard")))
struct TensorBoardEventTests {
    /// Prints the problems found comparing the run folder's event file with its metrics.csv
    /// (one per line; nothing when they agree). The expected scalars are recomputed here from
    /// the CSV, independently of the Swift mapping.
    static let checker = """
    import csv, math, sys
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator
    run = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read().strip()
    rows = list(csv.DictReader(open(run + "/metrics.csv")))
    expected, returns, lengths = {}, [], []
    names = {"policy_loss": "train/policy_loss", "value_loss": "train/value_loss",
             "explained_variance": "train/explained_variance", "learning_rate": "train/learning_rate",
             "pg_log_variance": "credo/pg_log_variance", "grad_norm": "credo/grad_norm",
             "control_variate_loss": "credo/control_variate_loss"}
    def put(tag, step, value): expected.setdefault(tag, []).append((step, value))
    for row in rows:
        if row["kind"] == "episode":
            returns = (returns + [float(row["episode_return"])])[-100:]
            lengths = (lengths + [float(row["episode_length"])])[-100:]
            continue
        step = int(row["env_steps"])
        if returns:
            put("rollout/ep_rew_mean", step, sum(returns) / len(returns))
            put("rollout/ep_len_mean", step, sum(lengths) / len(lengths))
        for column, tag in names.items():
            if row[column]: put(tag, step, float(row[column]))
        if row["entropy"]: put("train/entropy_loss", step, -float(row["entropy"]))
        for pair in filter(None, row["extra"].split(";")):
            key, value = pair.split("=", 1); put("credo/" + key, step, float(value))
        if row["wall_seconds"] and float(row["wall_seconds"]) > 0:
            put("time/fps", step, step / float(row["wall_seconds"]))
    accumulator = EventAccumulator(run, size_guidance={"scalars": 0}, purge_orphaned_data=False)
    accumulator.Reload()
    tags = set(accumulator.Tags()["scalars"])
    if tags != set(expected): print("tags differ:", sorted(tags ^ set(expected)))
    for tag in sorted(tags & set(expected)):
        got = [(e.step, e.value) for e in accumulator.Scalars(tag)]
        if [s for s, _ in got] != [s for s, _ in expected[tag]]:
            print(tag, "steps differ:", [s for s, _ in got][:20], "expected", [s for s, _ in expected[tag]][:20]); continue
        for (step, value), (_, want) in zip(got, expected[tag]):
            if not math.isclose(value, want, rel_tol=1e-6, abs_tol=1e-30):
                print(tag, "at", step, "is", value, "expected", want); break
    if not expected: print("no update rows")
    """

    static func problems(_ run: String) throws -> String {
        try Python.require("tensorboard")
        return String(decoding: try Python.runScript(checker, input: Data(run.utf8)), as: UTF8.self)
    }

    static func arguments(_ directory: String, totalSteps: Int) -> [String] {
        ["--env", "cartpole", "--estimator", "relax", "--seed", "5", "--total-steps", "\(totalSteps)",
         "--num-envs", "2", "--rollout-steps", "8", "--hidden-sizes", "8,8", "--checkpoint-every", "32",
         "--keep-checkpoints", "10", "--no-preset", "--run-dir", directory, "--quiet"]
    }

    @Test func theEventFileEqualsMetricsAlsoAfterResumes() throws {
        let temporary = try TemporaryDirectory()
        let run = temporary.file("run"), firstHalf = temporary.file("first-half")
        _ = try ActorCriticRunTests.train(Self.arguments(run, totalSteps: 96))
        #expect(try Self.problems(run) == "", "after one session")
        try FileManager.default.copyItem(atPath: run, toPath: firstHalf)

        // Resume to 192 steps, then from the checkpoint at step 64 (dropping the rows after it,
        // whose events must go too) to 160.
        _ = try ActorCriticRunTests.train(["--resume", run, "--total-steps", "192", "--quiet"])
        #expect(try Self.problems(run) == "", "after a resume")
        let events = try EventFileWriter.read(path: run + "/" + TensorBoardSink.fileName)
        let earlier = RunDirectory(path: run).rotation(keep: 1).path(forStep: 64)
        _ = try ActorCriticRunTests.train(["--resume", earlier, "--total-steps", "160", "--quiet"])
        #expect(try Self.problems(run) == "", "after a resume from an earlier checkpoint")
        let after = try EventFileWriter.read(path: run + "/" + TensorBoardSink.fileName)
        let steps = after.map(\.step).dropFirst()
        #expect(Array(steps) == steps.sorted() && Set(steps).count == steps.count, "each step once, in order: \(steps)")
        #expect(steps.max() == 160 && events.map(\.step).max() == 192)

        // Negative control: the first session's event file against the whole run's metrics.
        try FileManager.default.removeItem(atPath: firstHalf + "/metrics.csv")
        try FileManager.default.copyItem(atPath: run + "/metrics.csv", toPath: firstHalf + "/metrics.csv")
        #expect(try Self.problems(firstHalf).contains("steps differ"))
    }

    @Test func recordsAreFramedWithMaskedCRC32C() throws {
        // CRC-32C of "123456789" is 0xE3069283 (the standard check value).
        #expect(TFRecord.crc32c(Array("123456789".utf8)) == 0xE306_9283)
        let records = [[UInt8](repeating: 7, count: 3), Array("event".utf8)]
        var file = records.flatMap(TFRecord.frame)
        #expect(TFRecord.records(in: file) == records)
        file[file.count - 1] ^= 1  // a torn or corrupt last record is not read
        #expect(TFRecord.records(in: file) == [records[0]])
    }
}
