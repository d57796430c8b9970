import Manifests

/// Why postBuild substitution failed; the reconcile stops with BuildFailed.
public enum SubstitutionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A variable name that does not match ``PostBuildSubstitution/namePattern``.
    case invalidVariableName(String)
    /// Strict mode (the default since Flux 2.3's `StrictPostBuildSubstitutions`): `${var}`
    /// without a default and no such variable.
    case variableNotSet(String)
    case syntax(String)
    /// An expansion neither Flux nor Ferry supports (`${#var:1}`, …).
    case unsupported(String)
    /// The expansion would grow one object's text by more than the limit (bytes).
    case outputTooLarge(limit: Int)

    public var description: String {
        switch self {
        case .invalidVariableName(let name):
            return "'\(name)' var name is invalid, must match '\(PostBuildSubstitution.namePattern)'"
        case .variableNotSet(let name): return "variable not set (strict mode): \"\(name)\""
        case .syntax(let reason): return "variable substitution failed: \(reason)"
        case .unsupported(let expression): return "variable substitution failed: unsupported expression ${\(expression)}"
        case .outputTooLarge(let limit):
            return "variable substitution failed: the expansion adds more than \(limit / (1 << 20)) MiB to one object"
        }
    }
}

/// `spec.postBuild` substitution, as kustomize-controller runs it on each built object
/// (`fluxcd/pkg/kustomize` `SubstituteVariables` with the `fluxcd/pkg/envsubst` engine).
///
/// Only `${…}` is an expansion; a bare `$var` is left alone, and `$$` writes a single `$`,
/// so `$${var}` reaches the cluster as the literal `${var}`. Supported: `${var}`,
/// `${var:=default}`, `${var:-default}`, `${var=default}`, `${var-default}` (in Flux's engine
/// all four fall back when the value is empty or unset), defaults that themselves hold
/// `${other}`, `${#var}`, `${var^}`, `${var^^}`, `${var,}`, `${var,,}`, `${var:offset}` and
/// `${var:offset:length}`, the replacements `${var/from/to}`, `${var//from/to}`,
/// `${var/#from/to}`, `${var/%from/to}` (plain text, as Flux's engine), and the glob trims
/// `${var#glob}`, `${var##glob}`, `${var%glob}`, `${var%%glob}`.
public struct PostBuildSubstitution: Sendable {
    public static let namePattern = "^[_[:alpha:]][_[:alpha:][:digit:]]*$"
    /// The label or annotation that, set to `disabled`, leaves an object alone.
    public static let disableKey = "kustomize.toolkit.fluxcd.io/substitute"

    public let variables: [String: String]
    public let strict: Bool
    /// Substitute even without variables (Flux's `substituteStrategy: Always`), so defaults
    /// (`${var:=x}`) apply; otherwise no variables means no substitution (`WithVariables`).
    public let always: Bool

