import CredoDistributed
import Foundation

extension MPICommunicator {
    /// Whether a launcher started this process as a rank of an MPI job: OpenMPI's mpirun sets
    /// OMPI_COMM_WORLD_SIZE, a PMIx launcher (mpirun, srun --mpi=pmix) PMIX_RANK, a PMI-1/2
    /// launcher PMI_SIZE. Read from the environment, before (and without) initialising MPI.
    public static var isLaunchedByMPI: Bool {
        let environment = ProcessInfo.processInfo.environment
        return ["OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_SIZE"].contains { environment[$0] != nil }
    }

    /// `world()` under an MPI launcher, otherwise a `SingleProcessCommunicator` (MPI is not
    /// initialised at all, so a plain run pays nothing): what a command-line tool calls once.
    public static func worldIfLaunched(collectiveTimeout: Double = 300) throws -> any Communicator {
        isLaunchedByMPI ? try world(collectiveTimeout: collectiveTimeout) : SingleProcessCommunicator()
    }
}
