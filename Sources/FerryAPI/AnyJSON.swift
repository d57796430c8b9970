/// Free-form JSON inside a typed object: HelmRelease `spec.values`, and anything else the CRD
/// marks `x-kubernetes-preserve-unknown-fields`.
///
/// FerryAPI imports nothing but Foundation, so it cannot hold Manifests' `JSONValue`; this is
/// the same shape without ordered keys. Decoding then encoding gives back the same JSON value:
/// integers stay integers (a number with a fraction or beyond 64 bits becomes a `Double`, as Go's
/// `encoding/json` reads it), `null` stays `null`, and objects come back with sorted keys, which
/// is how the API server and Go's encoder write them anyway. Nesting is bounded by the decoder
/// (Foundation refuses documents nested deeper than 512 levels with an error, never a crash).
/// Code that needs Manifests' type converts through JSON (`APIConversion.encode`).
public enum AnyJSON: Codable, Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    public init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var items: [AnyJSON] = []
            if let count = list.count { items.reserveCapacity(count) }
            while !list.isAtEnd { items.append(try list.decode(AnyJSON.self)) }
            self = .array(items)
            return
        }
        if let members = try? decoder.container(keyedBy: Key.self) {
            var object: [String: AnyJSON] = [:]
            for key in members.allKeys { object[key.stringValue] = try members.decode(AnyJSON.self, forKey: key) }
            self = .object(object)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            self = .null
        } else if let value = try? single.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? single.decode(Int.self) {
            self = .int(value)
        } else if let value = try? single.decode(Double.self) {
            self = .double(value)
        } else {
            self = .string(try single.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .int(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .double(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .string(let value):
            var single = encoder.singleValueContainer()
            try single.encode(value)
        case .array(let items):
            var list = encoder.unkeyedContainer()
            for item in items { try list.encode(item) }
        case .object(let object):
            var members = encoder.container(keyedBy: Key.self)
            for (key, value) in object { try members.encode(value, forKey: Key(key)) }
        }
    }

    /// Member of an object; `nil` for anything else or a missing key.
    public subscript(key: String) -> AnyJSON? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: [String: AnyJSON]? { if case .object(let o) = self { return o }; return nil }
    public var arrayValue: [AnyJSON]? { if case .array(let a) = self { return a }; return nil }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
