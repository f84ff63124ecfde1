import CredoDistributed
import CredoMPI
import Foundation

// credo-mpi-check: the program the MPI tests start under mpirun (Tests/CredoMPITests).
//
//     mpirun --allow-run-as-root --oversubscribe -np 2 .build/debug/credo-mpi-check collectives
//
// Modes:
//   launched           prints whether mpirun started it, and which communicator worldIfLaunched gave
//   collectives        every collective with exact expected results; prints "rank R: ok N checks"
//   kill VICTIM        all ranks allreduce in a loop; rank VICTIM SIGKILLs itself after 20 rounds
//                      (-1: none does; the test kills rank 1 from outside by the pid it prints)
//   hang VICTIM        rank VICTIM sleeps outside MPI; the others wait in an allreduce (the watchdog)
//   fail VICTIM        rank VICTIM reports a non-finite loss through throwIfAnyRankFailed
//   exit VICTIM [S]    rank VICTIM calls exit(S, default 6) unfinalised while the others allreduce
//   abort VICTIM       rank VICTIM calls abort(message:) alone
/// One unbuffered line on standard output (the tests read it while the job may still be killed).
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

let arguments = Array(CommandLine.arguments.dropFirst())
let mode = arguments.first ?? "collectives"
let victim = arguments.count > 1 ? Int(arguments[1]) ?? 1 : 1

if mode == "launched" {
    // Before MPI is initialised (and without initialising it off mpirun).
    let launched = MPICommunicator.isLaunchedByMPI
    let communicator = try MPICommunicator.worldIfLaunched()
    say("rank \(communicator.rank) of \(communicator.size): launched by MPI \(launched), \(type(of: communicator))")
    (communicator as? MPICommunicator)?.finalize()
    exit(0)
}

do {
    let communicator = try MPICommunicator.world()
    switch mode {
    case "collectives":
        var suite = CollectiveChecks(communicator)
        let checks = try suite.run()
        communicator.finalize()
        var after: [Float] = [1]
        do {
            try communicator.allreduceSum(&after)
            communicator.abort(message: "check failed: an allreduce after finalize() did not throw")
        } catch {
            guard "\(error)" == "MPI_Allreduce failed (MPI error -1): called after finalize()" else {
                communicator.abort(message: "check failed: after finalize(): \(error)")
            }
        }
        say("rank \(communicator.rank): ok \(checks + 1) checks")
    case "kill":
        var buffer = [Float](repeating: 1, count: 4610)
        for round in 0... {
            if communicator.rank == victim && round == 20 {
                say("rank \(victim): pid \(getpid()) sends itself SIGKILL at round \(round)")
                kill(getpid(), SIGKILL)
            }
            try communicator.allreduceMean(&buffer)
            if round == 0 { say("rank \(communicator.rank): pid \(getpid()) in the allreduce loop") }
        }
    case "hang":
        var buffer = [Float](repeating: 1, count: 16)
        try communicator.allreduceSum(&buffer)
        if communicator.rank == victim {
            say("rank \(victim): hangs outside MPI")
            while true { sleep(1000) }
        }
        try communicator.allreduceSum(&buffer)
    case "fail":
        for update in 1 ... 10 {
            let loss: Float = communicator.rank == victim && update == 5 ? .nan : 0.5
            do {
                try communicator.throwIfAnyRankFailed(loss.isFinite ? nil : "non-finite loss at update \(update)")
            } catch let error as CommunicatorError {
                if communicator.rank == 0 { say("rank 0: every rank stops: \(error)") }
                communicator.finalize()
                exit(3)
            }
        }
    case "exit":
        // An error that ends one rank the ordinary way (exit, atexit finalises) while the others
        // wait in an allreduce.
        var buffer = [Float](repeating: 1, count: 16)
        let status = arguments.count > 2 ? Int32(arguments[2]) ?? 6 : 6
        if communicator.rank == victim {
            writeToStandardError("credo-mpi-check: rank \(victim) exits with status \(status)\n")
            exit(status)
        }
        while true { try communicator.allreduceSum(&buffer) }
    case "abort":
        if communicator.rank == victim { communicator.abort(message: "non-finite loss at update 7", exitCode: 4) }
        var buffer = [Float](repeating: 1, count: 16)
        while true { try communicator.allreduceSum(&buffer) }
    default:
        communicator.abort(message: "credo-mpi-check: unknown mode \(mode)", exitCode: 2)
    }
    communicator.finalize()
} catch {
    writeToStandardError("credo-mpi-check: \(error)\n")
    exit(1)
}
