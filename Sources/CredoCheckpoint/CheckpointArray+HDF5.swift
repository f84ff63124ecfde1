import CHDF5

extension CheckpointElementType {
    /// The in-memory HDF5 type of the Swift element.
    var hdf5MemoryType: hid_t {
        switch self {
        case .float32: credo_H5T_NATIVE_FLOAT()
        case .float64: credo_H5T_NATIVE_DOUBLE()
        case .int64: credo_H5T_NATIVE_INT64()
        case .uint64: credo_H5T_NATIVE_UINT64()
        }
    }

    /// The HDF5 type written to files: little-endian whatever the machine, which h5py shows as
    /// `float32`, `float64`, `int64`, `uint64`.
    var hdf5FileType: hid_t {
        switch self {
        case .float32: credo_H5T_IEEE_F32LE()
        case .float64: credo_H5T_IEEE_F64LE()
        case .int64: credo_H5T_STD_I64LE()
        case .uint64: credo_H5T_STD_U64LE()
        }
    }

    /// The checkpoint element type that holds a file's numeric type without loss, or `nil` for
    /// types a checkpoint cannot represent (strings, compounds, enums such as h5py's booleans).
    ///
    /// Any integer widens to 64 bits of its own signedness and floats of up to 4 bytes (half
    /// precision included) read as `float32`, so files written by other tools still load.
    init?(hdf5FileType type: hid_t) {
        let size = H5Tget_size(type)
        switch H5Tget_class(type) {
        case H5T_FLOAT where size <= 4: self = .float32
        case H5T_FLOAT where size == 8: self = .float64
        case H5T_INTEGER where size <= 8: self = H5Tget_sign(type) == H5T_SGN_NONE ? .uint64 : .int64
        default: return nil
        }
    }
}

extension CheckpointArray {
    /// Calls `body` with the address of the first value (`nil` when there are none).
    func withUnsafeRawPointer<Result>(_ body: (UnsafeRawPointer?) -> Result) -> Result {
        switch self {
        case .float32(let values): values.withUnsafeBytes { body($0.baseAddress) }
        case .float64(let values): values.withUnsafeBytes { body($0.baseAddress) }
        case .int64(let values): values.withUnsafeBytes { body($0.baseAddress) }
        case .uint64(let values): values.withUnsafeBytes { body($0.baseAddress) }
        }
    }

    /// `count` values of `elementType` filled by `fill`, which receives a buffer to write into
    /// and returns whether it succeeded; `nil` when it failed.
    static func filled(
        _ elementType: CheckpointElementType, count: Int, by fill: (UnsafeMutableRawPointer?) -> Bool
    ) -> CheckpointArray? {
        func make<Element: CheckpointElement & Numeric>(_ type: Element.Type) -> CheckpointArray? {
            var values = [Element](repeating: 0, count: count)
            let succeeded = values.withUnsafeMutableBytes { fill($0.baseAddress) }
            return succeeded ? Element.checkpointArray(values) : nil
        }
        return switch elementType {
        case .float32: make(Float.self)
        case .float64: make(Double.self)
        case .int64: make(Int64.self)
        case .uint64: make(UInt64.self)
        }
    }
}
