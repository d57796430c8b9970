import Foundation
import Manifests

/// Scalar resolution as kustomize's two YAML libraries do it.
///
/// kustomize reads resources with go-yaml v3 (YAML 1.2 booleans: only `true`/`false`) and
/// writes its output through `sigs.k8s.io/yaml`, i.e. go-yaml v2 (YAML 1.1: `yes`, `on`, `y`
/// are booleans too). Both decide a plain scalar's type from its first character ("hint")
/// and then a fixed table, integer parsing with Go's base-0 rules, a float regex and a
/// timestamp check; these functions replay those decisions.
enum KYAML {
    /// Which table a plain scalar's first byte selects (go-yaml's `resolveTable`).
    private static func hint(_ first: UInt8) -> Character? {
        switch first {
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return "S"
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return "D"
        case UInt8(ascii: "."): return "."
        default:
            if "yYnNtTfFoO~".utf8.contains(first) { return "M" }
            return nil
        }
    }

    private static let v3Map: [String: JSONValue] = {
        var m: [String: JSONValue] = [:]
        for s in ["true", "True", "TRUE"] { m[s] = .bool(true) }
        for s in ["false", "False", "FALSE"] { m[s] = .bool(false) }
        for s in ["", "~", "null", "Null", "NULL"] { m[s] = .null }
        for s in [".nan", ".NaN", ".NAN"] { m[s] = .double(.nan) }
        for s in [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"] { m[s] = .double(.infinity) }
        for s in ["-.inf", "-.Inf", "-.INF"] { m[s] = .double(-.infinity) }
        m["<<"] = .string("<<")
        return m
    }()

    private static let v2Extra: Set<String> = [
        "y", "Y", "yes", "Yes", "YES", "on", "On", "ON",
        "n", "N", "no", "No", "NO", "off", "Off", "OFF",
    ]

    /// The value go-yaml v3 decodes a plain scalar to (into `interface{}`), already
    /// converted the way `json.Marshal` would see it (timestamps become RFC 3339 strings).
    static func resolvePlainV3(_ s: String) -> JSONValue {
        if let v = v3Map[s] { return v }
        guard let first = s.utf8.first, let h = hint(first) else { return .string(s) }
        switch h {
        case ".":
            if let d = goParseFloat(s) { return .double(d) }
        case "D", "S":
            if let ts = timestampJSON(s) { return .string(ts) }
            let plain = s.replacingOccurrences(of: "_", with: "")
            if let i = goParseInt(plain) { return .int(i) }
            if isYAMLFloat(plain), let d = Double(plain) { return .double(d) }
            if let i = prefixedInt(plain) { return .int(i) }
        default: break
        }
        return .string(s)
    }

    /// Whether go-yaml v2 would read `s`, written plain, as something other than a string
    /// (so that `yaml.Marshal` must double-quote it).
    static func isNonStringV2(_ s: String) -> Bool {
        if s.isEmpty || v3Map[s] != nil || v2Extra.contains(s) { return true }
        guard let first = s.utf8.first, let h = hint(first) else { return false }
        switch h {
        case ".": return goParseFloat(s) != nil
        case "D", "S":
            if isTimestamp(s) { return true }
            let plain = s.replacingOccurrences(of: "_", with: "")
            if goParseInt(plain) != nil || goParseUInt(plain) { return true }
            if isYAMLFloat(plain) { return true }
            if plain.hasPrefix("0b") || plain.hasPrefix("-0b") {
                let digits = plain.hasPrefix("-") ? plain.dropFirst(3) : plain.dropFirst(2)
                return !digits.isEmpty && digits.allSatisfy { $0 == "0" || $0 == "1" }
            }
            return false
        default: return false
        }
    }

    /// go-yaml v2's `isBase60Float`: `1:20` would be read back as a number.
    static func isBase60Float(_ s: String) -> Bool {
        // Cheap rejection first: this runs for every string written.
        guard let f = s.utf8.first, (f >= 48 && f <= 57) || f == 43 || f == 45, s.utf8.contains(58) else { return false }
        return s.range(of: #"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$"#, options: .regularExpression) != nil
    }

    static func isYAMLFloat(_ s: String) -> Bool {
        s.range(of: #"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
    }

    /// Go's `strconv.ParseFloat` for the inputs that matter here (decimal forms, `inf`, `nan`).
    static func goParseFloat(_ s: String) -> Double? {
        let lower = s.lowercased()
        let body = lower.hasPrefix("+") || lower.hasPrefix("-") ? String(lower.dropFirst()) : lower
        if body == "inf" || body == "infinity" || body == "nan" { return Double(lower.replacingOccurrences(of: "infinity", with: "inf")) }
        guard s.range(of: #"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$"#, options: .regularExpression) != nil
        else { return nil }
        return Double(s)
    }

    /// Go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`, `0o`, `0b`, a leading `0`
    /// (octal) or decimal.
    static func goParseInt(_ s: String) -> Int? {
        var body = Substring(s)
        var negative = false
        if body.first == "+" || body.first == "-" { negative = body.first == "-"; body = body.dropFirst() }
        guard let mag = goParseMagnitude(body) else { return nil }
        if negative {
            if mag <= UInt64(Int.max) { return -Int(mag) }
            if mag == UInt64(Int.max) + 1 { return Int.min }
            return nil
        }
        return mag <= UInt64(Int.max) ? Int(mag) : nil
    }

    static func goParseUInt(_ s: String) -> Bool {
        goParseMagnitude(Substring(s)) != nil
    }

    private static func goParseMagnitude(_ body: Substring) -> UInt64? {
        guard !body.isEmpty else { return nil }
        let lower = body.lowercased()
        if lower.hasPrefix("0x") { return lower.count > 2 ? UInt64(lower.dropFirst(2), radix: 16) : nil }
        if lower.hasPrefix("0o") { return lower.count > 2 ? UInt64(lower.dropFirst(2), radix: 8) : nil }
        if lower.hasPrefix("0b") { return lower.count > 2 ? UInt64(lower.dropFirst(2), radix: 2) : nil }
        if lower.hasPrefix("0") { return lower.count == 1 ? 0 : UInt64(lower.dropFirst(), radix: 8) }
        guard lower.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return UInt64(lower)
    }

    private static func prefixedInt(_ plain: String) -> Int? {
        for (prefix, radix) in [("0b", 2), ("0o", 8)] {
            // Total: the digits may not carry a sign of their own (`-0b-1000…` would overflow).
            if plain.hasPrefix(prefix) {
                let digits = plain.dropFirst(2)
                return digits.first == "-" || digits.first == "+" ? nil : Int(digits, radix: radix)
            }
            if plain.hasPrefix("-" + prefix) {
                let digits = plain.dropFirst(3)
                return digits.first == "-" || digits.first == "+" ? nil : Int("-" + digits, radix: radix)
            }
        }
        return nil
    }

    static func isTimestampShaped(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(5))
        return u.count == 5 && u[0...3].allSatisfy({ $0 >= 48 && $0 <= 57 }) && u[4] == 45
    }

    /// go-yaml's quick timestamp check (`YYYY-M-D`, optionally with a time).
    static func isTimestamp(_ s: String) -> Bool {
        let u = Array(s.utf8.prefix(5))
        guard u.count == 5, u[0...3].allSatisfy({ $0 >= 48 && $0 <= 57 }), u[4] == 45 else { return false }
        return s.range(of: #"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$"#,
                options: .regularExpression) != nil
    }

    /// A plain timestamp as `json.Marshal(time.Time)` writes it (RFC 3339 with nanoseconds,
    /// trailing fraction zeros dropped, `Z` for UTC), for the layouts go-yaml accepts:
    /// `2006-1-2`, `2006-1-2T15:4:5.999999999Z07:00` (also lower-case `t`) and
    /// `2006-1-2 15:4:5.999999999` (UTC).
    static func timestampJSON(_ s: String) -> String? {
        guard isTimestampShaped(s) else { return nil }
        let pattern = #"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:([Tt])([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})|( )([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(\.[0-9]+)?)?$"#
        guard let re = try? NSRegularExpression(pattern: pattern),
              let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        func group(_ i: Int) -> String? {
            guard let r = Range(m.range(at: i), in: s) else { return nil }
            return String(s[r])
        }
        func pad(_ x: String) -> String { x.count == 1 ? "0" + x : x }
        let date = "\(group(1)!)-\(pad(group(2)!))-\(pad(group(3)!))"
        var (h, mi, sec, frac, zone) = ("00", "00", "00", "", "Z")
        if group(4) != nil {
            (h, mi, sec) = (pad(group(5)!), pad(group(6)!), pad(group(7)!))
            frac = group(8) ?? ""
            zone = group(9)!
        } else if group(10) != nil {
            (h, mi, sec) = (pad(group(11)!), pad(group(12)!), pad(group(13)!))
            frac = group(14) ?? ""
        }
        if zone == "+00:00" || zone == "-00:00" { zone = "Z" }
        while frac.hasSuffix("0") { frac.removeLast() }
        if frac == "." { frac = "" }
        if frac.count > 10 { frac = String(frac.prefix(10)) }
        return "\(date)T\(h):\(mi):\(sec)\(frac)\(zone)"
    }
}
