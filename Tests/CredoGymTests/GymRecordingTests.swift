import CredoEnvironments
import CredoRun
import CredoTestSupport
import Foundation
import Testing

/// Recordings of gym: environments (`rl-eval --record FILE.gif|.mp4`): Gymnasium's own
/// rgb_array frames, encoded in the worker, read back with Pillow (GIF) or imageio-ffmpeg (MP4).
@Suite(.serialized) struct GymRecordingTests {
    /// Whether python3 imports a module (checked once per name).
    static func imports(_ module: String) -> Bool {
        guard let python = GymTestSupport.python else { return false }
        return (try? GymTestSupport.run(python, ["-c", "import \(module)"]).status) == 0
    }

    static let pillowIsImportable = GymTestSupport.gymnasiumIsImportable && imports("PIL.Image")
    static let ffmpegIsImportable = GymTestSupport.gymnasiumIsImportable && imports("imageio_ffmpeg")
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let testsRun = pillowIsImportable || isCI
    static let skipMessage: Comment =
        "gymnasium or Pillow is not importable by python3 (`make test` installs them in .build/test-venv); skipping a gym: recording test"

    struct Missing: Error, CustomStringConvertible {
        let package: String
        var description: String {
            "python3 cannot import \(package), and CI=true requires the gym: recording tests to run: run `make test` "
                + "(it installs scripts/test-requirements.txt into .build/test-venv)"
        }
    }

    /// The interpreter with gymnasium and Pillow; throws under CI when there is none.
    static func requirePillow() throws -> String {
        let python = try GymTestSupport.requireGymnasium()
        guard pillowIsImportable else { throw Missing(package: "Pillow") }
        return python
    }

    struct ReadBack: Decodable {
        let frames: Int
        let durations: [Int?]
        let columns: [Double?]
        let fps: Double?
        let size: [Int]?
    }

    /// The file read back by Fixtures/read_recording.py.
    static func readBack(_ path: String, python: String) throws -> ReadBack {
        let result = try GymTestSupport.run(python, [GymTestSupport.fixtures + "/read_recording.py", path])
        guard result.status == 0 else { throw Missing(package: "a reader of \(path): \(result.errors)") }
        return try JSONDecoder().decode(ReadBack.self, from: result.output)
    }

    /// Gymnasium's CartPole draws the cart's centre at column x · 600/4.8 + 300.
    static func column(_ x: Float) -> Double { Double(x) * 125 + 300 }

    /// The largest distance between the cart's column in the frames and the column of `x`.
    static func worstError(_ columns: [Double?], _ x: [Float]) -> Double {
        zip(columns, x).map { seen, x in seen.map { abs($0 - column(x)) } ?? .infinity }.max() ?? .infinity
    }

    /// One CartPole episode played through the bridge with a recording copy, a balancing
    /// heuristic and a rightward bias (so that the cart travels): the GIF has one frame per
    /// state (reset's and every step's), each shown 1000/50 = 20 ms, and frame i shows the cart
    /// at state i's x (within 1.5 px: the cart's edges are drawn at whole pixels). Negative
    /// controls: the mirrored cart (−x) and the states three steps late must miss by more.
    @Test(.enabled(if: testsRun, skipMessage))
    func cartPoleGIFShowsTheStatesItPassedThrough() throws {
        let python = try Self.requirePillow()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-record-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/cartpole.gif"
        var environment = try GymEnvironment(id: "CartPole-v1", python: python, recording: .gif)
        defer { environment.vector.close() }
        #expect(environment.vector.frameFormat == GymFrameFormat(width: 600, height: 400, framesPerSecond: 50))
        try environment.vector.startRecording(to: path, maximumFrames: 1000)
        var observation = environment.reset(seed: 3)
        var x = [observation[0]]
        for _ in 0..<80 {
            let push = observation[2] + 0.5 * observation[3] + 0.1 > 0
            let step = environment.step(.discrete(push ? 1 : 0))
            observation = step.observation
            x.append(observation[0])
            if step.terminated || step.truncated { break }
        }
        let summary = try environment.vector.finishRecording(path: path)
        #expect(summary == GymRecordingSummary(frames: x.count, dropped: 0, framesPerSecond: 50))
        let gif = try Self.readBack(path, python: python)
        #expect(gif.frames == x.count, "one frame per state: \(x.count) states")
        #expect(gif.size == [600, 400])
        #expect(gif.durations.allSatisfy { $0 == 20 }, "\(Set(gif.durations.map { $0 ?? -1 }))")
        let error = Self.worstError(gif.columns, x)
        let mirrored = Self.worstError(gif.columns, x.map { -$0 })
        let late = Self.worstError(Array(gif.columns.dropFirst(3)), x)
        print("gym:CartPole-v1 GIF: \(gif.frames) frames, cart x from \(x.min()!) to \(x.max()!); worst column error "
            + "\(error) px, mirrored \(mirrored) px, three steps late \(late) px")
        #expect(error <= 1.5)
        #expect(mirrored > 3, "the negative control (a mirrored cart) must not match")
        #expect(late > 4, "the negative control (frames against the state three steps later) must not match")
    }

