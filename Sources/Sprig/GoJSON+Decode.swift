import GoTemplate

/// What a JSON decode builds, so one decoder serves `interface{}` (``GoJSON/unmarshal(_:)``) and
/// callers that need more than Go's float64, such as a JSON schema that keeps each number's text
/// (`json.Decoder.UseNumber`).
public protocol GoJSONBuilder {
    associatedtype Value
    func null() -> Value
    func bool(_ value: Bool) -> Value
    func string(_ value: String) -> Value
    /// A number, given as its text (well formed by JSON's grammar). A throw is Go's error for a
    /// number the target cannot hold; it is reported only if the whole text is well formed, as
    /// Go validates before it decodes.
    func number(_ text: String) throws(GoFunctionError) -> Value
    func array(_ items: [Value]) -> Value
    /// Members as a Go map holds them: a repeated key keeps its last value.
    func object(_ members: [String: Value]) -> Value
}

/// `interface{}`: numbers become float64, objects `map[string]interface {}`.
struct GoValueJSONBuilder: GoJSONBuilder {
    func null() -> GoValue { .null }
    func bool(_ value: Bool) -> GoValue { .bool(value) }
    func string(_ value: String) -> GoValue { .string(value) }
    func number(_ text: String) throws(GoFunctionError) -> GoValue {
        guard let number = Double(text), number.isFinite else {
            throw GoFunctionError("json: cannot unmarshal number \(text) into Go value of type float64")
        }
        return .float(number)
    }
    func array(_ items: [GoValue]) -> GoValue { .list(GoList(items)) }
    func object(_ members: [String: GoValue]) -> GoValue { .map(GoMap(members)) }
}

/// encoding/json's scanner and decoder, without recursion (an explicit stack, so hostile
/// nesting cannot exhaust the thread's stack). Syntax errors carry the scanner's words
/// (`invalid character 'x' after object key`). `.unmarshal` reads as `json.Unmarshal` (one
/// value and nothing after it; a cut-off text is `unexpected end of JSON input`),
/// `.firstValue` as `json.Decoder.Decode` (the first value, the rest ignored; `EOF` for no
/// value, `unexpected EOF` for a cut-off one).
struct GoJSONDecoder<Builder: GoJSONBuilder> {
    typealias Value = Builder.Value
    private let s: [UInt8]
    private var i = 0
    private var rangeError: GoFunctionError?
    private let builder: Builder
    private let reading: GoJSON.Reading
    private let maximumDepth: Int

    init(_ text: String, reading: GoJSON.Reading, maximumDepth: Int, builder: Builder) {
        s = Array(text.utf8)
        self.reading = reading
        self.maximumDepth = maximumDepth
        self.builder = builder
    }

    private enum Container {
        case array([Value])
        case object([String: Value], key: String)
    }

