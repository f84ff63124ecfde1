import ArgumentParser
import CredoTensor

// credo-compare: Credo's one benchmark tool. Each subcommand measures one workload and prints it:
// the workloads of `make bench` (bench/compare.py; bench/theirs.py measures the same workload with
// Gymnasium, PyTorch or Stable-Baselines3 and takes the same arguments) as one JSON object each;
// `core` (make bench-core), `envs` and `lander` as text tables; `gym` (make bench-gym) and the
// agent runs `to-goal`, `off-policy` and `sac-step` as their progress lines and a JSON summary.
//
//     swift run -c release credo-compare cartpole --envs 8 --seconds 2
//     swift run -c release credo-compare --help        # every subcommand
@main
struct CredoCompare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credo-compare",
        abstract: "Measures one workload (make bench, bench-core, bench-gym; env and agent benchmarks) and prints it.",
        subcommands: [CartPoleSteps.self, LunarLanderSteps.self, MLPStep.self, MLPFloor.self, SolveCartPole.self, CheckpointRoundTrip.self,
                      AllreduceSweep.self, DataParallelEquivalence.self, SplitEquivalence.self, DataParallelSolve.self,
                      TensorCore.self, EnvironmentThroughput.self, LunarLanderReport.self, GymVectorSteps.self,
                      TrainToGoal.self, OffPolicyToGoal.self, SACStep.self])

    /// Every workload runs with a training program's process settings (`TrainingProcess`), except
    /// those that declare otherwise (`ProcessSettings`): they get the heap tuning only.
    static func main() {
        do {
            var command = try parseAsRoot(nil)
            if (type(of: command) as? ProcessSettings.Type)?.usesTrainingThreads == false {
                HeapTuning.apply()
            } else {
                TrainingProcess.configure()
            }
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// A subcommand that keeps OpenBLAS's thread count as the user set it (or OpenBLAS's default)
/// instead of the one thread of a training program.
protocol ProcessSettings {
    static var usesTrainingThreads: Bool { get }
}
