/// Just enough DER for certificates and key files: a writer for the shapes Go's
/// `crypto/x509` emits, and a reader that walks TLVs without trusting lengths.
enum ASN1 {
    // Universal tags.
    static let boolean: UInt8 = 0x01, integer: UInt8 = 0x02, bitString: UInt8 = 0x03, octetString: UInt8 = 0x04
    static let null: UInt8 = 0x05, oid: UInt8 = 0x06, utf8String: UInt8 = 0x0C, printableString: UInt8 = 0x13
    static let ia5String: UInt8 = 0x16, utcTime: UInt8 = 0x17, generalizedTime: UInt8 = 0x18
    static let sequence: UInt8 = 0x30, set: UInt8 = 0x31

    /// Tag, definite length, contents.
    static func tlv(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
        var out = [tag]
        let n = content.count
        if n < 128 {
            out.append(UInt8(n))
        } else {
            var len = [UInt8]()
            var v = n
            while v > 0 { len.insert(UInt8(v & 0xFF), at: 0); v >>= 8 }
            out.append(0x80 | UInt8(len.count))
            out += len
        }
        return out + content
    }

    static func seq(_ parts: [UInt8]...) -> [UInt8] { tlv(sequence, parts.flatMap { $0 }) }

    /// A non-negative INTEGER from big-endian magnitude bytes: leading zeros trimmed, a zero
    /// byte added when the top bit is set.
    static func unsignedInteger(_ magnitude: [UInt8]) -> [UInt8] {
        var m = Array(magnitude.drop { $0 == 0 })
        if m.isEmpty { m = [0] }
        if m[0] & 0x80 != 0 { m.insert(0, at: 0) }
        return tlv(integer, m)
    }

    static func int(_ v: Int) -> [UInt8] {
        var bytes = [UInt8]()
        var x = v
        repeat { bytes.insert(UInt8(truncatingIfNeeded: x), at: 0); x >>= 8 } while x != 0 && x != -1
        if v >= 0 && bytes[0] & 0x80 != 0 { bytes.insert(0, at: 0) }
        if v < 0 && bytes[0] & 0x80 == 0 { bytes.insert(0xFF, at: 0) }
        return tlv(integer, bytes)
    }

    /// An OBJECT IDENTIFIER from its dotted arcs.
    static func objectID(_ arcs: [UInt]) -> [UInt8] {
        var out = [UInt8(arcs[0] * 40 + arcs[1])]
        for arc in arcs.dropFirst(2) {
            var chunk = [UInt8(arc & 0x7F)]
            var v = arc >> 7
            while v > 0 { chunk.insert(UInt8(v & 0x7F) | 0x80, at: 0); v >>= 7 }
            out += chunk
        }
        return tlv(oid, out)
    }

    static func bits(_ bytes: [UInt8], unused: UInt8 = 0) -> [UInt8] { tlv(bitString, [unused] + bytes) }
    static func octets(_ bytes: [UInt8]) -> [UInt8] { tlv(octetString, bytes) }

    /// Context-specific tag `n`, constructed (explicit) or primitive (implicit).
    static func context(_ n: UInt8, constructed: Bool, _ content: [UInt8]) -> [UInt8] {
        tlv(0x80 | (constructed ? 0x20 : 0) | n, content)
    }

    /// One element read from DER.
    struct Element {
        var tag: UInt8
        /// The contents.
        var body: ArraySlice<UInt8>
        /// Tag, length and contents: the element's exact encoding.
        var raw: ArraySlice<UInt8>
    }

    struct Malformed: Error {}

    /// The element at the start of `data` and what follows it.
    static func read(_ data: ArraySlice<UInt8>) throws(Malformed) -> (Element, rest: ArraySlice<UInt8>) {
        var i = data.startIndex
        guard i < data.endIndex else { throw Malformed() }
        let tag = data[i]
        guard tag & 0x1F != 0x1F else { throw Malformed() }  // multi-byte tags are not used here
        i += 1
        guard i < data.endIndex else { throw Malformed() }
        var length = Int(data[i])
        i += 1
        if length & 0x80 != 0 {
            let n = length & 0x7F
            guard n >= 1, n <= 4, data.endIndex - i >= n else { throw Malformed() }
            length = 0
            for _ in 0..<n { length = length << 8 | Int(data[i]); i += 1 }
        }
        guard length <= data.endIndex - i else { throw Malformed() }
        let end = i + length
        return (Element(tag: tag, body: data[i..<end], raw: data[data.startIndex..<end]), data[end...])
    }

    /// The children of a constructed element.
    static func children(_ body: ArraySlice<UInt8>) throws(Malformed) -> [Element] {
        var out = [Element]()
        var rest = body
        while !rest.isEmpty {
            let (e, r) = try read(rest)
            out.append(e)
            rest = r
            if out.count > 10_000 { throw Malformed() }
        }
        return out
    }
}

/// Go's `encoding/pem`: `-----BEGIN TYPE-----`, base64 in 64-column lines, `-----END TYPE-----`.
enum X509PEM {
    static func encode(type: String, der: [UInt8]) -> String {
        let b64 = Array(CryptoEncoding.base64Encode(der).utf8)
        var out = "-----BEGIN \(type)-----\n"
        var i = 0
        while i < b64.count {
            out += String(decoding: b64[i..<min(i + 64, b64.count)], as: UTF8.self) + "\n"
            i += 64
        }
        return out + "-----END \(type)-----\n"
    }

    /// The first PEM block of `text` (`pem.Decode`, without headers support): type and bytes.
    static func decode(_ text: String) -> (type: String, der: [UInt8])? {
        guard let begin = text.range(of: "-----BEGIN ") else { return nil }
        let afterBegin = text[begin.upperBound...]
        guard let typeEnd = afterBegin.range(of: "-----") else { return nil }
        let type = String(afterBegin[..<typeEnd.lowerBound])
        let body = afterBegin[typeEnd.upperBound...]
        guard let end = body.range(of: "-----END \(type)-----") else { return nil }
        let b64 = body[..<end.lowerBound].filter { !$0.isWhitespace }
        guard case .success(let der) = CryptoEncoding.base64Decode(String(b64)) else { return nil }
        return (type, der)
    }
}
