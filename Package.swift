// swift-tools-version:6.0
import PackageDescription

// Layers import downwards only:
//   CCBLAS, CHDF5 (system libraries), Primitives <- Tensor <- NN, Distributions, Environments,
//   Checkpoint <- SCG <- Agents <- Run <- command-line tools (docs/architecture.md).
let package = Package(
    name: "Credo",
    // Linux only: it links Debian's OpenBLAS, HDF5 and OpenMPI (see the README).
    products: [
        // The library: `import Credo` brings in every layer (tensors to the run layer).
        .library(name: "Credo", targets: ["Credo"]),
        // OpenMPI's Communicator, for a program of yours that trains under mpirun (links MPI).
        .library(name: "CredoMPI", targets: ["CredoMPI"]),
        .executable(name: "rl-train", targets: ["rl-train"]),
        .executable(name: "rl-eval", targets: ["rl-eval"]),
        .executable(name: "rl-sweep", targets: ["rl-sweep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // TensorBoard's Event/Summary messages (hand-written conformances; the protoc plugin is not built).
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        // C libraries from Debian packages (libopenblas-dev, libhdf5-dev); no unsafeFlags.
        .systemLibrary(name: "CCBLAS", path: "Sources/CCBLAS"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        // OpenMPI (libopenmpi-dev); linked only by CredoMPI and the programs that use it.
        .systemLibrary(name: "CMPI", path: "Sources/CMPI"),

        // The library, layer by layer.
        // Dependency-free pieces every layer shares: RandomGenerator (xoshiro256**), Chan's moments
        // merge. CredoTensor re-exports it.
        .target(name: "CredoPrimitives"),
        .target(name: "CredoKernels"),
        .target(name: "CredoTensor", dependencies: ["CCBLAS", "CredoKernels", "CredoPrimitives"]),
        .target(name: "CredoNN", dependencies: ["CredoTensor", "CredoKernels"]),
        .target(name: "CredoDistributions", dependencies: ["CredoTensor"]),
        .target(name: "CredoEnvironments", dependencies: ["CredoTensor", "CredoPrimitives"]),
        .target(name: "CredoCheckpoint", dependencies: ["CHDF5", "CredoTensor"]),
        .target(name: "CredoPlot"),
        // rliable's statistics (IQM, stratified bootstrap, probability of improvement, performance
        // profiles, Wilson intervals): pure Swift, no dependency but the shared generator.
        .target(name: "CredoStatistics", dependencies: ["CredoPrimitives"]),
        // TensorBoard event files (TFRecord framing, Event/Summary over SwiftProtobuf).
        .target(name: "CredoTensorBoard", dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]),
        // Data parallelism: the Communicator protocol and its one-rank implementation (no MPI),
        // and the OpenMPI implementation beside it.
        .target(name: "CredoDistributed", dependencies: ["CredoPrimitives"]),
        .target(name: "CredoMPI", dependencies: ["CMPI", "CredoDistributed"]),
        .target(name: "CredoSCG", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions"]),
        .target(name: "CredoAgents", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions",
                                                    "CredoEnvironments", "CredoCheckpoint", "CredoSCG", "CredoDistributed"]),
        .target(name: "Credo", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions", "CredoEnvironments",
                                              "CredoCheckpoint", "CredoSCG", "CredoAgents", "CredoDistributed", "CredoPlot",
                                              "CredoRun"]),

        // Runs: configuration, presets, run directories, metrics, progress, the training session.
        .target(name: "CredoRun", dependencies: ["CredoAgents", "CredoCheckpoint", "CredoEnvironments", "CredoNN", "CredoPlot",
                                            "CredoTensor", "CredoDistributed", "CredoTensorBoard"]),

        // fork + PR_SET_PDEATHSIG for rl-sweep's children (no child outlives rl-sweep).
        .target(name: "CSpawn"),
        // Sweeps: run folders of estimators × environments × seeds, their runner and report.
        .target(name: "CredoSweep", dependencies: ["CSpawn", "CredoStatistics", "CredoPlot"]),

        // Command-line tools over CredoRun.
        // rl-train alone (of the tools) links MPI: `mpirun -np N rl-train ...` trains data-parallel.
        .executableTarget(name: "rl-train", dependencies: [
            "CredoRun", "CredoAgents", "CredoEnvironments", "CredoDistributed", "CredoMPI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "rl-eval", dependencies: [
            "CredoRun", "CredoAgents", "CredoEnvironments", "CredoCheckpoint",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .executableTarget(name: "rl-sweep", dependencies: [
            "CredoSweep", "CredoRun", "CredoTensor", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // The benchmark tool (release builds: swift run -c release credo-compare SUBCOMMAND): the Swift
        // side of `make bench` (bench/compare.py), `make bench-core`, `make bench-gym`, the env and
        // agent benchmarks; one workload per subcommand.
        .executableTarget(name: "credo-compare", dependencies: [
            "CCBLAS", "CredoKernels", "CredoTensor", "CredoNN", "CredoEnvironments", "CredoAgents", "CredoCheckpoint", "CredoRun",
            "CredoDistributed", "CredoMPI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Test fixtures (Tests/Fixtures): what the MPI tests run under mpirun (collectives, killed and
        // hung ranks), and rl-train's path with a second trainer family (a bandit trainer).
        .executableTarget(name: "credo-mpi-check", dependencies: ["CredoDistributed", "CredoMPI"],
                          path: "Tests/Fixtures/credo-mpi-check"),
        .target(name: "CredoTestTrainers", dependencies: ["CredoRun", "CredoAgents", "CredoSCG", "CredoDistributions",
                                                          "CredoEnvironments", "CredoNN", "CredoTensor", "CredoCheckpoint"],
                path: "Tests/Fixtures/CredoTestTrainers"),
        .executableTarget(name: "credo-test-train", dependencies: ["CredoRun", "CredoTestTrainers"],
                          path: "Tests/Fixtures/credo-test-train"),
        // A CleanRL-style example: RELAX on CartPole in one file, public API only.
        .executableTarget(name: "example-relax-cartpole", dependencies: ["CredoAgents", "CredoDistributions", "CredoNN", "CredoSCG", "CredoTensor"],
                          path: "Examples", sources: ["relax_cartpole.swift"]),

        // Paper reproductions (swift run -c release credo-experiments relax-toy | hnca-bandit).
        // The papers' experiments beside the library: the discrete VAE's models and training loop
        // (CredoExperiments), run with the RELAX toy and the HNCA bandit by credo-experiments.
        .target(name: "CredoExperiments", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions", "CredoSCG", "CredoKernels"]),
        .executableTarget(name: "credo-experiments", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions",
                                                                  "CredoEnvironments", "CredoSCG", "CredoPlot", "CredoExperiments"]),

        // Tests, and what several test targets share.
        .target(name: "CredoTestSupport", dependencies: ["CredoTensor"], path: "Sources/CredoTestSupport"),
        .testTarget(name: "CredoTensorTests", dependencies: ["CredoTensor", "CredoTestSupport", "CredoKernels"]),
        .testTarget(name: "CredoNNTests", dependencies: ["CredoNN"]),
        .testTarget(name: "CredoDistributionsTests", dependencies: ["CredoDistributions", "CredoTensor", "CredoTestSupport"]),
        .testTarget(name: "CredoEnvironmentsTests", dependencies: ["CredoEnvironments"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CredoExperimentsTests", dependencies: ["CredoExperiments", "CredoSCG", "CredoNN", "CredoTensor",
                                                                  "CredoDistributions"]),
        .testTarget(name: "CredoCheckpointTests", dependencies: ["CredoCheckpoint", "CredoTensor", "CredoTestSupport"]),
        .testTarget(name: "CredoPlotTests", dependencies: ["CredoPlot"]),
        .testTarget(name: "CredoStatisticsTests", dependencies: ["CredoStatistics", "CredoPrimitives", "CredoTestSupport"]),
        // Starts rl-sweep (and so rl-train) as processes: interrupted and killed sweeps, the report.
        .testTarget(name: "CredoSweepTests", dependencies: ["CredoSweep", "CredoStatistics", "rl-sweep", "rl-train"]),
        .testTarget(name: "CredoSCGTests", dependencies: ["CredoSCG", "CredoDistributions", "CredoTensor", "CredoNN",
                                                         "CredoEnvironments", "CredoTestSupport"]),
        .testTarget(name: "CredoRunTests", dependencies: [
            "CredoRun", "CredoAgents", "CredoCheckpoint", "CredoEnvironments", "CredoTensor", "CredoNN", "CredoSCG",
            "CredoDistributions", "CredoTestSupport", "CredoTestTrainers", "rl-train", "rl-eval", "credo-test-train", "CredoTensorBoard",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "CredoCompareTests", dependencies: [
            "credo-compare", "CredoDistributed", "CredoTestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(name: "CredoDistributedTests", dependencies: ["CredoDistributed"]),
        // Starts credo-mpi-check under `mpirun -np 2` (skipped, saying so, when mpirun is missing).
        .testTarget(name: "CredoMPITests", dependencies: ["credo-mpi-check", "credo-compare", "rl-train", "CredoCheckpoint"]),
        // The gym: bridge: Gymnasium (scripts/test-requirements.txt) in Python workers.
        .testTarget(name: "CredoGymTests", dependencies: ["CredoEnvironments", "CredoAgents", "CredoRun", "CredoTensor", "CredoTestSupport",
                                                          "rl-train", "rl-eval"],
                    exclude: ["Fixtures"]),
        .testTarget(name: "CredoAgentsTests", dependencies: ["CredoAgents", "CredoSCG", "CredoEnvironments", "CredoTensor",
                                                             "CredoNN", "CredoDistributions", "CredoCheckpoint", "CredoTestSupport"],
                    resources: [.copy("Fixtures")]),
    ]
)
