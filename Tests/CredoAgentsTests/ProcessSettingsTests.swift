import CredoAgents
import CredoTensor
import Testing

/// Building a trainer changes nothing outside it: the OpenBLAS thread count (and the heap
/// settings) are a program's choice (`TrainingProcess.configure()`), not a library initialiser's.
@Suite("No hidden process-wide settings")
struct ProcessSettingsTests {
    @Test func buildingATrainerLeavesOpenBLASsThreadCountAsItWas() throws {
        let before = BLASThreads.count
        var trainer = try ActorCritic(config: .with { $0.environmentCount = 2; $0.rolloutSteps = 4 })
        _ = try trainer.update()
        #expect(BLASThreads.count == before, "an ActorCritic changed OpenBLAS's thread count from \(before) to \(BLASThreads.count)")
    }
}
