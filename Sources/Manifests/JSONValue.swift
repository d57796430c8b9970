import Collections

/// A JSON value with ordered object keys: the common currency for Kubernetes objects.
///
/// Object keys keep their insertion order so that what Ferry writes (YAML for humans,
/// JSON for the API server) reads in the same order as what the user wrote. Integers and
/// floating-point numbers are kept apart because Kubernetes validates `replicas: 1` and
/// `replicas: 1.0` differently.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

public typealias JSONObject = OrderedDictionary<String, JSONValue>

extension JSONValue {
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d.rounded() == d && abs(d) < 9e15: return Int(d)
        default: return nil
        }
    }
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Member of an object, `nil` for anything else or a missing key.
    public subscript(key: String) -> JSONValue? {
        get { objectValue?[key] }
        set {
            guard case .object(var o) = self else {
                if let newValue { self = .object([key: newValue]) }
                return
            }
            self = .null  // release the storage so `o` is uniquely referenced
            o[key] = newValue
            self = .object(o)
        }
    }

    /// Element of an array, `nil` when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let a) = self, a.indices.contains(index) else { return nil }
        return a[index]
    }

    /// Value at a path of object keys (`value[path: "metadata", "name"]`).
    public subscript(path path: String...) -> JSONValue? {
        get { value(at: path) }
        set { setValue(newValue, at: path[...]) }
    }

    public func value(at path: [String]) -> JSONValue? {
        var current: JSONValue? = self
        for key in path { current = current?[key] }
        return current
    }

    public mutating func setValue(_ newValue: JSONValue?, at path: ArraySlice<String>) {
        guard let first = path.first else {
            self = newValue ?? .null
            return
        }
        if path.count == 1 {
            self[first] = newValue
            return
        }
        var child = self[first] ?? .null
        if child.objectValue == nil {
            if newValue == nil { return }  // nothing to remove below a missing key
            child = .object([:])
        }
        child.setValue(newValue, at: path.dropFirst())
        self[first] = child
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(nilLiteral: ()) { self = .null }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var o = JSONObject(minimumCapacity: elements.count)
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}