    /// Go's `quoteChar`: the byte as a rune (`0xE9` is `'é'`) in single quotes.
    private static func quoteChar(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "'"): return "'\\''"
        case UInt8(ascii: "\""): return "'\"'"
        default: return GoFormat.quoteRune(Unicode.Scalar(c))
        }
    }

    private var endOfInput: GoFunctionError {
        GoFunctionError(reading == .unmarshal ? "unexpected end of JSON input" : "unexpected EOF")
    }

    private func syntax(_ context: String) -> GoFunctionError {
        guard i < s.count else { return endOfInput }
        return GoFunctionError("invalid character " + Self.quoteChar(s[i]) + " " + context)
    }

    private mutating func skipSpace() {
        while i < s.count, s[i] == 0x20 || s[i] == 0x0A || s[i] == 0x0D || s[i] == 0x09 { i += 1 }
    }

    mutating func decode() throws(GoFunctionError) -> Value {
        if reading == .firstValue {
            skipSpace()
            guard i < s.count else { throw GoFunctionError("EOF") }
        }
        var stack: [Container] = []
        var result: Value
        outer: while true {
            skipSpace()
            var value: Value
            guard i < s.count else { throw endOfInput }
            switch s[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                // Go counts every opened container, empty or not, against the limit.
                guard stack.count < maximumDepth else { throw syntax("exceeded max depth") }
                let isObject = s[i] == UInt8(ascii: "{")
                i += 1
                skipSpace()
                if i < s.count, s[i] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    i += 1
                    value = isObject ? builder.object([:]) : builder.array([])
                } else {
                    stack.append(isObject ? .object([:], key: try readKey()) : .array([]))
                    continue outer
                }
            case UInt8(ascii: "\""): value = builder.string(try readString())
            case UInt8(ascii: "t"): try literal("true"); value = builder.bool(true)
            case UInt8(ascii: "f"): try literal("false"); value = builder.bool(false)
            case UInt8(ascii: "n"): try literal("null"); value = builder.null()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = try readNumber()
            default: throw syntax("looking for beginning of value")
            }
            // Place the value; close every container that ends after it.
            while true {
                guard var top = stack.popLast() else {
                    result = value
                    break outer
                }
                skipSpace()
                switch top {
                case .array(var items):
                    items.append(value)
                    guard i < s.count else { throw syntax("") }
                    if s[i] == UInt8(ascii: ",") {
                        i += 1
                        stack.append(.array(items))
                        continue outer
                    }
                    guard s[i] == UInt8(ascii: "]") else { throw syntax("after array element") }
                    i += 1
                    value = builder.array(items)
                case .object(var entries, let key):
                    entries[key] = value
                    guard i < s.count else { throw syntax("") }
                    if s[i] == UInt8(ascii: ",") {
                        i += 1
                        skipSpace()
                        top = .object(entries, key: try readKey())
                        stack.append(top)
                        continue outer
                    }
                    guard s[i] == UInt8(ascii: "}") else { throw syntax("after object key:value pair") }
                    i += 1
                    value = builder.object(entries)
                }
            }
        }
        if reading == .unmarshal {
            skipSpace()
            if i < s.count { throw syntax("after top-level value") }
        }
        if let rangeError { throw rangeError }
        return result
    }

    /// A key and its colon, with the cursor on the key's opening quote (after spaces).
    private mutating func readKey() throws(GoFunctionError) -> String {
        guard i < s.count, s[i] == UInt8(ascii: "\"") else { throw syntax("looking for beginning of object key string") }
        let key = try readString()
        skipSpace()
        guard i < s.count, s[i] == UInt8(ascii: ":") else { throw syntax("after object key") }
        i += 1
        return key
    }

    private mutating func literal(_ word: StaticString) throws(GoFunctionError) {
        let name = word.description
        for (k, expected) in name.utf8.enumerated() {
            guard i < s.count else { throw syntax("") }
            if k > 0, s[i] != expected {
                throw syntax("in literal \(name) (expecting " + Self.quoteChar(expected) + ")")
            }
            i += 1
        }
    }

    private mutating func readNumber() throws(GoFunctionError) -> Value {
        let start = i
        if s[i] == UInt8(ascii: "-") {
            i += 1
            guard i < s.count else { throw syntax("") }
            guard s[i] >= 0x30 && s[i] <= 0x39 else { throw syntax("in numeric literal") }
        }
        if s[i] == 0x30 { i += 1 } else { while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 } }
        if i < s.count, s[i] == UInt8(ascii: ".") {
            i += 1
            guard i < s.count else { throw syntax("") }
            guard s[i] >= 0x30 && s[i] <= 0x39 else { throw syntax("after decimal point in numeric literal") }
            while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 }
        }
        if i < s.count, s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") {
            i += 1
            if i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") { i += 1 }
            guard i < s.count else { throw syntax("") }
            guard s[i] >= 0x30 && s[i] <= 0x39 else { throw syntax("in exponent of numeric literal") }
            while i < s.count, s[i] >= 0x30 && s[i] <= 0x39 { i += 1 }
        }
        let text = String(decoding: s[start..<i], as: UTF8.self)
        do {
            return try builder.number(text)
        } catch {
            if rangeError == nil { rangeError = error }
            return builder.null()
        }
    }

    private mutating func hex4() throws(GoFunctionError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < s.count else { throw syntax("") }
            let c = s[i]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            default: throw syntax("in \\u hexadecimal character escape")
            }
            v = v << 4 | d
            i += 1
        }
        return v
    }

    /// A string with the cursor on its opening quote. Lone surrogates become U+FFFD, as in Go.
    private mutating func readString() throws(GoFunctionError) -> String {
        i += 1
        var out: [UInt8] = []
        var start = i
        while true {
            guard i < s.count else { throw syntax("") }
            let c = s[i]
            if c == UInt8(ascii: "\"") {
                out.append(contentsOf: s[start..<i])
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw syntax("in string literal") }
            guard c == UInt8(ascii: "\\") else { i += 1; continue }
            out.append(contentsOf: s[start..<i])
            i += 1
            guard i < s.count else { throw syntax("") }
            let e = s[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if scalar >= 0xD800 && scalar < 0xDC00 {
                    // A high surrogate pairs only with an immediately following low one.
                    if i + 1 < s.count, s[i] == UInt8(ascii: "\\"), s[i + 1] == UInt8(ascii: "u") {
                        let save = i
                        i += 2
                        let low = try hex4()
                        if low >= 0xDC00 && low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                            scalar = 0xFFFD
                        }
                    } else {
                        scalar = 0xFFFD
                    }
                } else if scalar >= 0xDC00 && scalar < 0xE000 {
                    scalar = 0xFFFD
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8)
            default:
                i -= 1
                throw syntax("in string escape code")
            }
            start = i
        }
    }
}
