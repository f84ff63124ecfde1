import CredoEnvironments
import CredoTensor

/// A small MNIST-like classification set in IDX form: 10 classes of 8 × 8 images. Each class has
/// a random prototype (each pixel dark or bright with probability 1/2); an image is its class
/// prototype with every pixel's intensity perturbed and 10% of pixels flipped, so the classes
/// overlap a little and a linear model is not perfect.
enum SyntheticClassification {
    static func make(count: Int, classes: Int = 10, side: Int = 8, seed: UInt64) -> (images: IDXFile, labels: IDXFile) {
        var rng = RandomGenerator(seed: seed ^ 0x5EED)
        let pixels = side * side
        let prototypes = (0..<classes).map { _ in (0..<pixels).map { _ in rng.uniformFloat() < 0.5 } }
        var images: [UInt8] = [], labels: [UInt8] = []
        for _ in 0..<count {
            let c = rng.int(below: classes)
            labels.append(UInt8(c))
            for j in 0..<pixels {
                var bright = prototypes[c][j]
                if rng.uniformFloat() < 0.1 { bright.toggle() }
                let intensity = bright ? 0.75 + 0.25 * rng.uniformFloat() : 0.25 * rng.uniformFloat()
                images.append(UInt8(min(255, intensity * 255)))
            }
        }
        return (IDXFile(shape: [count, side, side], values: images), IDXFile(shape: [count], values: labels))
    }
}
