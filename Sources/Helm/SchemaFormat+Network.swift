/// Go's `net.ParseIP` (via `netip.ParseAddr`, zones refused): dotted IPv4 without leading
/// zeros, or IPv6 with at most one `::` and an optional dotted IPv4 tail.
enum SchemaIP {
    static func parses(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        if bytes.contains(UInt8(ascii: ":")) { return ipv6(bytes[...]) }
        return ipv4(bytes[...])
    }

    static func ipv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let fields = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard fields.count == 4 else { return false }
        for field in fields {
            guard (1...3).contains(field.count), field.allSatisfy({ (0x30...0x39).contains($0) }),
                  !(field.count > 1 && field.first == UInt8(ascii: "0")) else { return false }
            let value = field.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard value <= 255 else { return false }
        }
        return true
    }

    static func ipv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        var groups = 0
        var ellipsis = false
        var i = bytes.startIndex
        if bytes.starts(with: [0x3A, 0x3A]) {
            ellipsis = true
            i += 2
            if i == bytes.endIndex { return true }
        }
        while i < bytes.endIndex {
            var j = i
            while j < bytes.endIndex, j - i < 5, isHex(bytes[j]) { j += 1 }
            if j < bytes.endIndex, bytes[j] == UInt8(ascii: ".") {
                // An IPv4 tail takes the place of two groups.
                guard groups <= 6, ipv4(bytes[i...]) else { return false }
                groups += 2
                i = bytes.endIndex
                break
            }
            guard j > i, j - i <= 4 else { return false }
            groups += 1
            i = j
            if i == bytes.endIndex { break }
            guard bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            if i < bytes.endIndex, bytes[i] == UInt8(ascii: ":") {
                guard !ellipsis else { return false }
                ellipsis = true
                i += 1
                if i == bytes.endIndex { break }
            } else if i == bytes.endIndex {
                return false
            }
            guard groups < 8 else { return false }
        }
        return ellipsis ? groups < 8 : groups == 8
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }
}

/// Go's `net/mail.ParseAddress` for one address: `local@domain`, or a display name before
/// `<local@domain>`; the local part a dot-atom or quoted string, the domain a dot-atom or
/// `[literal]`.
enum SchemaMailAddress {
    private static let specials = Set("()<>[]:;@\\,\"".unicodeScalars)

    private static func isAtext(_ s: Unicode.Scalar) -> Bool {
        if s.value >= 0x80 { return true }
        return s.value >= 0x21 && s.value <= 0x7E && !specials.contains(s) && s != "."
    }

    static func parses(_ text: String) -> Bool {
        let trimmed = Substring(text).trimmingSpaces
        if addrSpec(trimmed) { return true }
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else { return false }
        let name = trimmed[..<open].trimmingSpaces
        let inner = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)]
        return addrSpec(inner.trimmingSpaces) && (name.isEmpty || phrase(name))
    }

    private static func phrase(_ text: Substring) -> Bool {
        var rest = text
        while !rest.isEmpty {
            if rest.first == "\"" {
                guard let end = quotedEnd(rest) else { return false }
                rest = rest[end...]
            } else {
                let word = rest.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
                guard !word.isEmpty, word.unicodeScalars.allSatisfy({ isAtext($0) || $0 == "." }) else { return false }
                rest = rest[word.endIndex...]
            }
            rest = rest.trimmingSpaces
        }
        return true
    }

    /// The index after a quoted string's closing quote.
    private static func quotedEnd(_ text: Substring) -> Substring.Index? {
        var i = text.index(after: text.startIndex)
        while i < text.endIndex {
            let c = text[i]
            if c == "\\" {
                i = text.index(after: i)
                guard i < text.endIndex else { return nil }
            } else if c == "\"" {
                return text.index(after: i)
            } else if c.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" }) {
                return nil
            }
            i = text.index(after: i)
        }
        return nil
    }

    private static func dotAtom(_ text: Substring) -> Bool {
        let atoms = text.split(separator: ".", omittingEmptySubsequences: false)
        return atoms.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(isAtext) }
    }

    private static func addrSpec(_ text: Substring) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        let localOK = local.first == "\"" ? quotedEnd(local) == local.endIndex : dotAtom(local)
        guard localOK, !domain.isEmpty else { return false }
        if domain.first == "[" {
            return domain.last == "]" && !domain.dropFirst().dropLast().contains { "[]\\".contains($0) }
        }
        return dotAtom(domain)
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}