    /// Validates every name (ASCII letters, digits and `_`, not starting with a digit) and,
    /// like Flux, drops newlines from values so a value cannot break the YAML around it.
    public init(variables: [String: String], strict: Bool = true, always: Bool = false) throws {
        for name in variables.keys.sorted() where !Self.isValidName(name) {
            throw SubstitutionError.invalidVariableName(name)
        }
        self.variables = variables.mapValues { $0.replacingAll("\n", with: "") }
        self.strict = strict
        self.always = always
    }

    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || isAlpha(first) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || isAlpha($0) || ("0"..."9").contains($0) }
    }

    private static func isAlpha(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }

    /// Substitutes one object: rendered to YAML, expanded, read back, so `replicas: ${N}`
    /// becomes the integer `3`. Objects labelled or annotated
    /// `kustomize.toolkit.fluxcd.io/substitute: disabled` (exact value, as Flux) are returned
    /// unchanged, and so is everything when there are no variables at all (unless ``always``).
    public func apply(to object: JSONValue) throws -> JSONValue {
        if (variables.isEmpty && !always) || Self.isDisabled(object) { return object }
        let text = YAML.string(object)
        let expanded = try substitute(text)
        guard expanded != text else { return object }
        return try keepStringMaps(of: object, in: try YAML.document(expanded))
    }

    /// Maps Kubernetes defines as string to string (labels, annotations, a ConfigMap's or
    /// Secret's data): kustomize keeps a source's `"${N}"` quoted through Flux's YAML round trip,
    /// while the build Ferry substitutes has lost the quotes, so these values are substituted
    /// as text and stay strings (`"3"`, never the number 3 the API would refuse).
    func keepStringMaps(of original: JSONValue, in substituted: JSONValue) throws -> JSONValue {
        var paths: [[String]] = [["metadata", "labels"], ["metadata", "annotations"]]
        if original["apiVersion"]?.stringValue == "v1", ["ConfigMap", "Secret"].contains(original["kind"]?.stringValue ?? "") {
            paths += [["data"], ["stringData"]]
        }
        var result = substituted
        for path in paths {
            guard let map = original.value(at: path)?.objectValue, var target = result.value(at: path)?.objectValue else { continue }
            for (key, value) in map {
                guard let text = value.stringValue else { continue }
                let newKey = try substitute(key)
                if target[newKey] != nil { target[newKey] = .string(try substitute(text)) }
            }
            result.setValue(.object(target), at: path[...])
        }
        return result
    }

    /// Substitutes every object of a build, in order; the first failure stops the build.
    public func apply(to objects: [JSONValue]) throws -> [JSONValue] {
        try objects.map { try apply(to: $0) }
    }

    public static func isDisabled(_ object: JSONValue) -> Bool {
        ["labels", "annotations"].contains {
            object[path: "metadata", $0, disableKey]?.stringValue == "disabled"
        }
    }

    /// How much one object's text may grow through substitution. The API server stores objects
    /// of at most 1.5 MiB, so a larger growth is never useful, and it stops a few `${V}` of a
    /// large value repeated many times (or nested defaults) from filling memory.
    public static let maximumGrowth = 16 << 20
    /// How deeply `${…}` may nest inside defaults (`${a:=${b:=${c}}}`).
    public static let maximumNesting = 64

    /// The bytes produced so far (every piece, including defaults that were not used) against
    /// the limit, and the current nesting.
    private struct Budget {
        var remaining: Int
        var depth = 0

        mutating func spend(_ bytes: Int) throws {
            remaining -= bytes
            if remaining < 0 { throw SubstitutionError.outputTooLarge(limit: PostBuildSubstitution.maximumGrowth) }
        }
    }

    /// Expands every `${…}` in `text`.
    public func substitute(_ text: String) throws -> String {
        var scanner = Substring(text)
        var budget = Budget(remaining: text.utf8.count + Self.maximumGrowth)
        return try expand(&scanner, untilClosingBrace: false, budget: &budget)
    }

    private func lookup(_ name: String) -> String? {
        if let value = variables[name] { return value }
        return strict ? nil : ""
    }

    /// Text up to the end (or, inside an argument, up to the `}` closing it).
    private func expand(_ s: inout Substring, untilClosingBrace: Bool, budget: inout Budget) throws -> String {
        var out = ""
        while let c = s.first {
            if untilClosingBrace, c == "}" { return out }
            if c == "$" {
                let next = s.dropFirst().first
                if next == "$" {
                    out.append("$")
                    try budget.spend(1)
                    s = s.dropFirst(2)
                    continue
                }
                if next == "{" {
                    s = s.dropFirst(2)
                    let value = try expression(&s, budget: &budget)
                    try budget.spend(value.utf8.count)
                    out += value
                    continue
                }
            }
            out.append(c)
            try budget.spend(c.utf8.count)
            s = s.dropFirst()
        }
        if untilClosingBrace { throw SubstitutionError.syntax("missing closing brace") }
        return out
    }

    /// One expression after `${`, consuming its closing `}`.
    private func expression(_ s: inout Substring, budget: inout Budget) throws -> String {
        let start = s
        var length = false
        if s.first == "#" {
            length = true
            s = s.dropFirst()
        }
        let name = String(s.prefix { $0 == "_" || $0.isLetter || $0.isNumber })
        s = s.dropFirst(name.count)
        guard !name.isEmpty else {
            let text = String(start.prefix { $0 != "}" })
            throw SubstitutionError.syntax("bad substitution ${\(text)}")
        }
        let op = String(s.prefix { "=:-+?^,#%/".contains($0) }.prefix(2))
        var operation = op
        // `${var:-x}` / `${var:=x}` vs `${var:1}`: only these pairs are two-character operators.
        if op.count == 2, ![":=", ":-", ":+", ":?", "^^", ",,", "##", "%%", "//", "/#", "/%"].contains(op) {
            operation = String(op.prefix(1))
        }
        s = s.dropFirst(operation.count)
        guard budget.depth < Self.maximumNesting else {
            throw SubstitutionError.syntax("expressions nested more than \(Self.maximumNesting) levels deep")
        }
        budget.depth += 1
        let argument = try expand(&s, untilClosingBrace: true, budget: &budget)
        budget.depth -= 1
        s = s.dropFirst()  // the closing brace
        let expressionText = String(start[..<start.index(start.startIndex, offsetBy: start.count - s.count - 1)])

        let defaults: Set<String> = ["=", ":=", "-", ":-", "+", ":+", "?", ":?"]
        let value = lookup(name)
        if length {
            guard operation.isEmpty, argument.isEmpty else { throw SubstitutionError.unsupported(expressionText) }
            guard let value else { throw SubstitutionError.variableNotSet(name) }
            return String(value.utf8.count)  // bytes, as Go's len
        }
        if defaults.contains(operation) {
            let v = value ?? ""
            return v.isEmpty ? argument : v
        }
        guard let value else { throw SubstitutionError.variableNotSet(name) }
        switch operation {
        case "": return value
        case "^^": return value.uppercased()
        case ",,": return value.lowercased()
        case "^": return value.prefix(1).uppercased() + value.dropFirst()
        case ",": return value.prefix(1).lowercased() + value.dropFirst()
        case ":": return Self.substring(value, argument)
        case "/", "//", "/#", "/%":
            return Self.replace(value, operation, argument)
        case "#", "##", "%", "%%":
            return try Self.trim(value, operation, pattern: argument)
        default:
            throw SubstitutionError.unsupported(expressionText)
        }
    }
}

extension PostBuildSubstitution {
    /// `${var:offset}` / `${var:offset:length}` with bash's rules as Flux's `toSubstr` has
    /// them: a negative offset counts from the end, a negative length stops that far before
    /// the end, and an unparsable number (`${var: -1}` keeps its space) returns the value.
    static func substring(_ value: String, _ argument: String) -> String {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        let chars = Array(value)
        guard var offset = Int(parts[0]) else { return value }
        // No sum below can overflow: a count plus a negative number, or a comparison against
        // what is left (`${V:1:9223372036854775807}` takes the rest).
        if offset < 0 { offset = max(chars.count + offset, 0) }
        guard offset < chars.count else { return parts.count > 1 && Int(parts[1]) == nil ? value : "" }
        guard parts.count > 1 else { return String(chars[offset...]) }
        guard let length = Int(parts[1]) else { return value }
        if length < 0 {
            let end = chars.count + length
            return end < offset ? "" : String(chars[offset..<end])
        }
        if length >= chars.count - offset { return String(chars[offset...]) }
        return String(chars[offset..<offset + length])
    }
}
