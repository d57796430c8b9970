import Manifests

extension CELValue {
    /// A JSON value as CEL sees it: objects become maps with string keys, JSON integers are
    /// `int`, numbers with a fraction `double` (as Kubernetes' unstructured objects decode).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(Int64(i))
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(CELValue.init))
        case .object(let o):
            var m = CELMap()
            for (k, v) in o { m.insert(.string(k), CELValue(v)) }
            self = .map(m)
        }
    }

    /// The value as JSON, for callers that store a result; `nil` for values JSON cannot hold
    /// (bytes, types, maps with non-string keys, non-finite doubles, uints past `Int.max`).
    public var jsonValue: JSONValue? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .uint(let u): return Int(exactly: u).map(JSONValue.int)
        case .double(let d): return d.isFinite ? .double(d) : nil
        case .string(let s): return .string(s)
        case .bytes, .type: return nil
        case .optional(let box): return box.flatMap { $0.value.jsonValue } ?? .null
        case .list(let l):
            var out: [JSONValue] = []
            for v in l {
                guard let j = v.jsonValue else { return nil }
                out.append(j)
            }
            return .array(out)
        case .map(let m):
            var out = JSONObject()
            for (k, v) in m.entries {
                guard case .string(let s) = k, let j = v.jsonValue else { return nil }
                out[s] = j
            }
            return .object(out)
        }
    }
}

extension CELValue: CustomStringConvertible {
    /// A CEL-literal-like rendering, used in error messages and `string()` of simple values.
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d): return CELValue.formatDouble(d)
        case .string(let s): return CELValue.quote(s)
        case .bytes(let b): return "b" + CELValue.quote(String(decoding: b, as: UTF8.self))
        case .type(let t): return t
        case .optional(let box): return box.map { "optional.of(\($0.value))" } ?? "optional.none()"
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.entries.map { "\($0.key.value): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Doubles as cel-go prints them (Go's `%g` with shortest digits): `1.5`, `100`, `1e+06`,
    /// `1e-05`, `NaN`, `+Inf`/`-Inf`.
    static func formatDouble(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        if d == 0 { return d.sign == .minus ? "-0" : "0" }
        // Swift's description has the shortest round-trip digits; take them apart.
        var text = abs(d).description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var pointPosition = intPart.count + exponent  // digits before the decimal point
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let exp = pointPosition - 1
        if exp < -4 || exp >= 6 {
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + e
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count)
        }
        let i = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<i] + "." + digits[i...]
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\x" + (hex.count < 2 ? "0" : "") + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
