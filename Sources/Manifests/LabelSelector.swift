/// A Kubernetes label selector in its string form (`app=web,tier in (a,b),!legacy`), as
/// apimachinery's `labels.Parse` reads it. Both kustomize patch/replacement targets and Flux's
/// drift-ignore rule targets read their `labelSelector` and `annotationSelector` this way.
///
/// Requirements are ANDed: `k`, `!k`, `k=v`, `k==v`, `k!=v`, `k in (v1,v2)`, `k notin (v1,v2)`,
/// `k>n`, `k<n`. Keys and values are checked as the API server checks label keys and values,
/// so a selector that could never be sent to an API server is refused here with its text.
public struct LabelSelector: Hashable, Sendable, CustomStringConvertible {
    public enum Operator: String, Hashable, Sendable {
        case exists, doesNotExist, equals, notEquals, `in`, notIn, greaterThan, lessThan
    }

    public struct Requirement: Hashable, Sendable {
        public var key: String
        public var op: Operator
        public var values: [String]
    }

    public struct SyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
        public var selector: String
        public var reason: String
        public var description: String { "invalid selector '\(selector)': \(reason)" }
    }

    public let requirements: [Requirement]
    public let description: String

    public init(_ text: String) throws(SyntaxError) {
        var parser = Parser(text: text, tokens: try Self.lex(text))
        requirements = try parser.parse()
        description = text
    }

    /// Whether `labels` (or annotations) satisfy every requirement.
    public func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { r in
            let value = labels[r.key]
            switch r.op {
            case .exists: return value != nil
            case .doesNotExist: return value == nil
            case .equals, .in: return value.map(r.values.contains) ?? false
            case .notEquals, .notIn: return value.map { !r.values.contains($0) } ?? true
            case .greaterThan, .lessThan:
                guard let value, let have = Int64(value), let want = r.values.first.flatMap({ Int64($0) }) else { return false }
                return r.op == .greaterThan ? have > want : have < want
            }
        }
    }

    enum Token: Equatable { case word(String), not, eq, doubleEq, notEq, gt, lt, open, close, comma }

    static func lex(_ text: String) throws(SyntaxError) -> [Token] {
        var tokens: [Token] = []
        let chars = Array(text)
        var i = 0
        let special: Set<Character> = ["!", "=", "(", ")", ",", ">", "<"]
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" { i += 1; continue }
            let next = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "!" where next == "=": tokens.append(.notEq); i += 2
            case "!": tokens.append(.not); i += 1
            case "=" where next == "=": tokens.append(.doubleEq); i += 2
            case "=": tokens.append(.eq); i += 1
            case ">": tokens.append(.gt); i += 1
            case "<": tokens.append(.lt); i += 1
            case "(": tokens.append(.open); i += 1
            case ")": tokens.append(.close); i += 1
            case ",": tokens.append(.comma); i += 1
            default:
                var word = ""
                while i < chars.count, !special.contains(chars[i]), !chars[i].isWhitespace {
                    word.append(chars[i]); i += 1
                }
                tokens.append(.word(word))
            }
        }
        return tokens
    }

    struct Parser {
        let text: String
        let tokens: [Token]
        var index = 0

        func fail(_ reason: String) -> SyntaxError { SyntaxError(selector: text, reason: reason) }
        var peek: Token? { index < tokens.count ? tokens[index] : nil }
        mutating func next() -> Token? { defer { index += 1 }; return peek }

        mutating func parse() throws(SyntaxError) -> [Requirement] {
            var out: [Requirement] = []
            guard peek != nil else { return out }  // the empty selector matches everything
            while true {
                out.append(try requirement())
                guard let t = next() else { return out }
                guard t == .comma else { throw fail("expected ',' between requirements") }
                guard peek != nil else { throw fail("a requirement must follow ','") }
            }
        }

        mutating func requirement() throws(SyntaxError) -> Requirement {
            if peek == .not {
                index += 1
                let key = try self.key()
                return Requirement(key: key, op: .doesNotExist, values: [])
            }
            let key = try self.key()
            switch peek {
            case nil, .comma?:
                return Requirement(key: key, op: .exists, values: [])
            case .eq?, .doubleEq?, .notEq?:
                let op: Operator = next() == .notEq ? .notEquals : .equals
                return Requirement(key: key, op: op, values: [try value(allowEmpty: true)])
            case .gt?, .lt?:
                let op: Operator = next() == .gt ? .greaterThan : .lessThan
                let v = try value(allowEmpty: false)
                guard Int64(v) != nil else { throw fail("'\(v)' after '\(op == .greaterThan ? ">" : "<")' must be an integer") }
                return Requirement(key: key, op: op, values: [v])
            case .word("in")?, .word("notin")?:
                let op: Operator = next() == .word("in") ? .in : .notIn
                guard next() == .open else { throw fail("expected '(' after '\(op == .in ? "in" : "notin")'") }
                var values: [String] = []
                if peek == .close { throw fail("'\(key)' needs at least one value in parentheses") }
                while true {
                    values.append(try value(allowEmpty: true))
                    switch next() {
                    case .comma?: continue
                    case .close?: return Requirement(key: key, op: op, values: values)
                    default: throw fail("expected ',' or ')' in the value list of '\(key)'")
                    }
                }
            default:
                throw fail("expected an operator (=, ==, !=, in, notin, >, <) after '\(key)'")
            }
        }

        mutating func key() throws(SyntaxError) -> String {
            guard case .word(let key)? = next() else { throw fail("expected a key") }
            if let reason = LabelSelector.invalidKey(key) { throw fail("key '\(key)': \(reason)") }
            return key
        }

        /// A value; an empty one (`k=`) is allowed, as in Kubernetes.
        mutating func value(allowEmpty: Bool) throws(SyntaxError) -> String {
            guard case .word(let v)? = peek else {
                if allowEmpty { return "" }
                throw fail("expected a value")
            }
            index += 1
            if let reason = LabelSelector.invalidValue(v) { throw fail("value '\(v)': \(reason)") }
            return v
        }
    }

    /// `[prefix/]name`: prefix a DNS subdomain (≤ 253), name ≤ 63 alphanumerics, `-`, `_`, `.`,
    /// starting and ending alphanumeric.
    static func invalidKey(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "at most one '/' (prefix/name)" }
        if parts.count == 2 {
            let prefix = parts[0]
            guard !prefix.isEmpty, prefix.count <= 253,
                  prefix.split(separator: ".", omittingEmptySubsequences: false).allSatisfy({ label in
                      !label.isEmpty && label.count <= 63 && label.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
                          && label.first != "-" && label.last != "-"
                  }) else { return "the prefix must be a DNS subdomain (lower case, at most 253 characters)" }
        }
        let name = parts.last ?? ""
        guard !name.isEmpty else { return "the name part must not be empty" }
        return invalidName(name)
    }

    static func invalidValue(_ value: String) -> String? { value.isEmpty ? nil : invalidName(value) }

    private static func invalidName(_ s: Substring) -> String? {
        guard s.count <= 63 else { return "at most 63 characters" }
        let ok = s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        guard ok, let first = s.first, let last = s.last, first.isLetter || first.isNumber, last.isLetter || last.isNumber else {
            return "alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric"
        }
        return nil
    }

    private static func invalidName(_ s: String) -> String? { invalidName(s[...]) }
}
