/// A CEL runtime value.
///
/// Swift's `==` on this type is structural (`.int(1) != .double(1)`), which is what tests and
/// callers comparing results want; CEL's own heterogeneous equality (`1 == 1.0` is true) is
/// ``CELValue/celEquals(_:)``.
public enum CELValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case list([CELValue])
    case map(CELMap)
    /// A type value such as `int` or `list`, the result of `type(x)`.
    case type(String)
    /// An optional value (`optional.of(x)`, `a.?b`); `nil` is `optional.none()`.
    case optional(Box?)

    /// Indirection so `optional` can hold any value.
    public final class Box: Sendable, Hashable {
        public let value: CELValue
        public init(_ value: CELValue) { self.value = value }
        public static func == (a: Box, b: Box) -> Bool { a.value == b.value }
        public func hash(into hasher: inout Hasher) { hasher.combine(value) }
    }

    /// The CEL type name: `int`, `uint`, `double`, `bool`, `string`, `bytes`, `list`, `map`,
    /// `null_type`, `type`, `optional_type`.
    public var typeName: String {
        switch self {
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        case .optional: return "optional_type"
        }
    }

    /// The names that denote types in an expression (`type(1) == int`).
    static let typeNames: Set<String> = [
        "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type",
        "optional_type",
    ]
}

/// A key of a CEL map: only these four kinds may be keys.
public enum CELMapKey: Sendable, Hashable {
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case string(String)

    public var value: CELValue {
        switch self {
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        }
    }

    init?(_ value: CELValue) {
        switch value {
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }
}

/// A CEL map that keeps insertion order, so iteration (`m.all(k, ...)`, `m.map(k, ...)`) is
/// the order the object or literal had.
public struct CELMap: Sendable, Hashable {
    public private(set) var keys: [CELMapKey] = []
    private var storage: [CELMapKey: CELValue] = [:]

    public init() {}

    public var count: Int { keys.count }

    public subscript(key: CELMapKey) -> CELValue? { storage[key] }

    /// Inserts or replaces; returns false when the key was already present.
    @discardableResult
    public mutating func insert(_ key: CELMapKey, _ value: CELValue) -> Bool {
        if storage.updateValue(value, forKey: key) == nil {
            keys.append(key)
            return true
        }
        return false
    }

    public var entries: [(key: CELMapKey, value: CELValue)] {
        keys.compactMap { k in storage[k].map { (k, $0) } }
    }

    /// Lookup with CEL's numeric key equivalence: `{1: 'a'}[1u]` and `[1.0]` find the entry.
    func lookup(_ key: CELValue) -> CELValue? {
        switch key {
        case .int(let i):
            return storage[.int(i)] ?? (i >= 0 ? storage[.uint(UInt64(i))] : nil)
        case .uint(let u):
            return storage[.uint(u)] ?? (u <= UInt64(Int64.max) ? storage[.int(Int64(u))] : nil)
        case .double(let d):
            if let i = Int64(exactly: d), let v = lookup(.int(i)) { return v }
            if let u = UInt64(exactly: d) { return lookup(.uint(u)) }
            return nil
        default:
            return CELMapKey(key).flatMap { storage[$0] }
        }
    }

    public static func == (a: CELMap, b: CELMap) -> Bool { a.storage == b.storage }
    public func hash(into hasher: inout Hasher) { hasher.combine(storage) }
}
