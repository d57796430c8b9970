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
            scalarString(k, indent: indent + 2, key: true, first: true)
            put(":")
            let v = o[k]!
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

    mutating func sequence(_ a: [JSONValue], indent: Int) {
        for (i, v) in a.enumerated() {
            if i > 0 { nextLine(indent) }
            put("-")
            switch v {
            case .object(let c) where !c.isEmpty:
                pad(indent + 2); mapping(c, indent: indent + 2)
            case .array(let s) where !s.isEmpty:
                pad(indent + 2); sequence(s, indent: indent + 2)
            default:
                scalarValue(v, indent: indent + 2, key: false, first: false)
            }
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

    enum Style { case plain, single, double, literal }

    struct Analysis {
        var multiline = false, flowPlain = true, blockPlain = true, single = true, block = true
    }

    static func isPrintable(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        return v == 0x0A || (v >= 0x20 && v <= 0x7E) || (v >= 0xA0 && v <= 0xD7FF)
            || (v >= 0xE000 && v <= 0xFFFD && v != 0xFEFF)
    }
    static func isBreak(_ u: Unicode.Scalar) -> Bool {
        u == "\r" || u == "\n" || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    static func analyze(_ s: [Unicode.Scalar]) -> Analysis {
        var a = Analysis()
        if s.isEmpty { a.flowPlain = false; a.block = false; return a }
        var blockInd = false, flowInd = false, lineBreaks = false, special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false, prevSpace = false, prevBreak = false
        if s.count >= 3 && ((s[0] == "-" && s[1] == "-" && s[2] == "-") || (s[0] == "." && s[1] == "." && s[2] == ".")) {
            blockInd = true; flowInd = true
        }
        var precededByWS = true
        for i in s.indices {
            let c = s[i]
            let followedByWS = i + 1 >= s.count || s[i + 1] == " " || s[i + 1] == "\t" || isBreak(s[i + 1])
            if i == 0 {
                switch c {
                case "#", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", "\"", "%", "@", "`":
                    flowInd = true; blockInd = true
                case "?", ":":
                    flowInd = true; if followedByWS { blockInd = true }
                case "-":
                    if followedByWS { flowInd = true; blockInd = true }
                default: break
                }
            } else {
                switch c {
                case ",", "?", "[", "]", "{", "}": flowInd = true
                case ":": flowInd = true; if followedByWS { blockInd = true }
                case "#": if precededByWS { flowInd = true; blockInd = true }
                default: break
                }
            }
            // go-yaml v2 has no separate tab rule: a tab is simply not printable.
            if !isPrintable(c) { special = true }
            if c == " " {
                if i == 0 { leadingSpace = true }
                if i == s.count - 1 { trailingSpace = true }
                if prevBreak { breakSpace = true }
                prevSpace = true; prevBreak = false
            } else if isBreak(c) {
                lineBreaks = true
                if i == 0 { leadingBreak = true }
                if i == s.count - 1 { trailingBreak = true }
                if prevSpace { spaceBreak = true }
                prevSpace = false; prevBreak = true
            } else {
                prevSpace = false; prevBreak = false
            }
            precededByWS = c == " " || c == "\t" || isBreak(c)
        }
        a.multiline = lineBreaks
        if leadingSpace || leadingBreak || trailingSpace || trailingBreak { a.flowPlain = false; a.blockPlain = false }
        if trailingSpace { a.block = false }
        if breakSpace { a.flowPlain = false; a.blockPlain = false; a.single = false }
        if spaceBreak || special { a.flowPlain = false; a.blockPlain = false; a.single = false }
        if spaceBreak || special { a.block = false }
        if lineBreaks { a.flowPlain = false; a.blockPlain = false }
        if flowInd { a.flowPlain = false }
        if blockInd { a.blockPlain = false }
        return a
    }

    mutating func scalarString(_ str: String, indent: Int, key: Bool, first: Bool) {
        let s = Array(str.unicodeScalars)
        let a = V2Emitter.analyze(s)
        var style: Style
        if str.contains("\n") { style = .literal }
        else if KYAML.isNonStringV2(str) || KYAML.isBase60Float(str) { style = .double }
        else { style = .plain }
        if key && a.multiline { style = .double }
        if style == .plain {
            if !a.blockPlain { style = .single }
            if s.isEmpty && key { style = .single }
        }
        if style == .single && !a.single { style = .double }
        if style == .literal && (!a.block || key) { style = .double }
        let breaks = !key
        if !first { put(" ") }
        switch style {
        case .plain:
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && !(i + 1 < s.count && s[i + 1] == " ") {
                        newline(); pad(indent)
                    } else { put(c) }
                    spaces = true
                } else { put(c); spaces = false }
            }
        case .single:
            put("'")
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && i > 0 && i < s.count - 1 && s[i + 1] != " " {
                        newline(); pad(indent)
                    } else { put(c) }
                    spaces = true
                } else {
                    if c == "'" { put("'") }
                    put(c); spaces = false
                }
            }
            put("'")
        case .double:
            put("\"")
            var spaces = false
            for i in s.indices {
                let c = s[i]
                if !V2Emitter.isPrintable(c) || c.value == 0xFEFF || V2Emitter.isBreak(c) || c == "\"" || c == "\\" {
                    put("\\")
                    switch c.value {
                    case 0x00: put("0")
                    case 0x07: put("a")
                    case 0x08: put("b")
                    case 0x09: put("t")
                    case 0x0A: put("n")
                    case 0x0B: put("v")
                    case 0x0C: put("f")
                    case 0x0D: put("r")
                    case 0x1B: put("e")
                    case 0x22: put("\"")
                    case 0x5C: put("\\")
                    case 0x85: put("N")
                    case 0xA0: put("_")
                    case 0x2028: put("L")
                    case 0x2029: put("P")
                    default:
                        let (letter, width) = c.value <= 0xFF ? ("x", 2) : c.value <= 0xFFFF ? ("u", 4) : ("U", 8)
                        let hex = String(c.value, radix: 16, uppercase: true)
                        put(letter + String(repeating: "0", count: max(0, width - hex.count)) + hex)
                    }
                    spaces = false
                } else if c == " " {
                    if breaks && !spaces && column > V2Emitter.bestWidth && i != 0 && i != s.count - 1 {
                        newline(); pad(indent)
                        if i + 1 < s.count && s[i + 1] == " " { put("\\") }
                    } else { put(c) }
                    spaces = true
                } else { put(c); spaces = false }
            }
            put("\"")
        case .literal:
            put("|")
            if let f = s.first, f == " " || V2Emitter.isBreak(f) { put("2") }
            if let l = s.last {
                if !V2Emitter.isBreak(l) { put("-") }
                else if s.count == 1 || V2Emitter.isBreak(s[s.count - 2]) { put("+") }
            } else { put("-") }
            newline()
            var atBreak = true
            for c in s {
                if V2Emitter.isBreak(c) { newline(); atBreak = true }
                else {
                    if atBreak { pad(indent) }
                    put(c); atBreak = false
                }
            }
        }
    }
}
