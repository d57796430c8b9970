/// A JSON value as gojsonschema holds one after `json.Decoder.UseNumber`: numbers keep their text
/// (a schema's `minLength: 1.0` is refused where `1` is not), objects are Go maps (a repeated key
/// keeps its last value; order carries no meaning).
indirect enum SchemaJSON: Sendable {
    case null
    case bool(Bool)
    case number(SchemaNumber)
    case string(String)
    case array([SchemaJSON])
    case object([String: SchemaJSON])

    var objectValue: [String: SchemaJSON]? { if case .object(let o) = self { return o }; return nil }
    var stringValue: String? { if case .string(let s) = self { return s }; return nil }
}

/// A JSON number: its text and exact value.
struct SchemaNumber: Sendable {
    var literal: String
    var value: SchemaDecimal

    /// `json.Number.Int64()`: only plain integer text within int64.
    var int64Value: Int? {
        guard value.isInteger, let i = Int64(literal) else { return nil }
        return Int(i)
    }
}

/// Decodes the first JSON value of a text the way Go's `json.Decoder` does, with its error
/// texts (`invalid character '}' looking for beginning of object key string`, `unexpected
/// EOF`, `EOF`). Text after the first value is ignored, as the decoder ignores it.
struct SchemaJSONDecoder {
    /// Nesting accepted. Go allows 10,000 levels; fewer keep a hostile schema from exhausting a
    /// thread's stack here, and no real schema comes near.
    static let maximumDepth = 512

    private let bytes: [UInt8]
    private var index = 0

    struct Failure: Error { var message: String }

    static func decode(_ text: String) throws(Failure) -> SchemaJSON {
        var decoder = SchemaJSONDecoder(bytes: Array(text.utf8))
        decoder.skipSpace()
        guard decoder.index < decoder.bytes.count else { throw Failure(message: "EOF") }
        return try decoder.value(depth: 0)
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private func fail(_ context: String) -> Failure {
        guard index < bytes.count else { return Failure(message: "unexpected EOF") }
        return Failure(message: "invalid character \(Self.quoteChar(bytes[index])) \(context)")
    }

    /// Go's `quoteChar`.
    static func quoteChar(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        case 0x07: return "'\\a'"
        case 0x08: return "'\\b'"
        case 0x0C: return "'\\f'"
        case 0x0A: return "'\\n'"
        case 0x0D: return "'\\r'"
        case 0x09: return "'\\t'"
        case 0x0B: return "'\\v'"
        case 0x5C: return "'\\\\'"
        case 0x20..<0x7F: return "'" + String(UnicodeScalar(c)) + "'"
        case 0x7F: return "'\\x7f'"
        case 0x80..<0xA1, 0xAD: return "'\\u00" + String(c, radix: 16) + "'"
        case 0xA1...0xFF: return "'" + String(UnicodeScalar(c)) + "'"
        default: return "'\\x" + (c < 0x10 ? "0" : "") + String(c, radix: 16) + "'"
        }
    }

    private mutating func value(depth: Int) throws(Failure) -> SchemaJSON {
        guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
        if depth >= Self.maximumDepth, bytes[index] == UInt8(ascii: "{") || bytes[index] == UInt8(ascii: "[") {
            throw fail("exceeded max depth")
        }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth)
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw fail("looking for beginning of value")
        }
    }

    private mutating func object(depth: Int) throws(Failure) -> SchemaJSON {
        index += 1
        var members: [String: SchemaJSON] = [:]
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw fail("looking for beginning of object key string")
            }
            let key = try string()
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("after object key") }
            index += 1
            skipSpace()
            members[key] = try value(depth: depth + 1)
            skipSpace()
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("after object key:value pair")
        }
    }

    private mutating func array(depth: Int) throws(Failure) -> SchemaJSON {
        index += 1
        var items: [SchemaJSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try value(depth: depth + 1))
            skipSpace()
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("after array element")
        }
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let expected = Array(word.utf8)
        for (offset, byte) in expected.enumerated() {
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            if bytes[index] != byte {
                throw fail("in literal \(word) (expecting \(Self.quoteChar(byte)))")
            }
            index += 1
            _ = offset
        }
    }

    private mutating func number() throws(Failure) -> SchemaNumber {
        let start = index
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        if bytes[index] == UInt8(ascii: "-") {
            index += 1
            guard isDigit(index) else { throw fail("in numeric literal") }
        }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { while isDigit(index) { index += 1 } }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { throw fail("after decimal point in numeric literal") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw fail("in exponent of numeric literal") }
            while isDigit(index) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        return SchemaNumber(literal: text, value: SchemaDecimal(Substring(text)) ?? .zero)
    }

    private mutating func string() throws(Failure) -> String {
        index += 1
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            let c = bytes[index]
            if c == UInt8(ascii: "\"") { index += 1; break }
            if c < 0x20 { throw fail("in string literal") }
            if c != UInt8(ascii: "\\") { out.append(c); index += 1; continue }
            index += 1
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), index + 1 < bytes.count,
                   bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                    let save = index
                    index += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        index = save
                    }
                }
                let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(s).utf8))
            default:
                index -= 1
                throw fail("in string escape code")
            }
        }
        // Go replaces invalid UTF-8 with U+FFFD, as `String(decoding:)` does.
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw Failure(message: "unexpected EOF") }
            let c = bytes[index]
            let digit: UInt32
            switch c {
            case 0x30...0x39: digit = UInt32(c - 0x30)
            case 0x41...0x46: digit = UInt32(c - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(c - 0x61 + 10)
            default: throw fail("in \\u hexadecimal character escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}
