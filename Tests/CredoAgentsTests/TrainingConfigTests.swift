import Foundation
import Testing
@testable import CredoAgents

@Suite struct TrainingConfigTests {
    @Test func estimatorNames() {
        #expect(EstimatorName.allCases.map(\.rawValue)
                == ["reinforce", "reinforce-baseline", "a2c", "relax", "lax", "pathwise", "sobolev", "ppo", "mac", "reparam-q"])
        #expect(ReturnTargetName.allCases.map(\.rawValue) == ["monte-carlo", "k-step", "lambda", "td0"])
    }

    @Test func roundTripsThroughJSON() throws {
        let config = TrainingConfig.with {
            $0.estimator = .relax; $0.target = .kStep; $0.kSteps = 7; $0.hiddenSizes = [32]; $0.optimizer = .rmsprop
        }
        let decoded = try JSONDecoder().decode(TrainingConfig.self, from: JSONEncoder().encode(config))
        #expect(decoded == config)
    }

    @Test func missingFieldsKeepTheirDefaults() throws {
        let decoded = try JSONDecoder().decode(TrainingConfig.self,
                                               from: Data(#"{"estimator": "reinforce-baseline", "gamma": 0.9}"#.utf8))
        #expect(decoded == .with { $0.estimator = .reinforceBaseline; $0.gamma = 0.9 })
    }

    /// Any name decodes (a user's catalogue may have it); a trainer refuses one its catalogue
    /// lacks, listing the valid names.
    @Test func unknownEstimatorIsAnError() throws {
        let config = try JSONDecoder().decode(TrainingConfig.self, from: Data(#"{"estimator": "no-such"}"#.utf8))
        #expect(throws: ActorCriticError.unknownEstimator("no-such", valid: EstimatorName.allCases)) {
            _ = try ActorCritic(config: config)
        }
        #expect(ActorCriticError.unknownEstimator("no-such", valid: [.a2c, .relax]).description
                == "unknown estimator no-such; valid estimators: a2c, relax")
    }

    @Test func invalidConfigurationsAreRejected() {
        #expect(TrainingConfig().problem == nil)
        #expect(TrainingConfig.with { $0.lambda = 1.5 }.problem == ConfigurationProblem(key: "lambda", value: "1.5", requirement: "must lie in [0, 1]"))
        #expect(throws: ActorCriticError.self) { _ = try ActorCritic(config: .with { $0.environmentCount = 0 }) }
    }
}
