// swift-tools-version:6.0
import PackageDescription

// Layers import downwards only: Tensor <- NN, Distributions <- SCG <- Agents <- command lines.
let package = Package(
    name: "Credo",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CredoTensor", targets: ["CredoTensor"]),
        .library(name: "CredoNN", targets: ["CredoNN"]),
        .library(name: "CredoEnvironments", targets: ["CredoEnvironments"]),
        .library(name: "CredoCheckpoint", targets: ["CredoCheckpoint"]),
        .library(name: "CredoDistributions", targets: ["CredoDistributions"]),
        .library(name: "CredoSCG", targets: ["CredoSCG"]),
    ],
    targets: [
        .systemLibrary(name: "CCBLAS", path: "Sources/CCBLAS"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        .target(name: "CredoTensor", dependencies: ["CCBLAS"]),
        .target(name: "CredoNN", dependencies: ["CredoTensor"]),
        .target(name: "CredoEnvironments", dependencies: ["CredoTensor"]),
        .target(name: "CredoCheckpoint", dependencies: ["CHDF5", "CredoTensor"]),
        .executableTarget(name: "credo-bench", dependencies: ["CCBLAS", "CredoTensor", "CredoNN"]),
        .executableTarget(name: "credo-lander-bench", dependencies: ["CredoEnvironments", "CredoTensor"]),
        .target(name: "CredoDistributions", dependencies: ["CredoTensor"]),
        .target(name: "CredoSCG", dependencies: ["CredoTensor", "CredoNN", "CredoDistributions"]),
        .testTarget(name: "CredoTensorTests", dependencies: ["CredoTensor"]),
        .testTarget(name: "CredoNNTests", dependencies: ["CredoNN"]),
        .testTarget(name: "CredoEnvironmentsTests", dependencies: ["CredoEnvironments"]),
        .testTarget(name: "CredoCheckpointTests", dependencies: ["CredoCheckpoint"]),
        .testTarget(name: "CredoSCGTests", dependencies: ["CredoSCG", "CredoDistributions", "CredoTensor", "CredoNN"]),
        .testTarget(name: "CredoDistributionsTests", dependencies: ["CredoDistributions", "CredoTensor"]),
    ]
)
