import Foundation
import Testing
import CredoTensor
@testable import CredoEnvironments

/// The digit loader on a small generated IDX pair (no download).
@Suite struct BinarizedDigitsTests {
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("credo-digits-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        // 6 training and 2 test images of 2×2 pixels: intensities 0, 255 and 128.
        let train = IDXFile(shape: [6, 2, 2], values: (0..<24).map { [0, 255, 128, 255][$0 % 4] })
        let test = IDXFile(shape: [2, 2, 2], values: Array(repeating: 255, count: 8))
        try train.write(to: dir + "/train-images-idx3-ubyte")
        try test.write(to: dir + "/test-images-idx3-ubyte")
        return dir
    }

    @Test func readsSplitsAndBinarizes() throws {
        let digits = try BinarizedDigits(folder: try folder())
        #expect(digits.train.count == 6 && digits.test.count == 2 && digits.pixels == 4)
        var rng = RandomGenerator(seed: 1)
        let epoch = digits.trainingEpoch(batchSize: 4, using: &rng)
        #expect(epoch.count == 1 && epoch[0].shape == [4, 4])
        // Pixel 0 is always 0, pixels 1 and 3 always 1, pixel 2 is a fair coin.
        var ones = 0.0
        for _ in 0..<500 {
            let x = BinarizedDigits.binarize(digits.train, 0..<6, using: &rng).scalars
            for i in 0..<6 {
                #expect(x[4 * i] == 0 && x[4 * i + 1] == 1 && x[4 * i + 3] == 1)
                ones += Double(x[4 * i + 2])
            }
        }
        #expect(abs(ones / 3000 - 128.0 / 255) < 0.03)
    }

    @Test func missingCacheSaysHowToFetch() {
        #expect(throws: BinarizedDigitsError.missing(folder: "/nonexistent")) { try BinarizedDigits(folder: "/nonexistent") }
        #expect(BinarizedDigitsError.missing(folder: "/x").description.contains("scripts/export-mnist.py"))
    }
}
