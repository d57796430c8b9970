import GoTemplate

/// encoding/json's encoder over one byte buffer: map keys sorted by their bytes, strings
/// escaped as Go escapes them, floats in Go's form, `[]byte` as base64, structs through
/// `GoObject.jsonValue`.
struct GoJSONEncoder {
    var out: [UInt8] = []
    let escapeHTML: Bool
    /// `MarshalIndent`'s unit; nil for compact output.
    let indent: [UInt8]?
    private var depth = 0
    private var nesting = 0

    init(escapeHTML: Bool, indent: [UInt8]?) {
        self.escapeHTML = escapeHTML
        self.indent = indent
        out.reserveCapacity(256)
    }

    /// Go stops at a cycle of pointers after this many levels; template values are trees,
    /// so only a pathological `jsonValue` gets here.
    static let maximumDepth = 1000

    private mutating func newline() {
        guard let indent else { return }
        out.append(0x0A)
        for _ in 0..<depth { out.append(contentsOf: indent) }
    }

    mutating func encode(_ value: GoValue) throws(GoFunctionError) {
        switch value {
        case .missing, .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i, _): out.append(contentsOf: String(i).utf8)
        case .uint(let u, _): out.append(contentsOf: String(u).utf8)
        case .float(let f):
            guard let text = GoFloatFormat.json(f) else {
                throw GoFunctionError("json: unsupported value: " + GoFloatFormat.format(f, fmt: .g))
            }
            out.append(contentsOf: text.utf8)
        case .string(let s): encodeString(s)
        case .bytes(let b):
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: GoBase64.encode(b).utf8)
            out.append(UInt8(ascii: "\""))
        case .list(let list):
            guard !list.items.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            try nest(value)
            out.append(UInt8(ascii: "["))
            for (i, item) in list.items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline()
                try encode(item)
            }
            depth -= 1
            newline()
            out.append(UInt8(ascii: "]"))
        case .map(let map):
            guard map.count > 0 else { out.append(contentsOf: "{}".utf8); return }
            try nest(value)
            out.append(UInt8(ascii: "{"))
            // Go sorts keys by their bytes; Swift's String order is by scalars, which agrees
            // for UTF-8 but not in general, so compare the bytes.
            let keys = map.entries.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (i, key) in keys.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline()
                encodeString(key)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                try encode(map.entries[key] ?? .null)
            }
            depth -= 1
            newline()
            out.append(UInt8(ascii: "}"))
        case .object(let object):
            guard nesting < Self.maximumDepth else { try nest(value); return }
            nesting += 1
            try encode(object.jsonValue)
            nesting -= 1
        case .function(let f):
            throw GoFunctionError("json: unsupported type: " + f.typeName)
        }
    }

    /// Go's cycle check (a map that holds itself through `set`) after 1,000 levels.
    private mutating func nest(_ value: GoValue) throws(GoFunctionError) {
        depth += 1
        if depth + nesting > Self.maximumDepth {
            throw GoFunctionError("json: unsupported value: encountered a cycle via " + value.typeName)
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Go's `appendString`: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other controls as
    /// `\u00XX`; `<`, `>`, `&` as `\u003c`… when escaping HTML; U+2028 and U+2029 always.
    mutating func encodeString(_ s: String) {
        out.append(UInt8(ascii: "\""))
        let bytes = s.utf8
        var start = bytes.startIndex
        var i = start
        while i < bytes.endIndex {
            let c = bytes[i]
            var escape: [UInt8]?
            var width = 1
            if c < 0x80 {
                switch c {
                case UInt8(ascii: "\""): escape = [0x5C, c]
                case UInt8(ascii: "\\"): escape = [0x5C, c]
                case 0x08: escape = Array("\\b".utf8)
                case 0x0C: escape = Array("\\f".utf8)
                case 0x0A: escape = Array("\\n".utf8)
                case 0x0D: escape = Array("\\r".utf8)
                case 0x09: escape = Array("\\t".utf8)
                case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                    if escapeHTML { escape = Array("\\u00".utf8) + [Self.hex[Int(c >> 4)], Self.hex[Int(c & 15)]] }
                default:
                    if c < 0x20 { escape = Array("\\u00".utf8) + [Self.hex[Int(c >> 4)], Self.hex[Int(c & 15)]] }
                }
            } else if c == 0xE2, bytes.distance(from: i, to: bytes.endIndex) >= 3 {
                let c1 = bytes[bytes.index(i, offsetBy: 1)], c2 = bytes[bytes.index(i, offsetBy: 2)]
                if c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9) {
                    escape = Array("\\u202".utf8) + [c2 == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")]
                    width = 3
                }
            }
            if let escape {
                out.append(contentsOf: bytes[start..<i])
                out.append(contentsOf: escape)
                i = bytes.index(i, offsetBy: width)
                start = i
            } else {
                i = bytes.index(after: i)
            }
        }
        out.append(contentsOf: bytes[start..<bytes.endIndex])
        out.append(UInt8(ascii: "\""))
    }
}
