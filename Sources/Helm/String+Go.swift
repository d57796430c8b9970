/// The few `strings` functions Helm's rendering path calls on whole outputs, on UTF-8 bytes:
/// Foundation's versions bridge through UTF-16 and took a third of a large chart's render.
extension String {
    /// Helm's workaround for `missingkey=zero`: every `<no value>` removed from rendered text.
    func replacingNoValue() -> String {
        let needle = Array("<no value>".utf8)
        let bytes = Array(utf8)
        guard let first = Self.index(of: needle, in: bytes, from: 0) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var start = 0
        var hit: Int? = first
        while let at = hit {
            out.append(contentsOf: bytes[start..<at])
            start = at + needle.count
            hit = Self.index(of: needle, in: bytes, from: start)
        }
        out.append(contentsOf: bytes[start...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Go's `strings.SplitN(s, sep, n)` for n ≥ 1.
    func splitN(_ separator: String, _ n: Int) -> [String] {
        let needle = Array(separator.utf8)
        let bytes = Array(utf8)
        var parts: [String] = []
        var start = 0
        while parts.count < n - 1, !needle.isEmpty, let at = Self.index(of: needle, in: bytes, from: start) {
            parts.append(String(decoding: bytes[start..<at], as: UTF8.self))
            start = at + needle.count
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Go's `strings.TrimSpace`: leading and trailing Unicode white space removed.
    func trimmingGoSpace() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isGoSpace(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isGoSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        if start == scalars.startIndex && end == scalars.endIndex { return self }
        return String(scalars[start..<end])
    }

    /// Go's `unicode.IsSpace`.
    static func isGoSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        case 0...0x7F: return false
        default: return c.properties.generalCategory == .spaceSeparator
            || c.value == 0x2028 || c.value == 0x2029
        }
    }

    /// The first offset of `needle` in `bytes` at or after `from`.
    static func index(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let head = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == head {
                var k = 1
                while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
