import ArgumentParser
import Foundation
import Testing
import CredoDistributed
@testable import credo_compare

/// The Swift side of `make bench`: every workload measures something finite and reports what
/// compare.py reads; bad arguments are errors that name the valid choices.
@Suite struct WorkloadTests {
    static let presets = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("envs").path

    func measure<W: Workload>(_ type: W.Type, _ arguments: [String]) throws -> WorkloadResult {
        try W.parse(arguments).measure()
    }

    @Test func environmentThroughputsArePositiveRates() throws {
        for arguments in [["--envs", "1"], ["--envs", "8"]] {
            let m = try measure(CartPoleSteps.self, arguments + ["--seconds", "0.05"])
            #expect(m.unit == "steps/s" && m.value.isFinite && m.value > 0)
        }
        let lander = try measure(LunarLanderSteps.self, ["--seconds", "0.05"])
        #expect(lander.unit == "steps/s" && lander.value.isFinite && lander.value > 0)
        let mlp = try measure(MLPStep.self, ["--batch", "8", "--seconds", "0.05"])
        #expect(mlp.unit == "us/step" && mlp.value.isFinite && mlp.value > 0)
    }

    @Test func solveStopsAtItsBudgetAndIsReproducible() throws {
        let arguments = ["--estimator", "a2c", "--seed", "3", "--max-steps", "2000", "--presets", Self.presets]
        let first = try measure(SolveCartPole.self, arguments)
        let second = try measure(SolveCartPole.self, arguments)
        #expect(first.extra["solved"] as? Bool == false)
        let steps = try #require(first.extra["steps"] as? Int), episodes = try #require(first.extra["episodes"] as? Int)
        #expect(steps >= 2000 && steps < 2000 + 500 && episodes > 0)  // one episode at most past the budget
        #expect(second.extra["steps"] as? Int == steps && second.extra["episodes"] as? Int == episodes)
        let timedOut = try measure(SolveCartPole.self, ["--max-seconds", "0.001", "--presets", Self.presets])
        #expect(timedOut.extra["solved"] as? Bool == false && (timedOut.extra["steps"] as? Int ?? .max) < 2000)
    }

    @Test func checkpointRoundTripReportsSaveLoadAndSize() throws {
        let m = try measure(CheckpointRoundTrip.self, ["--repeats", "2", "--presets", Self.presets])
        #expect(m.unit == "ms" && m.value > 0)
        #expect((m.extra["load"] as? Double ?? 0) > 0 && (m.extra["bytes"] as? Int ?? 0) > 1000)
    }

    @Test func anUnknownEstimatorNamesTheValidOnes() throws {
        #expect {
            try measure(SolveCartPole.self, ["--estimator", "no-such", "--presets", Self.presets])
        } throws: { error in
            "\(error)".contains("no-such") && "\(error)".contains("a2c, relax")
        }
        #expect(throws: (any Error).self) { try CartPoleSteps.parse(["--mode", "async"]) }
        #expect(throws: (any Error).self) { try CartPoleSteps.parse(["--envs", "0"]) }
    }

    @Test func theJSONHoldsValueUnitWhatAndExtras() throws {
        let text = try WorkloadResult(value: 2.5, unit: "ms", what: "x", extra: ["load": 1.5, "bytes": 10]).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["value"] as? Double == 2.5 && object["unit"] as? String == "ms" && object["what"] as? String == "x")
        #expect(object["load"] as? Double == 1.5 && object["bytes"] as? Int == 10)
    }
}

/// The allreduce sweep's arithmetic on one rank (the MPI run itself is in CredoMPITests).
@Suite struct AllreduceSweepTests {
    @Test func theNetworksGradientSizesAreTheirParameterCounts() {
        #expect(AllreduceSweep.parameterCount([4, 64, 64, 2]) == 4610)
        #expect(AllreduceSweep.parameterCount([8, 64, 64, 4]) == 4996)
        #expect(AllreduceSweep.parameterCount([8, 256, 256, 4]) == 69124)
    }

    @Test func oneRankReportsEverySizeWithPositiveLatency() throws {
        let sweep = try AllreduceSweep.parse(["--max-floats", "8", "--seconds", "0.001"])
        let m = try sweep.measure(on: SingleProcessCommunicator())
        let rows = try #require(m.extra["rows"] as? [[String: Any]])
        #expect(rows.count == 4 + AllreduceSweep.networks.count)  // 1, 2, 4, 8 floats, then the networks
        #expect(rows.allSatisfy { ($0["latency_us"] as? Double ?? -1) > 0 && ($0["busbw_GBps"] as? Double) == 0 })
        #expect(m.unit == "us" && m.value > 0 && m.extra["ranks"] as? Int == 1)
        #expect(throws: (any Error).self) { try AllreduceSweep.parse(["--max-floats", "0"]) }
    }
}
