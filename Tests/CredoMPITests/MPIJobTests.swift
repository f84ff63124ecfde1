import Foundation
import Testing

/// Jobs of `credo-mpi-check` under `mpirun -np 2`: every collective with exact results, and the
/// ways a job must end when a rank fails (killed, hung, a failure it reports, an abort).
@Suite(.serialized, .enabled(if: MPIJob.mpirun != nil, "mpirun is not installed (make test installs openmpi-bin)"))
struct MPIJobTests {
    @Test func collectivesGiveExactResultsOnEveryRank() throws {
        for ranks in [2, 3] {
            let job = try MPIJob.run(ranks: ranks, ["collectives"])
            #expect(job.status == 0, "\(job)")
            for rank in 0 ..< ranks { #expect(job.stdout.contains("rank \(rank): ok 28 checks"), "\(job)") }
        }
    }

    @Test func underMPIRunTheWorldCommunicatorIsChosenOtherwiseOneRank() throws {
        let job = try MPIJob.run(ranks: 2, ["launched"])
        #expect(job.status == 0 && job.stdout.contains("rank 1 of 2: launched by MPI true, MPICommunicator"), "\(job)")
        let plain = Process()
        plain.executableURL = MPIJob.products.appendingPathComponent("credo-mpi-check")
        plain.arguments = ["launched"]
        plain.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OMPI_") && !$0.key.hasPrefix("PMI") }
        let pipe = Pipe()
        plain.standardOutput = pipe
        try plain.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        plain.waitUntilExit()
        #expect(plain.terminationStatus == 0 && text == "rank 0 of 1: launched by MPI false, SingleProcessCommunicator\n", "\(text)")
    }

    @Test func aKilledRankEndsTheJobWithinSeconds() throws {
        // The watchdog is off: mpirun itself must notice the death and stop the other rank.
        let job = try MPIJob.start(ranks: 2, ["kill", "-1"], environment: ["CREDO_MPI_TIMEOUT": "0"])
        let line = try job.waitForLine { $0.hasPrefix("rank 1: pid ") && $0.hasSuffix("in the allreduce loop") }
        let pid = try #require(Int32(line.split(separator: " ")[3]))
        let killed = ContinuousClock.now
        kill(pid, SIGKILL)
        let result = try job.wait(timeout: 20)
        let elapsed = ContinuousClock.now - killed
        #expect(result.status != 0, "\(result)")
        #expect(result.stderr.contains("exited on signal 9 (Killed)"), "\(result)")
        #expect(elapsed < .seconds(10), "the job took \(elapsed) to end after the kill")
    }

    @Test func aHungRankTripsTheWatchdogOfTheOthers() throws {
        let job = try MPIJob.run(ranks: 2, ["hang", "1"], environment: ["CREDO_MPI_TIMEOUT": "2"], timeout: 30)
        #expect(job.status == 70, "\(job)")
        // Rank 0 waits in the allreduce rank 1 never joins (the rank is named in the line; under
        // a very loaded machine the first allreduce could trip first, so it is not asserted).
        #expect(job.stderr.contains("MPI_Allreduce has not returned after 2.0 s: another rank has likely died or hung"),
                "\(job)")
        #expect(job.seconds < 20)
    }

    @Test func aRankThatExitsOnAnErrorEndsTheJobWithItsStatus() throws {
        // No finalise at exit: the others are in an allreduce, so finalising would wait for them.
        let job = try MPIJob.run(ranks: 2, ["exit", "1"], environment: ["CREDO_MPI_TIMEOUT": "60"])
        #expect(job.status == 6, "\(job)")
        #expect(job.stderr.contains("rank 1 exits with status 6") && job.stderr.contains("Exit code:    6"), "\(job)")
        #expect(job.seconds < 20, "\(job)")
    }

    @Test func aReportedFailureStopsEveryRankWithItsMessage() throws {
        let job = try MPIJob.run(ranks: 2, ["fail", "1"])
        #expect(job.status == 3, "\(job)")
        #expect(job.stdout.contains("rank 0: every rank stops: rank 1 failed: non-finite loss at update 5"), "\(job)")
    }

    @Test func anAbortOnOneRankStopsTheJobWithItsMessageAndCode() throws {
        let job = try MPIJob.run(ranks: 2, ["abort", "1"])
        #expect(job.status == 4, "\(job)")
        #expect(job.stderr.contains("credo: rank 1: non-finite loss at update 7"), "\(job)")
    }
}

/// `credo-compare allreduce` (the OSU-style sweep) under mpirun: rank 0 alone prints the JSON.
@Suite(.serialized, .enabled(if: MPIJob.mpirun != nil, "mpirun is not installed (make test installs openmpi-bin)"))
struct AllreduceBenchmarkJobTests {
    @Test func twoRanksReportOneJSONObjectWithEverySize() throws {
        let job = try MPIJob.run(ranks: 2, ["allreduce", "--max-floats", "64", "--seconds", "0.01"], program: "credo-compare")
        #expect(job.status == 0, "\(job)")
        let lines = job.stdout.split(separator: "\n")
        #expect(lines.count == 1, "\(job)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["ranks"] as? Int == 2 && (object["library"] as? String ?? "").hasPrefix("Open MPI"))
        let rows = try #require(object["rows"] as? [[String: Any]])
        #expect(rows.count == 4 + 7 && rows.allSatisfy { ($0["latency_us"] as? Double ?? 0) > 0 })
    }
}