    /// At 30 fps (Pendulum-v1's render_fps) a GIF, which counts in centiseconds, shows frame k
    /// from round(100 k / 30) to round(100 (k+1) / 30) cs: 30 or 40 ms, every 3 frames exactly
    /// 100 ms, so 30 frames last 1 s. The negative control, Pillow's plain int(1000/30/10) cs for
    /// every frame, would last 0.9 s.
    @Test(.enabled(if: testsRun, skipMessage))
    func gifKeepsRealTimeAtThirtyFramesPerSecond() throws {
        let python = try Self.requirePillow()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-record-pendulum-\(getpid()).gif").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var pendulum = try GymEnvironment(id: "Pendulum-v1", python: python, recording: .gif)
        defer { pendulum.vector.close() }
        #expect(pendulum.vector.frameFormat?.framesPerSecond == 30)
        try pendulum.vector.startRecording(to: path, maximumFrames: 30)
        _ = pendulum.reset(seed: 1)
        for _ in 0..<34 { _ = pendulum.step(.continuous([1])) }
        #expect(try pendulum.vector.finishRecording(path: path) == GymRecordingSummary(frames: 30, dropped: 5, framesPerSecond: 30))
        let durations = try Self.readBack(path, python: python).durations.map { $0 ?? 0 }
        func centiseconds(_ k: Int) -> Int { Int((100 * Double(k) / 30).rounded()) }
        let expected: [Int] = (0..<30).map { k in 10 * (centiseconds(k + 1) - centiseconds(k)) }
        #expect(durations == expected)
        #expect(durations.reduce(0, +) == 1000)
        #expect(Array(repeating: 10 * Int(1000.0 / 30 / 10), count: 30).reduce(0, +) != durations.reduce(0, +))
    }

