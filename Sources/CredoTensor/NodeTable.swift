/// A map from tape nodes to small integers for one backward pass: open addressing with linear
/// probing on the node's address, hashed by one multiplication (Fibonacci hashing).
///
/// `gradients(of:wrt:)` looks every node up several times; Swift's `Set` and `Dictionary` hash
/// with SipHash, which costs more than the rest of a small network's bookkeeping. The table
/// keeps its nodes alive only through the tape (it stores addresses, not references), so it must
/// not outlive the pass that built it.
internal struct NodeTable {
    private var keys: [UInt]
    private var values: [Int]
    private var mask: Int
    private var shift: UInt64
    private(set) var count = 0

    /// A table sized for about `capacity` entries before it grows.
    init(capacity: Int = 16) {
        var size = 16
        while size < 2 * capacity { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    @inline(__always)
    private static func key(_ node: TapeNode) -> UInt { UInt(bitPattern: ObjectIdentifier(node)) }

    @inline(__always)
    private func slot(_ key: UInt) -> Int {
        Int(truncatingIfNeeded: (UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `node`, or nil.
    @inline(__always)
    func value(_ node: TapeNode) -> Int? {
        let k = NodeTable.key(node)
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return values[i] }
            if stored == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `node` unless it is present; returns whether it was inserted.
    @inline(__always)
    @discardableResult
    mutating func insert(_ node: TapeNode, value: Int) -> Bool {
        if 2 * (count + 1) > keys.count { grow() }
        let k = NodeTable.key(node)
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return false }
            if stored == 0 {
                keys[i] = k
                values[i] = value
                count += 1
                return true
            }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        let size = 2 * oldKeys.count
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        for (k, v) in zip(oldKeys, oldValues) where k != 0 {
            var i = slot(k)
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = k
            values[i] = v
        }
    }
}
