/// gojsonschema's `format` checkers, each reproducing the Go function it calls (`time.Parse`
/// with fixed layouts, `net.ParseIP`, `net/mail.ParseAddress`, `url.Parse`, a few regular
/// expressions). A format it does not know accepts every value; a known one refuses
/// non-strings.
enum SchemaFormat {
    static let known: Set<String> = [
        "date", "time", "date-time", "hostname", "email", "idn-email", "ipv4", "ipv6", "uri",
        "uri-reference", "iri", "iri-reference", "uri-template", "uuid", "regex", "json-pointer",
        "relative-json-pointer",
    ]

    static func isKnown(_ format: String) -> Bool { known.contains(format) }

    static func check(_ format: String, _ text: String) -> Bool {
        let bytes = Array(text.utf8)
        switch format {
        case "date": return parsesWhole(bytes) { $0.date() }
        case "time": return parsesWhole(bytes) { $0.time() && $0.zone() } || parsesWhole(bytes) { $0.time() }
        case "date-time":
            return parsesWhole(bytes) { $0.time() }
                || parsesWhole(bytes) { $0.time() && $0.zone() }
                || parsesWhole(bytes) { $0.date() }
                || parsesWhole(bytes) { $0.date() && $0.literal(UInt8(ascii: "T")) && $0.time() && $0.zone() }
        case "hostname": return isHostname(bytes)
        case "email", "idn-email": return SchemaMailAddress.parses(text)
        case "ipv4": return SchemaIP.parses(text) && text.contains(".")
        case "ipv6": return SchemaIP.parses(text) && text.contains(":")
        case "uri", "iri":
            guard let url = SchemaURL.parse(text), !url.scheme.isEmpty else { return false }
            return !text.contains("\\")
        case "uri-reference", "iri-reference":
            return SchemaURL.parse(text) != nil && !text.contains("\\")
        case "uri-template":
            guard let url = SchemaURL.parse(text), !text.contains("\\") else { return false }
            return bracesBalanced(url.path)
        case "uuid": return isUUID(bytes)
        case "regex": return text.isEmpty || SchemaRegex(text) != nil
        case "json-pointer": return isJSONPointer(bytes[...])
        case "relative-json-pointer": return isRelativeJSONPointer(bytes)
        default: return true
        }
    }

    private static func parsesWhole(_ bytes: [UInt8], _ body: (inout TimeScanner) -> Bool) -> Bool {
        var scanner = TimeScanner(bytes: bytes)
        return body(&scanner) && scanner.index == bytes.count
    }

    /// `^([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9\-]{0,61}[a-zA-Z0-9])(\.(…))*$`, under 256 bytes.
    private static func isHostname(_ bytes: [UInt8]) -> Bool {
        guard bytes.count < 256 else { return false }
        func alnum(_ c: UInt8) -> Bool { (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        for label in bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            guard let first = label.first, let last = label.last, label.count <= 63,
                  alnum(first), alnum(last), label.allSatisfy({ alnum($0) || $0 == UInt8(ascii: "-") }) else { return false }
        }
        return true
    }

    private static func isUUID(_ bytes: [UInt8]) -> Bool {
        let groups = [8, 4, 4, 4, 12]
        let parts = bytes.split(separator: UInt8(ascii: "-"), omittingEmptySubsequences: false)
        guard parts.count == groups.count else { return false }
        for (part, size) in zip(parts, groups) {
            guard part.count == size, part.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return false }
        }
        return true
    }

    /// `^(?:/(?:[^~/]|~0|~1)*)*$`
    private static func isJSONPointer(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        guard first == UInt8(ascii: "/") else { return false }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == UInt8(ascii: "~") {
                guard i + 1 < bytes.endIndex, bytes[i + 1] == UInt8(ascii: "0") || bytes[i + 1] == UInt8(ascii: "1") else { return false }
                i += 2
            } else {
                i += 1
            }
        }
        return true
    }

    /// `^(?:0|[1-9][0-9]*)(?:#|(?:/(?:[^~/]|~0|~1)*)*)$`
    private static func isRelativeJSONPointer(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        guard i > 0, !(bytes[0] == UInt8(ascii: "0") && i > 1) else { return false }
        let rest = bytes[i...]
        if rest.count == 1, rest.first == UInt8(ascii: "#") { return true }
        return isJSONPointer(rest)
    }

    /// `^([^{]*({[^}]*})?)*$`: braces never nest and every `{` closes.
    private static func bracesBalanced(_ path: String) -> Bool {
        var open = false
        for c in path.utf8 {
            if c == UInt8(ascii: "{") {
                if open { return false }
                open = true
            } else if c == UInt8(ascii: "}") {
                open = false
            }
        }
        return !open
    }
}

/// Go's `time.Parse` for the layouts gojsonschema uses: `2006-01-02`, `15:04:05`, `Z07:00`.
struct TimeScanner {
    let bytes: [UInt8]
    var index = 0

    private mutating func digits(_ count: ClosedRange<Int>) -> Int? {
        var value = 0
        var n = 0
        while n < count.upperBound, index < bytes.count, (0x30...0x39).contains(bytes[index]) {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
            n += 1
        }
        return count.contains(n) ? value : nil
    }

    mutating func literal(_ c: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == c else { return false }
        index += 1
        return true
    }

    mutating func date() -> Bool {
        guard let year = digits(4...4), literal(UInt8(ascii: "-")), let month = digits(2...2),
              literal(UInt8(ascii: "-")), let day = digits(2...2), (1...12).contains(month) else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day >= 1 && day <= lengths[month - 1]
    }

    /// Hour of one or two digits (Go's `15`), minutes and seconds of two, then an optional
    /// fraction Go accepts even when the layout has none.
    mutating func time() -> Bool {
        guard let hour = digits(1...2), hour < 24, literal(UInt8(ascii: ":")), let minute = digits(2...2), minute < 60,
              literal(UInt8(ascii: ":")), let second = digits(2...2), second < 60 else { return false }
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ","),
           (0x30...0x39).contains(bytes[index + 1]) {
            index += 1
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
        }
        return true
    }

    /// `Z` or `±hh:mm`.
    mutating func zone() -> Bool {
        if literal(UInt8(ascii: "Z")) { return true }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return false }
        index += 1
        guard let hour = digits(2...2), literal(UInt8(ascii: ":")), let minute = digits(2...2) else { return false }
        return hour <= 24 && minute <= 60
    }
}
