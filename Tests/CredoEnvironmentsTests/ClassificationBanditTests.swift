import CredoTensor
import Foundation
import Testing
@testable import CredoEnvironments

@Suite struct ClassificationBanditTests {
    /// Six 2×3 images: image i has every pixel 40·i, except pixel 0 = 128; labels i mod 3.
    static func writeData(in dir: String) throws -> (images: String, labels: String) {
        var pixels: [UInt8] = []
        for i in 0..<6 { pixels += [128] + Array(repeating: UInt8(40 * i), count: 5) }
        let paths = ("\(dir)/images.idx", "\(dir)/labels.idx")
        try IDXFile(shape: [6, 2, 3], values: pixels).write(to: paths.0)
        try IDXFile(shape: [6], values: (0..<6).map { UInt8($0 % 3) }).write(to: paths.1)
        return paths
    }

    @Test func showsImagesInOrderAndRewardsTheRightClass() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (images, labels) = try Self.writeData(in: dir)
        var env = try ClassificationBandit(imagesPath: images, labelsPath: labels)
        #expect(env.actionSpace == .discrete(3))
        #expect(env.observationSpace == .box(low: 0, high: 1, shape: [2, 3]))
        for i in 0..<12 {
            let o = env.reset(seed: nil)
            #expect(o == [Float(128) / 255] + Array(repeating: Float(40 * (i % 6)) / 255, count: 5))
            #expect(env.currentLabel == i % 3)
            let wrong = env.step(.discrete((i + 1) % 3))
            #expect(wrong.reward == 0 && wrong.terminated && wrong.observation == o)
        }
        #expect(env.cumulativeRegret == 12)
        _ = env.reset(seed: nil)
        #expect(env.step(.discrete(0)).reward == 1)
        // The bandit runs through the vector environment too.
        var vec = try VectorEnvironment(count: 2, seed: 1) { _ in
            try ClassificationBandit(imagesPath: images, labelsPath: labels, shuffle: true)
        }
        vec.step([.discrete(0), .discrete(1)])
        #expect(vec.terminated == [true, true] && vec.observations.count == 12)
    }

    @Test func shuffledEpochsArePermutationsThatDiffer() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (images, labels) = try Self.writeData(in: dir)
        var env = try ClassificationBandit(imagesPath: images, labelsPath: labels, shuffle: true, seed: 2)
        var epochs: [[Int]] = []
        for _ in 0..<4 {
            epochs.append((0..<6).map { _ in _ = env.reset(seed: nil); return env.currentIndex })
        }
        for epoch in epochs { #expect(epoch.sorted() == Array(0..<6)) }
        #expect(Set(epochs).count > 1)
        _ = env.reset(seed: 2)
        #expect(env.currentIndex == epochs[0][0])
    }

    @Test func dynamicBinarisationSamplesEachPixelWithItsIntensity() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (images, labels) = try Self.writeData(in: dir)
        var env = try ClassificationBandit(imagesPath: images, labelsPath: labels, binarize: true, seed: 3)
        let shows = 6000
        var ones = 0
        for i in 0..<shows {
            let o = env.reset(seed: nil)
            #expect(o.allSatisfy { $0 == 0 || $0 == 1 })
            if i % 6 == 0 { #expect(o[1...] == [0, 0, 0, 0, 0]) }  // intensity 0 is never on
            ones += Int(o[0])
        }
        let p = 128.0 / 255
        #expect(abs(Double(ones) / Double(shows) - p) < 4 * (p * (1 - p) / Double(shows)).squareRoot())
    }

    @Test func mismatchedFilesThrowNamingThem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (images, labels) = try Self.writeData(in: dir)
        try IDXFile(shape: [5], values: [0, 1, 2, 0, 1]).write(to: "\(dir)/five.idx")
        #expect { try ClassificationBandit(imagesPath: images, labelsPath: "\(dir)/five.idx") } throws: { error in
            "\(error)".contains("5 labels for the 6 images") && "\(error)".contains("five.idx")
        }
        #expect { try ClassificationBandit(imagesPath: labels, labelsPath: labels) } throws: { error in
            "\(error)".contains("images need 3 dimensions") && "\(error)".contains(labels)
        }
        #expect { try ClassificationBandit(imagesPath: "\(dir)/none.idx", labelsPath: labels) } throws: { error in
            "\(error)".contains("none.idx: no such file")
        }
        #expect { try ClassificationBandit(imagesPath: images, labelsPath: labels, classes: 2) } throws: { error in
            "\(error)".contains("label 2 is not below the class count 2")
        }
    }
}
