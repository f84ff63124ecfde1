import CredoAgents
import CredoTensor
import Foundation

/// Times one SAC gradient step (temperature, twin critics, actor; batch 256, 256-256 networks,
/// cartpole-continuous: o = 4, d = 1) on a buffer filled with uniform random actions; prints the
/// median over rounds of `perRound` steps, as JSON.
///
///     swift run -c release credo-agents-bench --sac-step [rounds] [perRound] [width] [estimator]
///
/// With a width and an estimator, the same for another network width (width-width) and
/// estimator; it also times the collection of one environment step (`update()` before
/// learning starts, uniform actions) and of one acting step of the actor.
func timeSACStep(rounds: Int, perRound: Int, width: Int = 256, estimator: EstimatorName = .sac) throws {
    var trainer = try OffPolicyActorCritic(config: .with {
        $0.environment = "cartpole-continuous"; $0.estimator = estimator; $0.batchSize = 256; $0.hiddenSizes = [width, width]
        $0.bufferSize = 10_000; $0.learningStarts = 2_000; $0.seed = 0
    })
    let collectStart = DispatchTime.now().uptimeNanoseconds
    while trainer.counters.environmentSteps < 2_000 { _ = try trainer.update() }
    let uniformStep = Double(DispatchTime.now().uptimeNanoseconds - collectStart) / 1e9 / 2_000
    for _ in 0..<20 { _ = try trainer.gradientStep() }
    var times: [Double] = []
    for _ in 0..<rounds {
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<perRound { _ = try trainer.gradientStep() }
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(perRound))
    }
    times.sort()
    let median = times[times.count / 2]
    // Acting: the actor's distribution on one observation and a draw, as the collector does.
    var rng = RandomGenerator(seed: 1)
    let actStart = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<2_000 { _ = trainer.act(rawObservations: [0.01, 0.02, 0.03, 0.04], deterministic: false, using: &rng) }
    let act = Double(DispatchTime.now().uptimeNanoseconds - actStart) / 1e9 / 2_000
    print("{\"estimator\": \"\(estimator)\", \"width\": \(width), \"gradient_step_seconds_median\": \(median), \"min\": \(times.first!), "
          + "\"max\": \(times.last!), \"rounds\": \(rounds), \"steps_per_round\": \(perRound), "
          + "\"uniform_collection_step_seconds\": \(uniformStep), \"act_seconds\": \(act)}")
}
