import Foundation
import Testing

/// Strong scaling under `mpirun -np 2`: a run's environment copies split over the ranks follow the
/// one-rank run of the same copies (`credo-compare split-equivalence`), and a split that cannot be
/// made is refused naming the counts.
@Suite(.serialized, .enabled(if: MPIJob.mpirun != nil, "mpirun is not installed (make test installs openmpi-bin)"))
struct SplitEnvironmentTests {
    static let single = ["OPENBLAS_NUM_THREADS": "1", "CREDO_MPI_TIMEOUT": "120"]

    /// 8 CartPole copies, 4 updates (SGD, normalised observations, rewards and advantages): split
    /// over 2 ranks against one rank. a2c takes one step per update on all 128 rows; ppo 3 passes of
    /// 4 minibatches of 32 rows, each split unevenly between the ranks. The known-wrong variants,
    /// every rank its own 8 copies, and advantages standardised per rank, must miss the bound.
    @Test(arguments: ["a2c", "ppo"])
    func twoRanksWithSplitCopiesFollowTheOneRankRun(estimator: String) throws {
        let job = try MPIJob.run(ranks: 2, ["split-equivalence", "--estimator", estimator, "--envs", "8", "--updates", "4"],
                                 environment: Self.single, program: "credo-compare", timeout: 300)
        #expect(job.status == 0, "\(job)")
        let line = try #require(job.stdout.split(separator: "\n").last.map(String.init), "\(job)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(job)")
        for variant in ["split", "per-rank-copies", "per-rank-advantages"] {
            let result = try #require(json[variant] as? [String: Any], "\(variant): \(line)")
            let networks = try #require(result["networks"] as? [String: [String: Double]], "\(line)")
            #expect(Set(networks.keys) == ["policy", "critic"], "\(line)")
            let passes = networks.values.allSatisfy { $0["max_abs_difference"]! <= $0["bound"]! }
            #expect(result["pass"] as? Bool == passes, "\(line)")
            if variant == "split" {
                for (name, values) in networks {
                    // Training moved the parameters (the comparison is not vacuous), and the two agree.
                    #expect(values["max_abs_movement"]! > 1e-3, "\(name): \(line)")
                    #expect(values["max_abs_difference"]! <= values["bound"]!, "\(name): \(line)")
                }
            } else {
                // The negative controls: at least one network far outside the bound.
                #expect(!passes, "\(variant) should differ from the one-rank run: \(line)")
            }
        }
    }

    /// `--env-split on` with a count the ranks do not divide: a clear error naming both counts.
    @Test func anUnevenSplitIsRefusedNamingTheCounts() throws {
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("credo-split-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: run) }
        let job = try MPIJob.run(ranks: 2, ["--env", "cartpole", "--estimator", "a2c", "--no-preset", "--num-envs", "3",
                                            "--env-split", "on", "--total-steps", "64", "--run-dir", run, "--quiet"],
                                 environment: Self.single, program: "rl-train", timeout: 300)
        #expect(job.status != 0, "\(job)")
        #expect(job.stderr.contains("environmentCount 3 does not divide evenly over 2 ranks"), "\(job)")
        #expect(job.stderr.contains("valid choices: auto"), "\(job)")
    }
}
