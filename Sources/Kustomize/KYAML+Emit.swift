import Manifests

/// The bytes `kustomize build` prints for one resource.
///
/// kustomize serialises each resource with `json.Marshal` and then `sigs.k8s.io/yaml`'s
/// `JSONToYAML`, i.e. go-yaml v2's `yaml.Marshal` of a generic map. So the output has
/// every mapping's keys sorted (go-yaml v2's "natural" key order), 2-space indentation,
/// sequences not indented below their key, YAML 1.1 quoting (`"yes"`, `"on"`), multi-line
/// strings as literal blocks, and plain/quoted scalars folded at column 80. This emitter
/// reproduces libyaml's emitter decisions (`yaml_emitter_analyze_scalar`,
/// `select_scalar_style`, the plain/single/double/literal writers) for that subset.
extension KYAML {
    static func marshal(_ value: JSONValue) -> String {
        var e = V2Emitter()
        switch value {
        case .object(let o) where !o.isEmpty: e.mapping(o, indent: 0)
        case .array(let a) where !a.isEmpty: e.sequence(a, indent: 0)
        default: e.scalarValue(value, indent: 0, key: false, first: true)
        }
        if e.column != 0 { e.out += "\n" }
        return e.out
    }

    /// go-yaml v2's `keyList.Less`: letters sort after non-letters, digit runs compare numerically.
    static func keyLess(_ a: String, _ b: String) -> Bool {
        let ar = Array(a.unicodeScalars), br = Array(b.unicodeScalars)
        var i = 0
        while i < ar.count && i < br.count {
            if ar[i] == br[i] { i += 1; continue }
            let al = ar[i].properties.isAlphabetic, bl = br[i].properties.isAlphabetic
            if al && bl { return ar[i].value < br[i].value }
            if al || bl { return bl }
            func isDigit(_ u: Unicode.Scalar) -> Bool { u.value >= 48 && u.value <= 57 }
            var an: Int64 = 0, bn: Int64 = 0
            if ar[i] == "0" || br[i] == "0" {
                var j = i - 1
                while j >= 0 && isDigit(ar[j]) {
                    if ar[j] != "0" { an = 1; bn = 1; break }
                    j -= 1
                }
            }
            var ai = i, bi = i
            while ai < ar.count && isDigit(ar[ai]) { an = an &* 10 &+ Int64(ar[ai].value - 48); ai += 1 }
            while bi < br.count && isDigit(br[bi]) { bn = bn &* 10 &+ Int64(br[bi].value - 48); bi += 1 }
            if an != bn { return an < bn }
            if ai != bi { return ai < bi }
            return ar[i].value < br[i].value
        }
        return ar.count < br.count
    }

    /// `strconv.FormatFloat(d, 'g', -1, 64)` after the JSON round trip (whole numbers are ints).
    static func formatFloat(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d < 0 ? "-.inf" : ".inf" }
        if d == d.rounded(), abs(d) < 9.2e18 { return String(Int64(d)) }
        // Shortest round-trip digits from Swift, re-laid-out the way Go's %g does.
        var text = "\(abs(d))"
        var exp10 = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp10 = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var dp = parts[0].count + exp10
        while digits.hasPrefix("0") && digits.count > 1 { digits.removeFirst(); dp -= 1 }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        let sign = d < 0 ? "-" : ""
        let exp = dp - 1
        if exp < -4 || exp >= 6 {
            var m = String(digits.first!)
            if digits.count > 1 { m += "." + digits.dropFirst() }
            let es = abs(exp) < 10 ? "0\(abs(exp))" : "\(abs(exp))"
            return sign + m + "e" + (exp < 0 ? "-" : "+") + es
        }
        if dp <= 0 { return sign + "0." + String(repeating: "0", count: -dp) + digits }
        if dp >= digits.count { return sign + digits + String(repeating: "0", count: dp - digits.count) }
        let idx = digits.index(digits.startIndex, offsetBy: dp)
        return sign + digits[..<idx] + "." + digits[idx...]
    }
}

/// Block-style writer with libyaml's column bookkeeping (needed for line folding).
struct V2Emitter {
    var out = ""
    var column = 0
    static let bestWidth = 80

    mutating func put(_ s: String) { out += s; column += s.unicodeScalars.count }
    mutating func put(_ u: Unicode.Scalar) { out.unicodeScalars.append(u); column += 1 }
    mutating func newline() { out += "\n"; column = 0 }
    mutating func pad(_ indent: Int) { if column < indent { put(String(repeating: " ", count: indent - column)) } }
    /// libyaml's `write_indent` between nodes: a new line unless a block scalar left us at one.
    mutating func nextLine(_ indent: Int) {
        if column != 0 { newline() }
        pad(indent)
    }

    mutating func mapping(_ o: JSONObject, indent: Int) {
        let keys = o.keys.sorted(by: KYAML.keyLess)
        for (i, k) in keys.enumerated() {
            if i > 0 { nextLine(indent) }
            let v = o[k]!
            if k.utf8.count > 128 {
                // libyaml writes keys longer than 128 bytes as explicit `? key` / `: value`.
                complexEntry(k, v, indent: indent)
                continue
            }
            scalarString(k, indent: indent + 2, key: true, first: true)
            put(":")
            switch v {
            case .object(let c) where !c.isEmpty:
                nextLine(indent + 2); mapping(c, indent: indent + 2)
            case .array(let a) where !a.isEmpty:
                nextLine(indent); sequence(a, indent: indent)
            default:
                scalarValue(v, indent: indent + 2, key: false, first: false)
            }
        }
    }

    mutating func complexEntry(_ k: String, _ v: JSONValue, indent: Int) {
        put("?")
        scalarString(k, indent: indent + 2, key: false, first: false)
        nextLine(indent)
        put(":")
        indicatorValue(v, indent: indent)
    }

    /// The value after a `- ` or `: ` indicator of a block entry, one level deeper.
    mutating func indicatorValue(_ v: JSONValue, indent: Int) {
        switch v {
        case .object(let c) where !c.isEmpty:
            pad(indent + 2); mapping(c, indent: indent + 2)
        case .array(let a) where !a.isEmpty:
            pad(indent + 2); sequence(a, indent: indent + 2)
        default:
            scalarValue(v, indent: indent + 2, key: false, first: false)
        }
    }

    mutating func sequence(_ a: [JSONValue], indent: Int) {
        for (i, v) in a.enumerated() {
            if i > 0 { nextLine(indent) }
            put("-")
            indicatorValue(v, indent: indent)
        }
    }

    mutating func scalarValue(_ v: JSONValue, indent: Int, key: Bool, first: Bool) {
        let lead = first ? "" : " "
        switch v {
        case .null: put(lead + "null")
        case .bool(let b): put(lead + (b ? "true" : "false"))
        case .int(let i): put(lead + String(i))
        case .double(let d): put(lead + KYAML.formatFloat(d))
        case .object: put(lead + "{}")
        case .array: put(lead + "[]")
        case .string(let s): scalarString(s, indent: indent, key: key, first: first)
        }
    }
}