/// Go's `url.Parse`, enough to say whether it fails and what scheme and path it finds.
struct SchemaURL {
    var scheme: String
    var path: String

    static func parse(_ text: String) -> SchemaURL? {
        let bytes = Array(text.utf8)
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        var rest = bytes[...]
        if let hash = rest.firstIndex(of: UInt8(ascii: "#")) {
            guard validEscapes(rest[(hash + 1)...]) else { return nil }
            rest = rest[..<hash]
        }
        if rest.elementsEqual("*".utf8) { return SchemaURL(scheme: "", path: "*") }
        var scheme = ""
        for (offset, c) in rest.enumerated() {
            let letter = (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
            let other = (0x30...0x39).contains(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            if letter { continue }
            if other { if offset == 0 { break } else { continue } }
            if c == UInt8(ascii: ":") {
                guard offset > 0 else { return nil }
                scheme = String(decoding: rest.prefix(offset), as: UTF8.self)
                rest = rest.dropFirst(offset + 1)
            }
            break
        }
        if let question = rest.firstIndex(of: UInt8(ascii: "?")) { rest = rest[..<question] }
        if rest.first != UInt8(ascii: "/") {
            if !scheme.isEmpty { return SchemaURL(scheme: scheme, path: "") }
            let segment = rest.prefix { $0 != UInt8(ascii: "/") }
            if segment.contains(UInt8(ascii: ":")) { return nil }
        }
        if (!scheme.isEmpty || !rest.starts(with: "///".utf8)) && rest.starts(with: "//".utf8) {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: UInt8(ascii: "/")) ?? afterSlashes.endIndex
            guard authority(afterSlashes[..<end]) else { return nil }
            rest = afterSlashes[end...]
        }
        guard validEscapes(rest) else { return nil }
        return SchemaURL(scheme: scheme, path: String(decoding: rest, as: UTF8.self))
    }

    private static func isHex(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x46).contains(c) || (0x61...0x66).contains(c)
    }

    private static func validEscapes(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, isHex(bytes[i + 1]), isHex(bytes[i + 2]) else { return false }
                i += 3
            } else {
                i += 1
            }
        }
        return true
    }

    private static func authority(_ bytes: ArraySlice<UInt8>) -> Bool {
        var host = bytes
        if let at = bytes.lastIndex(of: UInt8(ascii: "@")) {
            let userinfo = bytes[..<at]
            let allowed = Set("-._:~!$&'()*+,;=%@".utf8)
            guard userinfo.allSatisfy({ isAlnum($0) || allowed.contains($0) }), validEscapes(userinfo) else { return false }
            host = bytes[(at + 1)...]
        }
        if host.first == UInt8(ascii: "[") {
            guard let close = host.firstIndex(of: UInt8(ascii: "]")) else { return false }
            return validPort(host[(close + 1)...])
        }
        if let colon = host.lastIndex(of: UInt8(ascii: ":")) {
            guard validPort(host[colon...]) else { return false }
            host = host[..<colon]
        }
        let allowed = Set("-._~!$&'()*+,;=:[]<>\"%".utf8)
        return host.allSatisfy { $0 >= 0x80 || isAlnum($0) || allowed.contains($0) } && validEscapes(host)
    }

    /// Empty, or `:` and digits.
    private static func validPort(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        return first == UInt8(ascii: ":") && bytes.dropFirst().allSatisfy { (0x30...0x39).contains($0) }
    }

    private static func isAlnum(_ c: UInt8) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }
}
