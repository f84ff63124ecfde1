import Testing
import CredoTensor

@Suite struct HeapTuningTests {
    @Test func glibcAcceptsTheThresholds() {
        HeapTuning.apply()
        HeapTuning.apply()  // idempotent
        #if canImport(Glibc)
        #expect(HeapTuning.isApplied)
        #else
        #expect(!HeapTuning.isApplied)
        #endif
    }
}
