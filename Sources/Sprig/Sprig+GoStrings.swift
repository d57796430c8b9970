import GoTemplate

/// Go's `strings` package over UTF-8 bytes, where Sprig's results depend on Go's exact rules
/// (empty separators, cut sets, Unicode spaces). Linear in the input except the search, which
/// is the plain scan Go also falls back to for short needles.
extension Sprig {
    /// `unicode.IsSpace`.
    static func isGoSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        case 0...0xFF: return false
        default: return s.properties.isWhitespace
        }
    }

    static func trimSpace(_ s: String) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isGoSpace($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !isGoSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `strings.Trim(s, cutset)`: drops leading and trailing scalars found in `cutset`.
    static func trim(_ s: String, cutset: String) -> String {
        guard !s.isEmpty, !cutset.isEmpty else { return s }
        let set = Set(cutset.unicodeScalars)
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !set.contains($0) }) else { return "" }
        guard let last = scalars.lastIndex(where: { !set.contains($0) }) else { return "" }
        return String(scalars[first...last])
    }

    /// `strings.ToUpper`/`ToLower`: one scalar at a time (Go's simple case mapping: `ß` stays).
    static func mapScalars(_ s: String, upper: Bool) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            let bytes = s.utf8.map { b -> UInt8 in
                if upper, b >= 0x61, b <= 0x7A { return b - 32 }
                if !upper, b >= 0x41, b <= 0x5A { return b + 32 }
                return b
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        var out = String.UnicodeScalarView()
        for scalar in s.unicodeScalars { out.append(simpleCase(scalar, upper: upper)) }
        return String(out)
    }

    static func simpleCase(_ scalar: Unicode.Scalar, upper: Bool) -> Unicode.Scalar {
        let mapped = upper ? scalar.properties.uppercaseMapping : scalar.properties.lowercaseMapping
        let scalars = mapped.unicodeScalars
        return scalars.count == 1 ? scalars[scalars.startIndex] : scalar
    }

    static func titleCase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        let scalars = scalar.properties.titlecaseMapping.unicodeScalars
        return scalars.count == 1 ? scalars[scalars.startIndex] : scalar
    }

    /// `strings.Title`: the first letter after a separator (anything but a letter, digit, `_`
    /// or a non-space non-ASCII scalar) becomes title case.
    static func title(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar = " "
        for scalar in s.unicodeScalars {
            out.append(isTitleSeparator(previous) ? titleCase(scalar) : scalar)
            previous = scalar
        }
        return String(out)
    }

    static func isTitleSeparator(_ r: Unicode.Scalar) -> Bool {
        if r.value <= 0x7F {
            switch r {
            case "0"..."9", "a"..."z", "A"..."Z", "_": return false
            default: return true
            }
        }
        if r.properties.isAlphabetic || r.properties.numericType != nil { return false }
        return isGoSpace(r)
    }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool {
        s.utf8.count >= prefix.utf8.count && s.utf8.starts(with: prefix.utf8)
    }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        s.utf8.count >= suffix.utf8.count && s.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Byte offset of the first `needle` in `haystack` at or after `from`.
    static func indexOf(_ haystack: [UInt8], _ needle: [UInt8], from: Int = 0) -> Int? {
        let n = needle.count
        guard n > 0 else { return from <= haystack.count ? from : nil }
        guard haystack.count >= n else { return nil }
        let first = needle[0]
        var i = from
        while i <= haystack.count - n {
            if haystack[i] == first {
                var j = 1
                while j < n && haystack[i + j] == needle[j] { j += 1 }
                if j == n { return i }
            }
            i += 1
        }
        return nil
    }

    static func indexOf(_ haystack: String, _ needle: String) -> Int? {
        indexOf(Array(haystack.utf8), Array(needle.utf8))
    }

    /// Byte offsets where each scalar starts (for Go's empty-separator rules).
    static func scalarStarts(_ bytes: [UInt8]) -> [Int] {
        var starts: [Int] = []
        for (i, b) in bytes.enumerated() where b & 0xC0 != 0x80 { starts.append(i) }
        return starts
    }

    /// `strings.Replace(s, old, new, -1)`; an empty `old` inserts `new` around every scalar.
    static func replaceAll(_ s: String, _ old: String, _ new: String) -> String {
        let bytes = Array(s.utf8), oldBytes = Array(old.utf8), newBytes = Array(new.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        if oldBytes.isEmpty {
            var starts = scalarStarts(bytes)
            starts.append(bytes.count)
            out.append(contentsOf: newBytes)
            for k in 0..<(starts.count - 1) {
                out.append(contentsOf: bytes[starts[k]..<starts[k + 1]])
                out.append(contentsOf: newBytes)
            }
            return String(decoding: out, as: UTF8.self)
        }
        var i = 0
        while let j = indexOf(bytes, oldBytes, from: i) {
            out.append(contentsOf: bytes[i..<j])
            out.append(contentsOf: newBytes)
            i = j + oldBytes.count
        }
        out.append(contentsOf: bytes[i...])
        return String(decoding: out, as: UTF8.self)
    }

    /// `strings.SplitN(s, sep, limit)` (`limit < 0`: all; `0`: none); an empty `sep` splits
    /// into scalars.
    static func splitGo(_ s: String, _ sep: String, limit: Int) -> [String] {
        if limit == 0 { return [] }
        let bytes = Array(s.utf8), sepBytes = Array(sep.utf8)
        var parts: [String] = []
        if sepBytes.isEmpty {
            let starts = scalarStarts(bytes)
            let n = limit < 0 || limit > starts.count ? starts.count : limit
            for k in 0..<n {
                let end = k == n - 1 ? bytes.count : starts[k + 1]
                parts.append(String(decoding: bytes[starts[k]..<end], as: UTF8.self))
            }
            return parts
        }
        var i = 0
        while limit < 0 || parts.count < limit - 1, let j = indexOf(bytes, sepBytes, from: i) {
            parts.append(String(decoding: bytes[i..<j], as: UTF8.self))
            i = j + sepBytes.count
        }
        parts.append(String(decoding: bytes[i...], as: UTF8.self))
        return parts
    }
}
