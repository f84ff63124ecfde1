import SwiftProtobuf

/// The three messages of TensorBoard's event files that scalars need, from
/// tensorboard/compat/proto/event.proto and summary.proto (field numbers as there):
///
///     message Event   { double wall_time = 1; int64 step = 2;
///                       oneof what { string file_version = 3; Summary summary = 5; ... } }
///     message Summary { repeated Value value = 1; }
///     message Summary.Value { string tag = 1; oneof value { float simple_value = 2; ... } }
///
/// Written by hand against SwiftProtobuf's `Message` API (what protoc-gen-swift would generate
/// for these fields alone), so that building Credo does not build the protoc plugin. Fields of
/// the full messages that are not listed here are kept as unknown fields when decoding.
public struct TensorBoardEvent: Sendable {
    public var wallTime: Double = 0
    public var step: Int64 = 0
    public var what: What?
    public var unknownFields = UnknownStorage()

    /// The `what` oneof: the file's version header or a summary.
    public enum What: Equatable, Sendable {
        case fileVersion(String)
        case summary(TensorBoardSummary)
    }

    public init() {}

    /// The first event of every file: `file_version = "brain.Event:2"`.
    public static func header(wallTime: Double) -> TensorBoardEvent {
        var event = TensorBoardEvent()
        event.wallTime = wallTime
        event.what = .fileVersion("brain.Event:2")
        return event
    }

    /// One event holding scalar summaries at `step`.
    public static func scalars(_ values: [(tag: String, value: Float)], step: Int64, wallTime: Double) -> TensorBoardEvent {
        var event = TensorBoardEvent()
        event.wallTime = wallTime
        event.step = step
        var summary = TensorBoardSummary()
        summary.value = values.map { TensorBoardSummary.Value(tag: $0.tag, simpleValue: $0.value) }
        event.what = .summary(summary)
        return event
    }
}

/// `tensorboard.Summary`: a list of tagged values.
public struct TensorBoardSummary: Sendable {
    public var value: [Value] = []
    public var unknownFields = UnknownStorage()
    public init() {}

    /// `tensorboard.Summary.Value` with a `simple_value` (a scalar).
    public struct Value: Sendable {
        public var tag = ""
        public var simpleValue: Float?
        public var unknownFields = UnknownStorage()
        public init() {}
        public init(tag: String, simpleValue: Float) {
            self.tag = tag
            self.simpleValue = simpleValue
        }
    }
}

extension TensorBoardEvent: Message, _MessageImplementationBase, _ProtoNameProviding {
    public static let protoMessageName = "tensorboard.Event"
    public static let _protobuf_nameMap: _NameMap = [
        1: .standard(proto: "wall_time"), 2: .same(proto: "step"), 3: .standard(proto: "file_version"), 5: .same(proto: "summary"),
    ]

    public mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularDoubleField(value: &wallTime)
            case 2: try decoder.decodeSingularInt64Field(value: &step)
            case 3:
                var version: String?
                try decoder.decodeSingularStringField(value: &version)
                if let version { what = .fileVersion(version) }
            case 5:
                var summary: TensorBoardSummary?
                if case .summary(let current)? = what { summary = current }
                try decoder.decodeSingularMessageField(value: &summary)
                if let summary { what = .summary(summary) }
            default: break
            }
        }
    }

    public func traverse<V: Visitor>(visitor: inout V) throws {
        if wallTime.bitPattern != 0 { try visitor.visitSingularDoubleField(value: wallTime, fieldNumber: 1) }
        if step != 0 { try visitor.visitSingularInt64Field(value: step, fieldNumber: 2) }
        switch what {
        case .fileVersion(let version)?: try visitor.visitSingularStringField(value: version, fieldNumber: 3)
        case .summary(let summary)?: try visitor.visitSingularMessageField(value: summary, fieldNumber: 5)
        case nil: break
        }
        try unknownFields.traverse(visitor: &visitor)
    }

    public static func == (lhs: TensorBoardEvent, rhs: TensorBoardEvent) -> Bool {
        lhs.wallTime == rhs.wallTime && lhs.step == rhs.step && lhs.what == rhs.what && lhs.unknownFields == rhs.unknownFields
    }
}

extension TensorBoardSummary: Message, _MessageImplementationBase, _ProtoNameProviding {
    public static let protoMessageName = "tensorboard.Summary"
    public static let _protobuf_nameMap: _NameMap = [1: .same(proto: "value")]

    public mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            if field == 1 { try decoder.decodeRepeatedMessageField(value: &value) }
        }
    }

    public func traverse<V: Visitor>(visitor: inout V) throws {
        if !value.isEmpty { try visitor.visitRepeatedMessageField(value: value, fieldNumber: 1) }
        try unknownFields.traverse(visitor: &visitor)
    }

    public static func == (lhs: TensorBoardSummary, rhs: TensorBoardSummary) -> Bool {
        lhs.value == rhs.value && lhs.unknownFields == rhs.unknownFields
    }
}

extension TensorBoardSummary.Value: Message, _MessageImplementationBase, _ProtoNameProviding {
    public static let protoMessageName = "tensorboard.Summary.Value"
    public static let _protobuf_nameMap: _NameMap = [1: .same(proto: "tag"), 2: .standard(proto: "simple_value")]

    public mutating func decodeMessage<D: Decoder>(decoder: inout D) throws {
        while let field = try decoder.nextFieldNumber() {
            switch field {
            case 1: try decoder.decodeSingularStringField(value: &tag)
            case 2: try decoder.decodeSingularFloatField(value: &simpleValue)
            default: break
            }
        }
    }

    public func traverse<V: Visitor>(visitor: inout V) throws {
        if !tag.isEmpty { try visitor.visitSingularStringField(value: tag, fieldNumber: 1) }
        if let simpleValue { try visitor.visitSingularFloatField(value: simpleValue, fieldNumber: 2) }
        try unknownFields.traverse(visitor: &visitor)
    }

    public static func == (lhs: TensorBoardSummary.Value, rhs: TensorBoardSummary.Value) -> Bool {
        lhs.tag == rhs.tag && lhs.simpleValue?.bitPattern == rhs.simpleValue?.bitPattern && lhs.unknownFields == rhs.unknownFields
    }
}
