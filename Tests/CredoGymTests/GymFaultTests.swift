import CredoEnvironments
import Foundation
import Testing

/// A worker that raises, hangs, crashes, or sends NaN or the wrong shape stops the vector
/// environment with a clear error and leaves no process behind; spaces other than Discrete and
/// Box, unknown ids, missing extras, missing Python and missing gymnasium are refused when the
/// environment is made.
@Suite(.serialized) struct GymFaultTests {
    static let faulty = "credo_gym_faults:Faulty-v0"

    /// Makes 3 Faulty copies in 2 workers with `fault`, steps until the error, and returns the
    /// error with the workers' process ids (all of which must be gone).
    func failure(_ fault: String, timeout: Double = 30) throws -> (error: GymError, pids: [Int32]) {
        let python = try GymTestSupport.requireGymnasium()
        let vector = try GymVectorEnvironment(id: Self.faulty, count: 3, seed: 1, keywordArguments: #"{"fault": "\#(fault)"}"#,
                                              workers: 2, python: python, timeout: timeout,
                                              environment: GymTestSupport.workerEnvironment)
        let pids = vector.workerProcessIdentifiers
        #expect(pids.count == 2 && pids.allSatisfy(GymTestSupport.isAlive))
        for step in 1...5 {
            do {
                try vector.step(Array(repeating: .discrete(1), count: 3))
            } catch let error as GymError {
                #expect(step == 3, "the fault is cued at step 3")
                // Later calls report the same failure; nothing is left running.
                #expect(performing: { try vector.step(Array(repeating: .discrete(0), count: 3)) },
                        throws: { ($0 as? GymError)?.description == error.description })
                #expect(vector.workerProcessIdentifiers.isEmpty)
                return (error, pids)
            }
        }
        Issue.record("no error after 5 steps with fault \(fault)")
        return (.closed("no error"), pids)
    }

    func expectGone(_ pids: [Int32]) {
        #expect(GymTestSupport.survivors(of: pids, within: 3).isEmpty, "worker processes left behind: \(pids)")
        #expect(GymTestSupport.children(of: getpid()).allSatisfy { !pids.contains($0) })
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func raisingWorker() throws {
        let (error, pids) = try failure("raise")
        guard case .workerRaised(_, let type, let message, let traceback) = error else {
            Issue.record("expected workerRaised, got \(error)"); return
        }
        #expect(type == "RuntimeError" && message == "the faulty environment raised on cue")
        #expect(traceback.contains("credo_gym_faults.py"))
        expectGone(pids)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func crashingWorker() throws {
        let (error, pids) = try failure("segfault")
        guard case .workerDied(_, _, let how) = error else { Issue.record("expected workerDied, got \(error)"); return }
        #expect(how.contains("SIGSEGV"), "\(error)")
        expectGone(pids)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func hangingWorkerTimesOut() throws {
        let start = Date()
        let (error, pids) = try failure("hang", timeout: 1)
        guard case .timeout(_, let seconds, let during) = error else { Issue.record("expected timeout, got \(error)"); return }
        #expect(seconds == 1 && during == "a step")
        #expect(error.description.contains("CREDO_GYM_TIMEOUT"))
        #expect(Date().timeIntervalSince(start) < 10)
        expectGone(pids)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func notANumber() throws {
        let (error, pids) = try failure("nan")
        guard case .nonFinite(let what, _, let value) = error else { Issue.record("expected nonFinite, got \(error)"); return }
        #expect(what == "observation" && value.isNaN)
        expectGone(pids)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func wrongShape() throws {
        let (error, pids) = try failure("shape")
        guard case .workerRaised(_, let type, let message, _) = error else { Issue.record("expected workerRaised, got \(error)"); return }
        #expect(type == "ValueError" && message.contains("shape (5,)") && message.contains("has 3 values"), "\(message)")
        expectGone(pids)
    }

    /// A healthy Faulty run (the known-good control): no error in 25 steps, truncations every
    /// 10, after a SIGINT to a worker.
    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func healthyControl() throws {
        let python = try GymTestSupport.requireGymnasium()
        let vector = try GymVectorEnvironment(id: Self.faulty, count: 3, seed: 1, workers: 2, python: python,
                                              environment: GymTestSupport.workerEnvironment)
        let pids = vector.workerProcessIdentifiers
        // Ctrl-C reaches the workers too (one process group): they ignore it, the trainer stops.
        kill(pids[0], SIGINT)
        usleep(100_000)
        var truncations = 0
        for _ in 0..<25 {
            try vector.step(Array(repeating: .discrete(1), count: 3))
            truncations += vector.truncated.filter { $0 }.count
        }
        #expect(truncations == 6)
        vector.close()
        expectGone(pids)
    }

    @Test(.enabled(if: GymTestSupport.testsRun, GymTestSupport.skipMessage))
    func refusedWhenMade() throws {
        let python = try GymTestSupport.requireGymnasium()
        func error(_ id: String, kwargs: String? = nil, python: String = python) -> GymError? {
            do {
                _ = try GymVectorEnvironment(id: id, count: 2, keywordArguments: kwargs, workers: 1, python: python,
                                             environment: GymTestSupport.workerEnvironment)
            } catch let e as GymError {
                return e
            } catch { return nil }
            return nil
        }
        let dict = error("credo_gym_faults:DictSpace-v0")
        #expect(dict?.description.contains("the observation space of credo_gym_faults:DictSpace-v0 is Dict(") == true, "\(String(describing: dict))")
        #expect(dict?.description.contains("Credo supports Discrete and Box") == true)
        let unknown = error("NoSuchEnv-v9")
        guard case .unknownEnvironment(let id, _)? = unknown else { Issue.record("\(String(describing: unknown))"); return }
        #expect(id == "NoSuchEnv-v9")
        let module = error("no_such_module:Foo-v0")
        guard case .unknownEnvironment(_, let message)? = module else { Issue.record("\(String(describing: module))"); return }
        #expect(message.contains("No module named 'no_such_module'"))
        let extra = error(Self.faulty, kwargs: #"{"fault": "missing-extra"}"#)
        guard case .missingExtra(_, let name, _, _)? = extra else { Issue.record("\(String(describing: extra))"); return }
        #expect(name == "box2d" && extra!.description.contains("pip install \"gymnasium[box2d]\""))
        #expect(error("CartPole-v1", kwargs: "[1, 2]") == .invalidKeywordArguments("[1, 2]", reason: "it is JSON but not an object"))
        #expect(error("CartPole-v1", python: "/nonexistent/python") == .noPython("/nonexistent/python", chosenBy: "given as --python"))
        // An interpreter without gymnasium: python3 without its site-packages (-S).
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("credo-gym-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bare = folder.appendingPathComponent("python-without-site").path
        try "#!/bin/sh\nexec \(python) -S \"$@\"\n".write(toFile: bare, atomically: true, encoding: .utf8)
        chmod(bare, 0o755)
        let missing = error("CartPole-v1", python: bare)
        #expect(missing == .missingModule("gymnasium", python: bare), "\(String(describing: missing))")
        #expect(missing?.description.contains("make gym") == true)
    }
}