    /// rl-eval records a trained gym:CartPole-v1 run: with --record-mode each, one GIF per episode
    /// whose frames are its length + 1 (CartPole's return is its length, so the printed min and
    /// max returns give the lengths), and with --record-mode all both in one file; an MP4 (when
    /// imageio-ffmpeg is installed) at 50 fps. A
    /// .svg name is refused naming .gif and .mp4, and nothing is written.
    @Test(.enabled(if: testsRun, skipMessage))
    func rlEvalRecordsAGymRun() throws {
        let python = try Self.requirePillow()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-rleval-record-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = [GymPython.variable: python]
        let run = folder + "/run"
        let train = try ToolProcess.run("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                        "--total-steps", "128", "--run-dir", run, "--quiet"], environment: environment)
        #expect(train.status == 0, "\(train.text)")
        let eval = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--episodes", "2", "--seed", "11", "--record",
                                                      folder + "/out/ep.gif", "--record-mode", "each"], environment: environment)
        #expect(eval.status == 0, "\(eval.text)")
        let range = try #require(eval.output.firstMatch(of: /\(min ([0-9.]+), max ([0-9.]+)/))
        let lengths = [Int(Double(range.1)!), Int(Double(range.2)!)]
        let frames = try (1...2).map { try Self.readBack(folder + "/out/ep-\($0).gif", python: python).frames }
        #expect(frames.sorted() == lengths.map { $0 + 1 }, "\(eval.output)")
        #expect(eval.output.contains("recorded \(folder)/out/ep-1.gif, \(folder)/out/ep-2.gif"), "\(eval.output)")
        // --record-mode all: the same two episodes (same seed) one after another in one file.
        let all = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--episodes", "2", "--seed", "11", "--record",
                                                     folder + "/all.gif", "--record-mode", "all"], environment: environment)
        #expect(all.status == 0, "\(all.text)")
        #expect(try Self.readBack(folder + "/all.gif", python: python).frames == frames.reduce(0, +), "\(all.output)")

        let svg = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--record", folder + "/ep.svg"], environment: environment)
        #expect(svg.status == 1)
        #expect(svg.errors == "rl-eval: error: " + RecordingError.gymNeedsVideo(environment: "gym:CartPole-v1", path: folder + "/ep.svg").description + "\n")
        #expect(svg.errors.contains(".gif or .mp4"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/ep.svg"))

        guard Self.ffmpegIsImportable || Self.isCI else {
            print("imageio-ffmpeg is not importable by python3: the MP4 recording is not checked")
            return
        }
        let mp4 = try ToolProcess.run("rl-eval", ["--checkpoint", run, "--episodes", "1", "--seed", "11", "--record",
                                                     folder + "/ep.mp4"], environment: environment)
        #expect(mp4.status == 0, "\(mp4.text)")
        let length = try #require(mp4.output.firstMatch(of: /mean length ([0-9.]+)/))
        let video = try Self.readBack(folder + "/ep.mp4", python: python)
        #expect(video.frames == Int(Double(length.1)!) + 1)
        #expect(video.fps == 50)
    }

    /// A run made with --env-kwargs is played and recorded with them: continuous LunarLander-v3
    /// (Box actions) records a GIF through Pillow's quantisation (its frames have more than 256
    /// colours), one frame per state. (Before, rl-eval made the environment without the run's
    /// keyword arguments, and a continuous policy met Discrete(4).)
    @Test(.enabled(if: testsRun, skipMessage))
    func keywordArgumentsReachTheRecordedEnvironment() throws {
        let python = try Self.requirePillow()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-record-kwargs-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = [GymPython.variable: python]
        let train = try ToolProcess.run("rl-train", ["--env", "gym:LunarLander-v3", "--env-kwargs", #"{"continuous": true}"#,
                                                        "--estimator", "ppo", "--no-preset", "--num-envs", "2", "--rollout-steps", "32",
                                                        "--total-steps", "64", "--run-dir", folder + "/run", "--quiet"],
                                        environment: environment)
        #expect(train.status == 0, "\(train.text)")
        let eval = try ToolProcess.run("rl-eval", ["--checkpoint", folder + "/run", "--episodes", "1", "--seed", "2",
                                                      "--record", folder + "/lander.gif"], environment: environment)
        #expect(eval.status == 0, "\(eval.text)")
        let length = try #require(eval.output.firstMatch(of: /mean length ([0-9.]+)/))
        let gif = try Self.readBack(folder + "/lander.gif", python: python)
        #expect(gif.frames == Int(Double(length.1)!) + 1 && gif.size == [600, 400], "\(eval.output)")
    }

    /// What cannot be recorded is refused before an episode is played, with its fix: a missing
    /// Pillow (hidden by a fixture on PYTHONPATH) names `pip install pillow`; an environment
    /// without an rgb_array render mode says so; .gif for a built-in environment names .svg. A
    /// user's file at the output is kept when the recording fails.
    @Test(.enabled(if: testsRun, skipMessage))
    func whatCannotBeRecordedIsRefusedFirst() throws {
        let python = try Self.requirePillow()
        #expect {
            _ = try GymVectorEnvironment(id: "CartPole-v1", count: 1, python: python,
                                         environment: ["PYTHONPATH": GymTestSupport.fixtures + "/without-pillow"], recording: .gif)
        } throws: { error in
            guard case .missingEncoder(let what, let requirement, _, _)? = error as? GymError else { return false }
            return what == "Pillow" && requirement == "pillow" && "\(error)".contains("-m pip install pillow")
        }
        #expect {
            _ = try GymVectorEnvironment(id: "credo_gym_faults:Faulty-v0", count: 1, python: python,
                                         environment: GymTestSupport.workerEnvironment, recording: .gif)
        } throws: { error in
            guard case .cannotRender(let message)? = error as? GymError else { return false }
            return message.contains("has no rgb_array render mode")
        }
        // The same environment without recording is made as before (the negative control).
        let plain = try GymVectorEnvironment(id: "credo_gym_faults:Faulty-v0", count: 1, python: python,
                                             environment: GymTestSupport.workerEnvironment)
        plain.close()

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-record-refusals-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let builtIn = try ToolProcess.run("rl-train", ["--env", "cartpole", "--estimator", "a2c", "--no-preset",
                                                          "--total-steps", "64", "--run-dir", folder + "/cartpole", "--quiet"])
        #expect(builtIn.status == 0, "\(builtIn.text)")
        let gif = try ToolProcess.run("rl-eval", ["--checkpoint", folder + "/cartpole", "--record", folder + "/ep.gif"])
        #expect(gif.status == 1)
        #expect(gif.errors.contains("cartpole draws itself as an animated SVG: the file name must end in .svg"), "\(gif.errors)")

        // A user's file survives a recording that fails before it starts (Pillow hidden).
        let gym = try ToolProcess.run("rl-train", ["--env", "gym:CartPole-v1", "--estimator", "a2c", "--no-preset",
                                                      "--total-steps", "64", "--run-dir", folder + "/gym", "--quiet"],
                                      environment: [GymPython.variable: python])
        #expect(gym.status == 0, "\(gym.text)")
        try Data("a user's file".utf8).write(to: URL(fileURLWithPath: folder + "/keep.gif"))
        let hidden = try ToolProcess.run("rl-eval", ["--checkpoint", folder + "/gym", "--record", folder + "/keep.gif"],
                                         environment: [GymPython.variable: python,
                                                       "PYTHONPATH": GymTestSupport.fixtures + "/without-pillow"])
        #expect(hidden.status == 1)
        #expect(hidden.errors.contains("needs Pillow") && hidden.errors.contains("pip install pillow"), "\(hidden.errors)")
        #expect(try String(contentsOfFile: folder + "/keep.gif", encoding: .utf8) == "a user's file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["cartpole", "gym", "keep.gif"])
    }
}
