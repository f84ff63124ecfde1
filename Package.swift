// swift-tools-version:6.0
import PackageDescription

// Layers import downwards only:
//   CCBLAS, CHDF5 (system libraries) <- Tensor <- NN, Distributions, Environments, Checkpoint
//   <- SCG <- Agents <- command-line tools.
let package = Package(
    name: "Credo",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CredoTensor", targets: ["CredoTensor"]),
        .library(name: "CredoNN", targets: ["CredoNN"]),
        .library(name: "CredoDistributions", targets: ["CredoDistributions"]),
        .library(name: "CredoEnvironments", targets: ["CredoEnvironments"]),
        .library(name: "CredoCheckpoint", targets: ["CredoCheckpoint"]),
        .library(name: "CredoSCG", targets: ["CredoSCG"]),
        .library(name: "CredoAgents", targets: ["CredoAgents"]),
    ],
    targets: [
        // C libraries from Debian packages (libopenblas-dev, libhdf5-dev); no unsafeFlags.
        .systemLibrary(name: "CCBLAS", path: "Sources/CCBLAS"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),

        // The library, layer by layer.
        .target(name: "CredoTensor", dependencies: ["CCBLAS"]),
        .target(name: "CredoNN", dependencies: ["CredoTensor"]),
        .target(name: "CredoDistributions", dependencies: ["CredoTensor"]),
        .target(name: "CredoEnvironments", dependencies: ["CredoTensor"]),
        .target(name: "CredoCheckpoint", dependencies: ["CHDF5", "CredoTensor"]),
        .target(name: "CredoSCG", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions"]),
        .target(name: "CredoAgents", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions",
                                                    "CredoEnvironments", "CredoCheckpoint", "CredoSCG"]),

        // Benchmarks (release builds: swift run -c release NAME).
        .executableTarget(name: "credo-bench", dependencies: ["CCBLAS", "CredoTensor", "CredoNN"]),
        .executableTarget(name: "credo-env-bench", dependencies: ["CredoEnvironments"]),
        .executableTarget(name: "credo-lander-bench", dependencies: ["CredoEnvironments", "CredoTensor"]),
        .executableTarget(name: "credo-agents-bench", dependencies: ["CredoAgents"]),
        // A CleanRL-style example: RELAX on CartPole in one file, public API only.
        .executableTarget(name: "example-relax-cartpole", dependencies: ["CredoAgents", "CredoNN", "CredoTensor"],
                          path: "Examples", sources: ["relax_cartpole.swift"]),

        // Tests.
        .testTarget(name: "CredoTensorTests", dependencies: ["CredoTensor"]),
        .testTarget(name: "CredoNNTests", dependencies: ["CredoNN"]),
        .testTarget(name: "CredoDistributionsTests", dependencies: ["CredoDistributions", "CredoTensor"]),
        .testTarget(name: "CredoEnvironmentsTests", dependencies: ["CredoEnvironments"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "CredoCheckpointTests", dependencies: ["CredoCheckpoint", "CredoTensor"]),
        .testTarget(name: "CredoAgentsTests", dependencies: ["CredoAgents", "CredoEnvironments", "CredoTensor",
                                                             "CredoNN", "CredoDistributions", "CredoCheckpoint"]),
        .testTarget(name: "CredoSCGTests", dependencies: ["CredoSCG", "CredoDistributions", "CredoTensor", "CredoNN"]),
    ]
)
