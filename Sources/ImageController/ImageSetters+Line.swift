import Foundation

/// One line of a YAML file as the setter rewrite reads it: where the scalar value sits, in
/// what style, and the setter its line comment names. Sans-IO: bytes in, positions out.
struct SetterLine {
    /// A line's byte range in the file: `contentEnd` is before its `\n` or `\r\n`.
    struct Span {
        var start: Int
        var contentEnd: Int
        var end: Int
    }

    /// A scalar value on the line: its bytes' range within the line content, style and text.
    struct Value {
        var range: Range<Int>
        var style: SetterScalar.Style
        var text: String
    }

    /// The scalar on the line, when it is one Ferry can rewrite.
    var value: Value?
    /// The setter named by the line comment (`{"$imagepolicy": "ns:name"}`), if any.
    var marker: String?
    /// The value is a block scalar indicator (`|`, `>-`): the lines after it are its text.
    var opensBlockScalar = false

    static func split(_ bytes: [UInt8]) -> [Span] {
        var spans: [Span] = []
        var start = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A {
                let contentEnd = i > start && bytes[i - 1] == 0x0D ? i - 1 : i
                spans.append(Span(start: start, contentEnd: contentEnd, end: i + 1))
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count { spans.append(Span(start: start, contentEnd: bytes.count, end: bytes.count)) }
        return spans
    }

    static func indentation(_ line: [UInt8]) -> Int {
        line.prefix { $0 == 0x20 }.count
    }

    /// `---` alone or followed by a space: a new document starts on this line.
    static func isDocumentStart(_ line: [UInt8]) -> Bool {
        line.count >= 3 && line[0] == 0x2D && line[1] == 0x2D && line[2] == 0x2D
            && (line.count == 3 || line[3] == 0x20 || line[3] == 0x09)
    }

    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

    /// Reads a line; nil for lines holding no value (blank, comment-only, directives, `---`).
    static func parse(_ line: [UInt8]) -> SetterLine? {
        var pos = indentation(line)
        guard pos < line.count, line[pos] != UInt8(ascii: "#"), line[pos] != UInt8(ascii: "%") else { return nil }
        if isDocumentStart(line) || (line.count >= 3 && line[0..<3].elementsEqual(Array("...".utf8))) { return nil }
        // Sequence indicators: `- `, possibly nested (`- - x`).
        var inSequence = false
        while pos < line.count, line[pos] == UInt8(ascii: "-"), pos + 1 == line.count || isBlank(line[pos + 1]) {
            inSequence = true
            pos += 1
            while pos < line.count, isBlank(line[pos]) { pos += 1 }
        }
        guard pos < line.count else { return nil }
        if let afterKey = mappingValueStart(line, from: pos) {
            pos = afterKey
        } else if !inSequence {
            return nil
        }
        while pos < line.count, isBlank(line[pos]) { pos += 1 }
        guard pos < line.count, line[pos] != UInt8(ascii: "#") else { return nil }
        var result = SetterLine()
        let end: Int
        let style: SetterScalar.Style
        switch line[pos] {
        case UInt8(ascii: "\""):
            guard let close = closingDoubleQuote(line, from: pos + 1) else { return nil }
            end = close + 1
            style = .doubleQuoted
        case UInt8(ascii: "'"):
            guard let close = closingSingleQuote(line, from: pos + 1) else { return nil }
            end = close + 1
            style = .singleQuoted
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            result.opensBlockScalar = true
            return result
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
             UInt8(ascii: "@"), UInt8(ascii: "`"):
            return result
        default:
            var i = pos
            while i < line.count, !(line[i] == UInt8(ascii: "#") && isBlank(line[i - 1])) { i += 1 }
            var last = i
            while last > pos, isBlank(line[last - 1]) { last -= 1 }
            end = last
            style = .plain
        }
        var rest = end
        while rest < line.count, isBlank(line[rest]) { rest += 1 }
        guard rest < line.count, line[rest] == UInt8(ascii: "#"), rest > end || style == .plain else { return result }
        guard let text = SetterScalar.decode(Array(line[pos..<end]), style: style) else { return result }
        result.value = Value(range: pos..<end, style: style, text: text)
        result.marker = marker(in: Array(line[(rest + 1)...]))
        return result
    }

    /// The setter a comment names: the text after the `#`s must be a JSON object of strings
    /// with a non-empty `$imagepolicy` (what kyaml's short-hand field metadata accepts).
    static func marker(in comment: [UInt8]) -> String? {
        let text = comment.drop { $0 == UInt8(ascii: "#") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text)) as? [String: Any] else { return nil }
        guard object.values.allSatisfy({ $0 is String }), let name = object["$imagepolicy"] as? String, !name.isEmpty else { return nil }
        return name
    }

    /// Where a mapping value starts when the node at `pos` is `key: …` (plain or quoted key).
    static func mappingValueStart(_ line: [UInt8], from pos: Int) -> Int? {
        var i = pos
        switch line[pos] {
        case UInt8(ascii: "\""):
            guard let close = closingDoubleQuote(line, from: pos + 1) else { return nil }
            i = close + 1
            while i < line.count, isBlank(line[i]) { i += 1 }
        case UInt8(ascii: "'"):
            guard let close = closingSingleQuote(line, from: pos + 1) else { return nil }
            i = close + 1
            while i < line.count, isBlank(line[i]) { i += 1 }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            return nil
        default:
            while i < line.count {
                if line[i] == UInt8(ascii: ":"), i + 1 == line.count || isBlank(line[i + 1]) { break }
                if line[i] == UInt8(ascii: "#"), i > pos, isBlank(line[i - 1]) { return nil }
                i += 1
            }
        }
        guard i < line.count, line[i] == UInt8(ascii: ":"), i + 1 == line.count || isBlank(line[i + 1]) else { return nil }
        return i + 1
    }

    static func closingDoubleQuote(_ line: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < line.count {
            if line[i] == UInt8(ascii: "\\") { i += 2; continue }
            if line[i] == UInt8(ascii: "\"") { return i }
            i += 1
        }
        return nil
    }

    static func closingSingleQuote(_ line: [UInt8], from start: Int) -> Int? {
        var i = start
        while i < line.count {
            if line[i] == UInt8(ascii: "'") {
                if i + 1 < line.count, line[i + 1] == UInt8(ascii: "'") { i += 2; continue }
                return i
            }
            i += 1
        }
        return nil
    }
}
