import Manifests

/// An RFC 6901 JSON pointer (`/spec/replicas`, `/metadata/annotations/example.com~1owner`,
/// `/spec/template/spec/containers/0/image`), the path syntax of Flux's `spec.ignore` rules.
///
/// Parsed once, when the rules are compiled, so a bad pointer is refused with its text before
/// anything is applied. A token is an object key or, where the value is an array, an index
/// (decimal, no leading zeros); `-` (one past the end) never names an existing value.
public struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    public let tokens: [String]
    public let description: String

    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public var pointer: String
        public var reason: String
        public var description: String { "invalid JSON pointer '\(pointer)': \(reason)" }
    }

    /// Refuses the empty pointer too: it names the whole object, which cannot be left to
    /// another manager (the apply needs `apiVersion`, `kind` and `metadata.name`).
    public init(_ text: String) throws(SyntaxError) {
        guard !text.isEmpty else { throw SyntaxError(pointer: text, reason: "the empty pointer names the whole object") }
        guard text.hasPrefix("/") else { throw SyntaxError(pointer: text, reason: "must start with '/'") }
        var tokens: [String] = []
        for raw in text.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaping = false
            for c in raw {
                if escaping {
                    switch c {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: throw SyntaxError(pointer: text, reason: "'~\(c)' is not an escape (use ~0 for '~', ~1 for '/')")
                    }
                    escaping = false
                } else if c == "~" {
                    escaping = true
                } else {
                    token.append(c)
                }
            }
            if escaping { throw SyntaxError(pointer: text, reason: "a '~' must be followed by 0 or 1") }
            tokens.append(token)
        }
        self.tokens = tokens
        self.description = text
    }

    /// The array index a token names in an array of `count` elements, nil when it names none.
    static func index(_ token: String, count: Int) -> Int? {
        guard !token.isEmpty, token.allSatisfy(\.isASCII), token.allSatisfy(\.isNumber),
              token == "0" || !token.hasPrefix("0"), token.count <= 9, let i = Int(token), i < count else { return nil }
        return i
    }

    /// The value the pointer names in `document`, nil when any step is missing.
    public func value(in document: JSONValue) -> JSONValue? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let o):
                guard let next = o[token] else { return nil }
                current = next
            case .array(let a):
                guard let i = Self.index(token, count: a.count) else { return nil }
                current = a[i]
            default:
                return nil
            }
        }
        return current
    }

    /// Removes the value the pointer names; nothing happens when it does not exist.
    public func remove(from document: inout JSONValue) {
        Self.update(&document, tokens[...]) { $0 = nil }
    }

    /// Sets the value the pointer names, creating missing object members on the way; returns
    /// false (and leaves `document` as it was) when an array index or a non-object is in the way.
    @discardableResult
    public func set(_ value: JSONValue, in document: inout JSONValue) -> Bool {
        Self.update(&document, tokens[...]) { $0 = value }
    }

    @discardableResult
    private static func update(_ node: inout JSONValue, _ path: ArraySlice<String>,
                               _ body: (inout JSONValue?) -> Void) -> Bool {
        guard let token = path.first else { return false }
        let rest = path.dropFirst()
        switch node {
        case .object(var o):
            if rest.isEmpty {
                var slot = o[token]
                body(&slot)
                node = .null  // release the storage so `o` is uniquely referenced
                o[token] = slot
                node = .object(o)
                return true
            }
            var child = o[token] ?? .object([:])
            guard child.objectValue != nil || child.arrayValue != nil else { return false }
            let existed = o[token] != nil
            guard update(&child, rest, body) else { return false }
            if !existed, child == .object([:]) { return true }
            node = .null
            o[token] = child
            node = .object(o)
            return true
        case .array(var a):
            guard let i = index(token, count: a.count) else { return false }
            if rest.isEmpty {
                var slot: JSONValue? = a[i]
                body(&slot)
                node = .null
                if let slot { a[i] = slot } else { a.remove(at: i) }
                node = .array(a)
                return true
            }
            var child = a[i]
            guard update(&child, rest, body) else { return false }
            node = .null
            a[i] = child
            node = .array(a)
            return true
        default:
            return false
        }
    }
}
