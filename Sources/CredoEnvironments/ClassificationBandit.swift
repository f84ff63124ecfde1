import CredoTensor

/// Classification as a contextual bandit (as in the HNCA paper's MNIST experiments): each
/// episode shows one labelled image, the action guesses its class, and the reward is 1 for the
/// right class and 0 otherwise. Only the reward of the guess is revealed, never the label.
///
/// The observation is the image's pixels, row-major, scaled to [0, 1] (byte / 255). With
/// `binarize`, each pixel is instead 1 with probability equal to its intensity, resampled every
/// time the image is shown (dynamic binarisation). Images come in file order, or with `shuffle`
/// in a fresh random order each epoch (a Fisher–Yates permutation from the stream). Every step
/// terminates the episode; its observation is the same image again. Expected regret of a guess is
/// 1 − 1[guess = label]; `cumulativeRegret` sums it.
public struct ClassificationBandit: Environment, Sendable {
    /// The images, [count, rows, cols] bytes, shared between copies.
    public let images: IDXFile
    public let labels: [UInt8]
    public let classes: Int
    public let binarize: Bool
    public let shuffle: Bool
    public var rng: RandomGenerator
    /// The order of the current epoch, and the position in it of the image shown.
    public private(set) var order: [Int]
    public private(set) var position = -1
    /// The pixels shown in the current episode.
    private var shown: [Float]
    public private(set) var cumulativeRegret = 0.0
    public private(set) var pulls = 0

    /// Reads the images (magic 0x00000803, [n, rows, cols]) and labels (magic 0x00000801, [n]).
    /// `classes` defaults to the largest label + 1.
    public init(imagesPath: String, labelsPath: String, classes: Int? = nil,
                binarize: Bool = false, shuffle: Bool = false, seed: UInt64 = 0) throws {
        let images = try IDXFile(contentsOf: imagesPath)
        let labels = try IDXFile(contentsOf: labelsPath)
        guard images.shape.count == 3 else {
            throw IDXFileError(path: imagesPath, problem: "images need 3 dimensions [n, rows, cols] (magic 0x00000803), got shape \(images.shape)")
        }
        guard labels.shape.count == 1 else {
            throw IDXFileError(path: labelsPath, problem: "labels need 1 dimension [n] (magic 0x00000801), got shape \(labels.shape)")
        }
        guard images.shape[0] == labels.shape[0], images.shape[0] > 0 else {
            throw IDXFileError(path: labelsPath, problem: "\(labels.shape[0]) labels for the \(images.shape[0]) images of \(imagesPath)")
        }
        let classCount = classes ?? Int(labels.values.max()!) + 1
        if let bad = labels.values.first(where: { Int($0) >= classCount }) {
            throw IDXFileError(path: labelsPath, problem: "label \(bad) is not below the class count \(classCount)")
        }
        self.images = images
        self.labels = labels.values
        self.classes = classCount
        self.binarize = binarize
        self.shuffle = shuffle
        rng = RandomGenerator(seed: seed)
        order = Array(0..<images.shape[0])
        shown = Array(repeating: 0, count: images.shape[1] * images.shape[2])
    }

    /// Images per epoch.
    public var count: Int { labels.count }
    /// The index (in the files) of the image shown.
    public var currentIndex: Int { order[max(position, 0)] }
    /// The label of the image shown.
    public var currentLabel: Int { Int(labels[currentIndex]) }

    public var observationSpace: Space { .box(low: 0, high: 1, shape: [images.shape[1], images.shape[2]]) }
    public var actionSpace: Space { .discrete(classes) }

    private mutating func showNextImage() {
        position += 1
        if position == count { position = 0 }
        if position == 0 && shuffle {
            for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, rng.int(below: i + 1)) }
        }
        let size = shown.count, base = order[position] * size
        for j in 0..<size {
            let intensity = Float(images.values[base + j]) / 255
            shown[j] = binarize ? (rng.uniformFloat() < intensity ? 1 : 0) : intensity
        }
    }

    private func write(_ observation: UnsafeMutableBufferPointer<Float>) {
        precondition(observation.count == shown.count, "a buffer of \(observation.count) for \(shown.count) pixels")
        for j in 0..<shown.count { observation[j] = shown[j] }
    }

    /// Shows the next image. A seed reseeds the stream and restarts from the first epoch.
    public mutating func reset(seed: UInt64?, into observation: UnsafeMutableBufferPointer<Float>) {
        if let seed {
            rng = RandomGenerator(seed: seed)
            order = Array(0..<count)
            position = -1
        }
        showNextImage()
        write(observation)
    }

    public mutating func step(_ action: Action, into observation: UnsafeMutableBufferPointer<Float>) -> StepOutcome {
        guard case .discrete(let guess) = action, (0..<classes).contains(guess) else {
            preconditionFailure("a \(classes)-class bandit takes .discrete(0..<\(classes)), got \(action)")
        }
        precondition(position >= 0, "call reset before step")
        let reward: Double = guess == currentLabel ? 1 : 0
        cumulativeRegret += 1 - reward
        pulls += 1
        write(observation)
        return StepOutcome(reward: reward, terminated: true, truncated: false)
    }

    public mutating func reset(seed: UInt64?) -> [Float] { resetReturningArray(seed: seed) }
    public mutating func step(_ action: Action) -> StepResult { stepReturningArray(action) }
}
