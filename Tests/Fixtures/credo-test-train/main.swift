import CredoRun
import CredoTestTrainers
import Foundation

// rl-train's whole path (TrainingLauncher: configuration, run folder, metrics, checkpoints, exact
// resume) with a catalog of two trainer families, ActorCritic's and the bandit trainer's, run as
// its own process by Tests/CredoRunTests/SecondTrainerTests.swift.
//
//     credo-test-train --run-dir DIR [--resume RUN] key=value ...
var overrides = ConfigurationOverrides()
var runDirectory: String?, resume: String?
var arguments = Array(CommandLine.arguments.dropFirst())
while !arguments.isEmpty {
    let argument = arguments.removeFirst()
    switch argument {
    case "--run-dir": runDirectory = arguments.removeFirst()
    case "--resume": resume = arguments.removeFirst()
    default:
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            FileHandle.standardError.write(Data("credo-test-train: expected key=value, got \(argument)\n".utf8))
            exit(2)
        }
        overrides[parts[0]] = (try? JSONDecoder().decode(ConfigurationOverrides.Value.self, from: Data(parts[1].utf8)))
            ?? .text(parts[1])
    }
}
let launcher = TrainingLauncher(catalog: TrainerCatalog(kinds: [.actorCritic, .bandit()]), presetDirectory: "/nonexistent",
                                progressMode: .quiet)
do {
    let outcome = try launcher.run(TrainingRequest(overrides: overrides, ignorePreset: true, runDirectory: runDirectory,
                                                   resume: resume, quiet: true))
    print(outcome.summary)
    exit(outcome.exitStatus)
} catch {
    FileHandle.standardError.write(Data("credo-test-train: error: \(error)\n".utf8))
    exit(1)
}
