/// bcrypt (`$2a$`, as `golang.org/x/crypto/bcrypt`'s `GenerateFromPassword`): the
/// expensive Blowfish key schedule over the password plus its trailing NUL, then
/// "OrpheanBeholderScryDoubt" encrypted 64 times.
enum Bcrypt {
    enum Failure: Error, CustomStringConvertible {
        case passwordTooLong
        var description: String { "bcrypt: password length exceeds 72 bytes" }
    }

    /// Go's `bcrypt.DefaultCost`.
    static let defaultCost = 10

    /// `GenerateFromPassword` with a given salt (16 bytes); random salt when nil.
    static func hash(password: [UInt8], cost: Int = defaultCost, salt: [UInt8]? = nil) throws(Failure) -> String {
        guard password.count <= 72 else { throw .passwordTooLong }
        let salt = salt ?? {
            var rng = SystemRandomNumberGenerator()
            return (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }()
        var state = Blowfish()
        let key = password + [0]
        state.expand(key: key, salt: salt)
        for _ in 0..<(1 << cost) {
            state.expand(key: key, salt: nil)
            state.expand(key: salt, salt: nil)
        }
        var text: [UInt32] = [0x4f72_7068, 0x6561_6e42, 0x6568_6f6c, 0x6465_7253, 0x6372_7944, 0x6f75_6274]
        for _ in 0..<64 {
            for i in stride(from: 0, to: 6, by: 2) { (text[i], text[i + 1]) = state.encrypt(text[i], text[i + 1]) }
        }
        var bytes = [UInt8]()
        for w in text { bytes += [UInt8(w >> 24), UInt8(w >> 16 & 0xFF), UInt8(w >> 8 & 0xFF), UInt8(w & 0xFF)] }
        let costText = cost < 10 ? "0\(cost)" : "\(cost)"
        return "$2a$\(costText)$" + encode(salt) + encode(Array(bytes.prefix(23)))
    }

    /// bcrypt's base64: its own alphabet, no padding.
    static func encode(_ bytes: [UInt8]) -> String {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var out = [UInt8]()
        var i = 0
        while i < bytes.count {
            let n = min(3, bytes.count - i)
            var v: UInt32 = 0
            for k in 0..<3 { v = v << 8 | UInt32(k < n ? bytes[i + k] : 0) }
            for k in 0..<(n + 1) { out.append(alphabet[Int(v >> UInt32(18 - 6 * k) & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The inverse of `encode` (for salts given as text); nil on a character outside the alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        let alphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var bits: UInt32 = 0, count = 0
        var out = [UInt8]()
        for c in text.utf8 {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            bits = bits << 6 | UInt32(v)
            count += 6
            if count >= 8 {
                count -= 8
                out.append(UInt8(bits >> UInt32(count) & 0xFF))
            }
        }
        return out
    }
}

/// The Blowfish cipher state (P-array and S-boxes), keyed the eksblowfish way.
struct Blowfish {
    var p = BcryptTables.p
    var s = BcryptTables.s

    @inline(__always) private func f(_ x: UInt32) -> UInt32 {
        ((s[Int(x >> 24)] &+ s[256 + Int(x >> 16 & 0xFF)]) ^ s[512 + Int(x >> 8 & 0xFF)]) &+ s[768 + Int(x & 0xFF)]
    }

    func encrypt(_ left: UInt32, _ right: UInt32) -> (UInt32, UInt32) {
        var l = left, r = right
        for i in stride(from: 0, to: 16, by: 2) {
            l ^= p[i]
            r ^= f(l)
            r ^= p[i + 1]
            l ^= f(r)
        }
        l ^= p[16]
        r ^= p[17]
        return (r, l)
    }

    /// Mixes `key` (cyclically) into the P-array, then re-derives every entry by encrypting a
    /// running block that, with a salt, is first XORed with the salt's words in turn.
    mutating func expand(key: [UInt8], salt: [UInt8]?) {
        var keyPos = 0
        func word(_ data: [UInt8], _ pos: inout Int) -> UInt32 {
            var w: UInt32 = 0
            for _ in 0..<4 {
                w = w << 8 | UInt32(data[pos])
                pos = (pos + 1) % data.count
            }
            return w
        }
        for i in 0..<18 { p[i] ^= word(key, &keyPos) }
        var l: UInt32 = 0, r: UInt32 = 0
        var saltPos = 0
        for i in stride(from: 0, to: 18, by: 2) {
            if let salt { l ^= word(salt, &saltPos); r ^= word(salt, &saltPos) }
            (l, r) = encrypt(l, r)
            p[i] = l
            p[i + 1] = r
        }
        for i in stride(from: 0, to: 1024, by: 2) {
            if let salt { l ^= word(salt, &saltPos); r ^= word(salt, &saltPos) }
            (l, r) = encrypt(l, r)
            s[i] = l
            s[i + 1] = r
        }
    }
}
