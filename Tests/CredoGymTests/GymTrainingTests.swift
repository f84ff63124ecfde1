import CredoAgents
import CredoEnvironments
import CredoTestSupport
import Foundation
import Testing

/// Training on gym: environments: in the library (ppo improves on gym:CartPole-v1), and through
/// rl-train as a process (resume across processes without duplicated metric rows; kill -9 of
/// the trainer leaves no Python worker behind).
@Suite(.serialized) struct GymTrainingTests {
    /// PPO (the zoo's CartPole shape, fewer epochs) on gym:CartPole-v1.
    static func ppo(learningRate: Float) -> TrainingConfig {
        .with {
            $0.environment = "gym:CartPole-v1"
            $0.estimator = .ppo
            $0.seed = 1
            $0.environmentCount = 8
            $0.rolloutSteps = 32
            $0.epochs = 4
            $0.minibatchSize = 128
            $0.lambda = 0.8
            $0.gamma = 0.98
            $0.learningRate = learningRate
            $0.criticLearningRate = 1e-3
        }
    }

    /// Mean return of the first 40 episodes and of the last 40 of an 8192-step run.
    static func returns(_ config: TrainingConfig) throws -> (first: Double, last: Double) {
        var trainer = try ActorCritic(config: config)
        var episodes: [Double] = []
        while trainer.counters.environmentSteps < 8192 {
            episodes += try trainer.update().episodes.map(\.totalReward)
        }
        let mean = { (xs: ArraySlice<Double>) in xs.reduce(0, +) / Double(xs.count) }
        return (mean(episodes.prefix(40)), mean(episodes.suffix(40)))
    }

    /// A random CartPole policy lasts ~22 steps (sd ~12, so a 40-episode mean has a standard
    /// error under 2); learning must at least double it. With a learning rate of 1e-9 (the
    /// negative control) the last episodes are no better than the first.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func ppoImprovesOnCartPole() throws {
        // ActorCritic finds the interpreter itself (GymPython.resolve: CREDO_PYTHON, .build/gym-venv,
        // python3 on PATH, which `make test` makes .build/test-venv's).
        _ = try GymTestSupport.requireGymnasium()
        let learned = try Self.returns(Self.ppo(learningRate: 1e-3))
        #expect(learned.last > 2 * learned.first && learned.last > 60, "\(learned)")
        let frozen = try Self.returns(Self.ppo(learningRate: 1e-9))
        print("gym:CartPole-v1 ppo, mean returns of the first and last 40 episodes: learned \(learned), frozen \(frozen)")
        #expect(frozen.last < frozen.first + 10, "\(frozen)")
    }

    /// rl-train on gym:CartPole-v1, then --resume in a new process: the run continues to its new
    /// budget; metrics.csv has no duplicated or reordered row; rl-eval plays the result.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func resumeAcrossProcesses() throws {
        let python = try GymTestSupport.requireGymnasium()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-resume-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = [GymPython.variable: python]
        let first = try ToolProcess.run("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                        "--total-steps", "1024", "--checkpoint-every", "512",
                                                        "--run-dir", folder, "--quiet"], environment: environment)
        #expect(first.status == 0, "\(first.text)")
        let second = try ToolProcess.run("rl-train", ["--resume", folder, "--total-steps", "2048", "--quiet"],
                                            environment: environment)
        #expect(second.status == 0, "\(second.text)")
        #expect(FileManager.default.fileExists(atPath: folder + "/checkpoints/ckpt-0000002048.h5"))
        let rows = try String(contentsOfFile: folder + "/metrics.csv", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let episodes = rows.filter { $0[0] == "episode" }.compactMap { Int($0[2]) }
        let updates = rows.filter { $0[0] == "update" }.compactMap { Int($0[3]) }
        #expect(episodes == Array(1...episodes.count), "episode numbers are 1, 2, ... once each")
        #expect(updates == Array(1...16), "updates 1...16 once each (128 steps per update); got \(updates)")
        #expect(rows.filter { $0[0] == "episode" }.compactMap { Int($0[1]) }.max() ?? 0 > 1024, "episodes after the resume")
        // rl-eval plays the trained gym: policy.
        let evaluation = try ToolProcess.run("rl-eval", ["--checkpoint", folder, "--episodes", "2"], environment: environment)
        #expect(evaluation.status == 0 && evaluation.output.contains("gym:CartPole-v1, a2c"), "\(evaluation.text)")
        #expect(evaluation.output.contains("over 2 episodes"), "\(evaluation.text)")
    }

    /// A worker that raises stops rl-train with exit status 1 and the worker's message.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func workerFailureStopsTheTrainer() throws {
        let python = try GymTestSupport.requireGymnasium()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-fault-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try ToolProcess.run("rl-train", ["--env", "gym:credo_gym_faults:Faulty-v0", "--env-kwargs", #"{"fault": "raise"}"#,
                                                         "--estimator", "a2c", "--no-preset", "--total-steps", "1000",
                                                         "--run-dir", folder, "--quiet"],
                                            environment: [GymPython.variable: python, "PYTHONPATH": GymTestSupport.fixtures])
        #expect(result.status == 1, "\(result.text)")
        #expect(result.text.contains("raised RuntimeError: the faulty environment raised on cue"), "\(result.text)")
    }

    /// kill -9 of rl-train leaves none of its Python workers running.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func killedTrainerLeavesNoWorkers() throws {
        let python = try GymTestSupport.requireGymnasium()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-kill-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trainer = try ToolProcess("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                      "--num-envs", "4", "--total-steps", "100000000",
                                                      "--run-dir", folder, "--quiet"], environment: [GymPython.variable: python])
        var workers: [Int32] = []
        let deadline = Date().addingTimeInterval(30)
        // Wait until it trains (metrics written) with its two workers.
        while Date() < deadline && (workers.count < 2 || !FileManager.default.fileExists(atPath: folder + "/metrics.csv")) {
            usleep(50_000)
            workers = GymTestSupport.children(of: trainer.pid)
        }
        #expect(workers.count == 2, "rl-train's children: \(workers)")
        kill(trainer.pid, SIGKILL)
        _ = trainer.wait(timeout: 10)
        #expect(GymTestSupport.survivors(of: workers, within: 5).isEmpty, "workers left after kill -9: \(workers)")
    }
}
