/// Go's `encoding/base64.StdEncoding` and `encoding/base32.StdEncoding`, with Go's decoding
/// rules and error offsets: Sprig's `b64dec` and `b32dec` print the error text
/// (`illegal base64 data at input byte 0`) instead of failing, so the offsets are user-visible.
enum CryptoEncoding {
    /// `base64.StdEncoding.EncodeToString`.
    static func base64Encode(_ bytes: some Collection<UInt8>) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let a = it.next() {
            let b = it.next(), c = it.next()
            let v = UInt32(a) << 16 | UInt32(b ?? 0) << 8 | UInt32(c ?? 0)
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(b == nil ? UInt8(ascii: "=") : alphabet[Int(v >> 6 & 63)])
            out.append(c == nil ? UInt8(ascii: "=") : alphabet[Int(v & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let base64Map: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            map[Int(c)] = UInt8(i)
        }
        return map
    }()

    /// `base64.StdEncoding.DecodeString`: CR and LF are skipped anywhere; padding is required;
    /// the error names the offending byte's offset in the input, as Go's `CorruptInputError`.
    static func base64Decode(_ text: String) -> Result<[UInt8], GoEncodingError> {
        let src = Array(text.utf8)
        var out = [UInt8]()
        out.reserveCapacity(src.count / 4 * 3)
        var si = 0
        let pad = UInt8(ascii: "=")
        func isNewline(_ c: UInt8) -> Bool { c == 10 || c == 13 }
        while true {
            var quantum = [UInt8](repeating: 0, count: 4)
            var length = 4
            var trailingError: Int?
            var j = 0
            quantumLoop: while j < 4 {
                if si == src.count {
                    if j == 0 { return .success(out) }
                    return .failure(.base64(si - j))
                }
                let c = src[si]
                si += 1
                let v = base64Map[Int(c)]
                if v != 0xFF { quantum[j] = v; j += 1; continue }
                if isNewline(c) { continue }
                if c != pad { return .failure(.base64(si - 1)) }
                // Padding: only after two or three data characters, and nothing may follow it.
                switch j {
                case 0, 1: return .failure(.base64(si - 1))
                case 2:
                    while si < src.count && isNewline(src[si]) { si += 1 }
                    if si == src.count { return .failure(.base64(src.count)) }
                    if src[si] != pad { return .failure(.base64(si - 1)) }
                    si += 1
                default: break
                }
                while si < src.count && isNewline(src[si]) { si += 1 }
                if si < src.count { trailingError = si }
                length = j
                break quantumLoop
            }
            let v = UInt32(quantum[0]) << 18 | UInt32(quantum[1]) << 12 | UInt32(quantum[2]) << 6 | UInt32(quantum[3])
            let bytes = [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            out.append(contentsOf: bytes[0..<(length - 1)])
            if let offset = trailingError { return .failure(.base64(offset)) }
            if length < 4 { return .success(out) }
        }
    }

    /// `base32.StdEncoding.EncodeToString`.
    static func base32Encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 4) / 5 * 8)
        var i = 0
        while i < bytes.count {
            let n = min(5, bytes.count - i)
            var block: UInt64 = 0
            for k in 0..<5 { block = block << 8 | UInt64(k < n ? bytes[i + k] : 0) }
            let chars = [0, 2, 4, 5, 7, 8][n]
            for k in 0..<8 {
                out.append(k < chars ? alphabet[Int(block >> UInt64(35 - 5 * k) & 31)] : UInt8(ascii: "="))
            }
            i += 5
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let base32Map: [UInt8] = {
        var map = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8.enumerated() { map[Int(c)] = UInt8(i) }
        return map
    }()

    /// `base32.StdEncoding.DecodeString`: newlines are removed first, so error offsets count
    /// the input without them; padding must complete each 8-character block.
    static func base32Decode(_ text: String) -> Result<[UInt8], GoEncodingError> {
        let src = Array(text.utf8).filter { $0 != 10 && $0 != 13 }
        let total = src.count
        var pos = 0
        var out = [UInt8]()
        var end = false
        let pad = UInt8(ascii: "=")
        while pos < total && !end {
            var block = [UInt8](repeating: 0, count: 8)
            var length = 8
            var j = 0
            while j < 8 {
                if pos == total { return .failure(.base32(total - j)) }
                let c = src[pos]
                pos += 1
                let remaining = total - pos
                if c == pad && j >= 2 && remaining < 8 {
                    if remaining + j < 7 { return .failure(.base32(total)) }
                    for k in 0..<(7 - j) where remaining > k && src[pos + k] != pad {
                        return .failure(.base32(pos + k - 1))
                    }
                    length = j
                    end = true
                    if length == 1 || length == 3 || length == 6 { return .failure(.base32(pos - 1)) }
                    break
                }
                let v = base32Map[Int(c)]
                if v == 0xFF { return .failure(.base32(pos - 1)) }
                block[j] = v
                j += 1
            }
            var bits: UInt64 = 0
            for k in 0..<8 { bits = bits << 5 | UInt64(block[k]) }
            let produced = [0, 0, 1, 0, 2, 3, 0, 4, 5][length]
            for k in 0..<produced { out.append(UInt8(bits >> UInt64(32 - 8 * k) & 0xFF)) }
        }
        return .success(out)
    }
}

/// Go's `base64.CorruptInputError` / `base32.CorruptInputError`.
enum GoEncodingError: Error, CustomStringConvertible {
    case base64(Int)
    case base32(Int)
    var description: String {
        switch self {
        case .base64(let at): return "illegal base64 data at input byte \(at)"
        case .base32(let at): return "illegal base32 data at input byte \(at)"
        }
    }
}
