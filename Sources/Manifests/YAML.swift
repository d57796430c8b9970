import Yams

/// A YAML or JSON document that could not be read, with where it went wrong.
public struct ManifestError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file (or other source name) the document came from, if known.
    public var source: String?
    /// 1-based line of the problem, when the parser reported one.
    public var line: Int?
    public var column: Int?
    public var reason: String

    public init(source: String? = nil, line: Int? = nil, column: Int? = nil, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String {
        var place = source ?? "<input>"
        if let line { place += ":\(line)" }
        if let column, line != nil { place += ":\(column)" }
        return "\(place): \(reason)"
    }
}

/// Multi-document YAML reading and writing for Kubernetes manifests.
///
/// Scalars are resolved the way kubectl reads manifests (sigs.k8s.io/yaml, YAML 1.1 rules:
/// `yes`/`on` are booleans, `0777` is octal), and quoted scalars are always strings.
public enum YAML {
    /// Every non-empty document of a YAML stream, in order.
    public static func documents(_ text: String, source: String? = nil) throws -> [JSONValue] {
        try checkComposable(text, source: source)
        do {
            var result: [JSONValue] = []
            var nodes = try Yams.compose_all(yaml: text, .basic)
            while let node = nodes.next() {
                let value = try convert(node, source: source)
                if value != .null { result.append(value) }
            }
            // The sequence stops at the first error and keeps it rather than throwing.
            if let error = nodes.error { throw error }
            return result
        } catch let error as ManifestError {
            throw error
        } catch let error as YamlError {
            throw manifestError(error, source: source)
        }
    }

    /// Exactly one document (empty input gives `null`).
    public static func document(_ text: String, source: String? = nil) throws -> JSONValue {
        let docs = try documents(text, source: source)
        guard docs.count <= 1 else {
            throw ManifestError(source: source, reason: "expected one YAML document, found \(docs.count)")
        }
        return docs.first ?? .null
    }

    static func manifestError(_ error: YamlError, source: String?) -> ManifestError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _):
            let what = [problem, context?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
            return ManifestError(source: source, line: mark.line, column: mark.column, reason: "malformed YAML: \(what)")
        case .composer(let context, let problem, let mark, _):
            return ManifestError(source: source, line: mark.line, column: mark.column,
                                 reason: "malformed YAML: \([problem, context?.text].compactMap { $0 }.joined(separator: " "))")
        case .reader(let problem, let offset, _, _):
            return ManifestError(source: source, reason: "unreadable YAML at byte \(offset ?? 0): \(problem)")
        default:
            return ManifestError(source: source, reason: "malformed YAML: \(error)")
        }
    }

    static func convert(_ node: Node, source: String?) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return resolveScalar(scalar)
        case .sequence(let seq):
            return .array(try seq.map { try convert($0, source: source) })
        case .alias:
            throw ManifestError(source: source, line: node.mark.map { $0.line }, reason: "YAML aliases are not supported")
        case .mapping(let map):
            var object = JSONObject(minimumCapacity: map.count)
            for (k, v) in map {
                let key: String
                switch k {
                case .scalar(let s): key = s.string
                default:
                    throw ManifestError(source: source, line: k.mark?.line, column: k.mark?.column,
                                        reason: "mapping keys must be scalars")
                }
                if key == "<<", case .scalar = k, case .mapping = v {
                    // merge key: keys already present win
                    if case .object(let merged) = try convert(v, source: source) {
                        for (mk, mv) in merged where object[mk] == nil { object[mk] = mv }
                    }
                    continue
                }
                if object[key] != nil {
                    throw ManifestError(source: source, line: k.mark?.line, column: k.mark?.column,
                                        reason: "duplicate key \"\(key)\"")
                }
                object[key] = try convert(v, source: source)
            }
            return .object(object)
        }
    }

    static func resolveScalar(_ scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        switch scalar.tag.description {
        case "", "!": break  // implicit: resolved below
        case Tag.Name.str.rawValue: return .string(text)
        case Tag.Name.int.rawValue: if let i = parseInt(text) { return .int(i) }
        case Tag.Name.float.rawValue: if let d = parseFloat(text) { return .double(d) }
        case Tag.Name.bool.rawValue: if let b = parseBool(text) { return .bool(b) }
        case Tag.Name.null.rawValue: return .null
        default: break
        }
        guard scalar.style == .plain else { return .string(text) }
        return resolvePlain(text)
    }

    /// YAML 1.1 implicit typing of a plain scalar, as go-yaml v2 does it.
    public static func resolvePlain(_ text: String) -> JSONValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~") where text == "~": return .null
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "null" || text == "Null" || text == "NULL" { return .null }
        default: break
        }
        if let b = parseBool(text) { return .bool(b) }
        let c = first
        let numberish = (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: ".")
        if numberish {
            if let i = parseInt(text) { return .int(i) }
            if let d = parseFloat(text) { return .double(d) }
        }
        return .string(text)
    }

    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N": return false
        default: return nil
        }
    }

    /// Total: a second sign (`-0x-8…`) or a value outside 64 bits is not an integer.
    static func parseInt(_ raw: String) -> Int? {
        var text = Substring(raw)
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() } else if text.first == "+" { text = text.dropFirst() }
        guard !text.isEmpty else { return nil }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        let digits: Substring
        let radix: Int
        if cleaned.hasPrefix("0b") {
            (digits, radix) = (cleaned.dropFirst(2), 2)
        } else if cleaned.hasPrefix("0x") {
            (digits, radix) = (cleaned.dropFirst(2), 16)
        } else if cleaned.hasPrefix("0o") {
            (digits, radix) = (cleaned.dropFirst(2), 8)
        } else if cleaned.count > 1, cleaned.hasPrefix("0") {
            (digits, radix) = (cleaned.dropFirst(), 8)
        } else if cleaned.allSatisfy({ $0.isASCII && $0.isNumber }) {
            (digits, radix) = (cleaned[...], 10)
        } else {
            return nil
        }
        // The sign was taken above: `Int(_:radix:)` must not see another one.
        guard let first = digits.first, first != "-", first != "+" else { return nil }
        return Int((negative ? "-" : "") + digits, radix: radix)
    }

    static func parseFloat(_ text: String) -> Double? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        guard cleaned.contains(where: { $0.isNumber }),
              cleaned.allSatisfy({ $0.isNumber || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+" })
        else { return nil }
        // go-yaml takes a plain scalar as a float only when strconv.ParseFloat accepts it, which
        // it does not past float64's range (`1e400`): such a scalar stays a string.
        guard let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }
}

extension StringProtocol {
    fileprivate func replacingOccurrences(of target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self { if ch == target { out += replacement } else { out.append(ch) } }
        return out
    }
}
