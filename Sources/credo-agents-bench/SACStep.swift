import CredoAgents
import Foundation

/// Times one SAC gradient step (temperature, twin critics, actor; batch 256, 256-256 networks,
/// cartpole-continuous: o = 4, d = 1) on a buffer filled with uniform random actions; prints the
/// median over rounds of `perRound` steps, as JSON.
///
///     swift run -c release credo-agents-bench --sac-step [rounds] [perRound]
func timeSACStep(rounds: Int, perRound: Int) throws {
    var trainer = try OffPolicyActorCritic(config: .with {
        $0.environment = "cartpole-continuous"; $0.estimator = .sac; $0.batchSize = 256; $0.hiddenSizes = [256, 256]
        $0.bufferSize = 10_000; $0.learningStarts = 2_000; $0.seed = 0
    })
    while trainer.counters.environmentSteps < 2_000 { _ = try trainer.update() }
    for _ in 0..<20 { _ = try trainer.gradientStep() }
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<perRound { _ = try trainer.gradientStep() }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(perRound))
    }
    times.sort()
    let median = times[times.count / 2]
    print("{\"sac_step_seconds_median\": \(median), \"min\": \(times.first!), \"max\": \(times.last!), \"rounds\": \(rounds), \"steps_per_round\": \(perRound)}")
}
