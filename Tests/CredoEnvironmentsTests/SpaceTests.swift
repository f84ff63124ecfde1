import Testing
@testable import CredoEnvironments

@Suite struct SpaceTests {
    @Test func containsChecksKindAndBounds() {
        #expect(Space.discrete(2).contains(.discrete(1)))
        #expect(!Space.discrete(2).contains(.discrete(2)))
        #expect(!Space.discrete(2).contains(.continuous([0])))
        let box = Space.box(low: -1, high: 1, shape: [2])
        #expect(box.contains(.continuous([0.5, -1])))
        #expect(!box.contains(.continuous([1.5, 0])))
        #expect(!box.contains(.continuous([0])))
        #expect(box.flatSize == 2)
        #expect(box.description == "Box(-1.0, 1.0, [2])")
    }
}
