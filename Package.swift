// swift-tools-version:6.0
import PackageDescription

// Layers import downwards only: Tensor <- NN, Distributions <- SCG <- Agents <- command lines.
let package = Package(
    name: "Credo",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CredoTensor", targets: ["CredoTensor"]),
        .library(name: "CredoEnvironments", targets: ["CredoEnvironments"]),
    ],
    targets: [
        .systemLibrary(name: "CCBLAS", path: "Sources/CCBLAS"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        .target(name: "CredoTensor", dependencies: ["CCBLAS"]),
        .target(name: "CredoEnvironments", dependencies: ["CredoTensor"]),
        .testTarget(name: "CredoTensorTests", dependencies: ["CredoTensor"]),
        .testTarget(name: "CredoEnvironmentsTests", dependencies: ["CredoEnvironments"],
                    resources: [.copy("Fixtures")]),
        .executableTarget(name: "credo-env-bench", dependencies: ["CredoEnvironments"]),
    ]
)
