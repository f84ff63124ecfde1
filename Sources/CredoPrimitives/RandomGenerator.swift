/// A seedable, splittable pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018).
///
/// Randomness in Credo is explicit (JAX's lesson): every sampler takes a generator, and a
/// generator's whole state is four 64-bit words that save and restore exactly, so the same seed
/// gives the same bits and a restored generator continues the identical stream.
///
/// Independent streams come from `split()`, which hands out the current state and then jumps
/// this generator 2^128 steps ahead, so the streams never overlap in practice.
public struct RandomGenerator: RandomNumberGenerator, Equatable, Sendable {
    /// The four state words; never all zero.
    public private(set) var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the generator by expanding `seed` with SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a generator from words saved with `stateWords`.
    public init(stateWords words: [UInt64]) {
        precondition(words.count == 4, "a RandomGenerator state has 4 words, got \(words.count)")
        precondition(words.contains { $0 != 0 }, "a RandomGenerator state cannot be all zero")
        state = (words[0], words[1], words[2], words[3])
    }

    /// The state as four words, for checkpoints.
    public var stateWords: [UInt64] { [state.0, state.1, state.2, state.3] }

    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.stateWords == b.stateWords
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = Self.rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = Self.rotl(state.3, 45)
        return result
    }

    /// Advances the state by 2^128 steps (the xoshiro256 jump polynomial).
    public mutating func jump() {
        let poly: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C,
                              0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var s: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        for word in poly {
            for bit in UInt64(0)..<64 {
                if word & (1 << bit) != 0 {
                    s.0 ^= state.0; s.1 ^= state.1; s.2 ^= state.2; s.3 ^= state.3
                }
                _ = next()
            }
        }
        state = s
    }

    /// Splits off an independent stream: returns a generator at the current state and jumps this
    /// one 2^128 steps ahead.
    public mutating func split() -> RandomGenerator {
        let child = self
        jump()
        return child
    }

    /// Splits off `n` independent streams, for example one per environment copy.
    public mutating func split(into n: Int) -> [RandomGenerator] {
        (0..<n).map { _ in split() }
    }
}
