import ArgumentParser
import CredoTensor

// credo-compare: the Swift side of `make bench`. Each subcommand measures one workload of
// bench/compare.py and prints one JSON object on stdout; bench/theirs.py measures the same
// workload with Gymnasium, PyTorch or Stable-Baselines3 and takes the same arguments.
//
//     swift run -c release credo-compare cartpole --envs 8 --seconds 2
@main
struct CredoCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credo-compare",
        abstract: "Measures one workload of `make bench` (bench/compare.py) and prints it as JSON.",
        subcommands: [CartPoleSteps.self, LunarLanderSteps.self, MLPStep.self, SolveCartPole.self, CheckpointRoundTrip.self,
                      AllreduceSweep.self, DataParallelEquivalence.self, SplitEquivalence.self, DataParallelSolve.self])

    /// Every workload runs with a training program's process settings (`TrainingProcess`).
    static func main() {
        TrainingProcess.configure()
        main(nil)
    }
}
