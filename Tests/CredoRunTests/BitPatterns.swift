import CredoCheckpoint
import Foundation

/// A checkpoint's datasets as bit patterns by name, with their shapes: equal only when every
/// bit of every value is (a NaN equals itself, -0 differs from +0), which `==` on Float cannot say.
func bitPatterns(_ checkpoint: Checkpoint) -> [String: [UInt64]] {
    var patterns: [String: [UInt64]] = [:]
    for name in checkpoint.names {
        let dataset = checkpoint[name]!
        let shape = dataset.shape.map { UInt64($0) }
        let bits: [UInt64] = switch dataset.array {
        case .float32(let values): values.map { UInt64($0.bitPattern) }
        case .float64(let values): values.map(\.bitPattern)
        case .int64(let values): values.map { UInt64(bitPattern: $0) }
        case .uint64(let values): values
        }
        patterns[name] = [UInt64(shape.count)] + shape + bits
    }
    return patterns
}

/// The bit patterns of the checkpoint file at `path`.
func bitPatterns(ofFile path: String) throws -> [String: [UInt64]] { bitPatterns(try Checkpoint.read(from: path)) }

/// The names of the datasets whose bits differ between two checkpoints (or that only one has).
func differingDatasets(_ a: [String: [UInt64]], _ b: [String: [UInt64]]) -> [String] {
    Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
}
