import Crypto

/// scrypt (RFC 7914) over PBKDF2-HMAC-SHA256, for `derivePassword` (Master Password uses
/// N=32768, r=8, p=2: 32 MiB of scratch memory per call, freed before returning).
enum CryptoScrypt {
    enum Failure: Error { case badParameters }

    /// `scrypt.Key(password, salt, n, r, p, length)`. `n` must be a power of two above 1.
    static func key(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, length: Int) throws(Failure) -> [UInt8] {
        guard n > 1, n & (n - 1) == 0, r > 0, p > 0, r * p < 1 << 30, n <= 1 << 20, r <= 64, p <= 64 else {
            throw .badParameters
        }
        let blockWords = 32 * r
        var b = pbkdf2(password: password, salt: salt, length: p * 128 * r)
        var words = [UInt32](repeating: 0, count: p * blockWords)
        for i in 0..<words.count {
            words[i] = UInt32(b[4 * i]) | UInt32(b[4 * i + 1]) << 8 | UInt32(b[4 * i + 2]) << 16 | UInt32(b[4 * i + 3]) << 24
        }
        let v = UnsafeMutablePointer<UInt32>.allocate(capacity: n * blockWords)
        defer { v.deallocate() }
        let scratch = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * blockWords)
        defer { scratch.deallocate() }
        words.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for i in 0..<p {
                roMix(base + i * blockWords, r: r, n: n, v: v, scratch: scratch)
            }
        }
        for i in 0..<words.count {
            let w = words[i]
            b[4 * i] = UInt8(truncatingIfNeeded: w)
            b[4 * i + 1] = UInt8(truncatingIfNeeded: w >> 8)
            b[4 * i + 2] = UInt8(truncatingIfNeeded: w >> 16)
            b[4 * i + 3] = UInt8(truncatingIfNeeded: w >> 24)
        }
        return pbkdf2(password: password, salt: b, length: length)
    }

    /// PBKDF2-HMAC-SHA256 with one iteration (all scrypt needs).
    static func pbkdf2(password: [UInt8], salt: [UInt8], length: Int) -> [UInt8] {
        let key = SymmetricKey(data: password)
        var out = [UInt8]()
        out.reserveCapacity(length + 32)
        var index: UInt32 = 1
        while out.count < length {
            var mac = HMAC<SHA256>(key: key)
            mac.update(data: salt)
            mac.update(data: [UInt8(index >> 24), UInt8(index >> 16 & 0xFF), UInt8(index >> 8 & 0xFF), UInt8(index & 0xFF)])
            out.append(contentsOf: mac.finalize())
            index += 1
        }
        return Array(out.prefix(length))
    }

    private static func roMix(_ x: UnsafeMutablePointer<UInt32>, r: Int, n: Int, v: UnsafeMutablePointer<UInt32>,
                              scratch: UnsafeMutablePointer<UInt32>) {
        let words = 32 * r
        for i in 0..<n {
            (v + i * words).update(from: x, count: words)
            blockMix(x, r: r, scratch: scratch)
        }
        let mask = UInt32(n - 1)
        for _ in 0..<n {
            let j = Int(x[(2 * r - 1) * 16] & mask)
            let vj = v + j * words
            for k in 0..<words { x[k] ^= vj[k] }
            blockMix(x, r: r, scratch: scratch)
        }
    }

    /// BlockMix with Salsa20/8; `scratch` holds 2·32r words.
    private static func blockMix(_ b: UnsafeMutablePointer<UInt32>, r: Int, scratch: UnsafeMutablePointer<UInt32>) {
        let y = scratch
        let last = b + (2 * r - 1) * 16
        var t: State = (last[0], last[1], last[2], last[3], last[4], last[5], last[6], last[7],
                        last[8], last[9], last[10], last[11], last[12], last[13], last[14], last[15])
        for i in 0..<(2 * r) {
            let bi = b + i * 16
            t.0 ^= bi[0]; t.1 ^= bi[1]; t.2 ^= bi[2]; t.3 ^= bi[3]
            t.4 ^= bi[4]; t.5 ^= bi[5]; t.6 ^= bi[6]; t.7 ^= bi[7]
            t.8 ^= bi[8]; t.9 ^= bi[9]; t.10 ^= bi[10]; t.11 ^= bi[11]
            t.12 ^= bi[12]; t.13 ^= bi[13]; t.14 ^= bi[14]; t.15 ^= bi[15]
            salsa8(&t)
            // Even blocks go to the first half, odd ones to the second.
            let out = y + ((i & 1) * r + i / 2) * 16
            out[0] = t.0; out[1] = t.1; out[2] = t.2; out[3] = t.3
            out[4] = t.4; out[5] = t.5; out[6] = t.6; out[7] = t.7
            out[8] = t.8; out[9] = t.9; out[10] = t.10; out[11] = t.11
            out[12] = t.12; out[13] = t.13; out[14] = t.14; out[15] = t.15
        }
        b.update(from: y, count: 32 * r)
    }

    typealias State = (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32,
                       UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32)

    @inline(__always) private static func rotl(_ v: UInt32, _ c: UInt32) -> UInt32 { v << c | v >> (32 - c) }

    /// The Salsa20/8 core, in place (input added to the rounds' output).
    private static func salsa8(_ s: inout State) {
        var (x0, x1, x2, x3, x4, x5, x6, x7) = (s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7)
        var (x8, x9, x10, x11, x12, x13, x14, x15) = (s.8, s.9, s.10, s.11, s.12, s.13, s.14, s.15)
        for _ in 0..<4 {
            x4 ^= rotl(x0 &+ x12, 7); x8 ^= rotl(x4 &+ x0, 9); x12 ^= rotl(x8 &+ x4, 13); x0 ^= rotl(x12 &+ x8, 18)
            x9 ^= rotl(x5 &+ x1, 7); x13 ^= rotl(x9 &+ x5, 9); x1 ^= rotl(x13 &+ x9, 13); x5 ^= rotl(x1 &+ x13, 18)
            x14 ^= rotl(x10 &+ x6, 7); x2 ^= rotl(x14 &+ x10, 9); x6 ^= rotl(x2 &+ x14, 13); x10 ^= rotl(x6 &+ x2, 18)
            x3 ^= rotl(x15 &+ x11, 7); x7 ^= rotl(x3 &+ x15, 9); x11 ^= rotl(x7 &+ x3, 13); x15 ^= rotl(x11 &+ x7, 18)
            x1 ^= rotl(x0 &+ x3, 7); x2 ^= rotl(x1 &+ x0, 9); x3 ^= rotl(x2 &+ x1, 13); x0 ^= rotl(x3 &+ x2, 18)
            x6 ^= rotl(x5 &+ x4, 7); x7 ^= rotl(x6 &+ x5, 9); x4 ^= rotl(x7 &+ x6, 13); x5 ^= rotl(x4 &+ x7, 18)
            x11 ^= rotl(x10 &+ x9, 7); x8 ^= rotl(x11 &+ x10, 9); x9 ^= rotl(x8 &+ x11, 13); x10 ^= rotl(x9 &+ x8, 18)
            x12 ^= rotl(x15 &+ x14, 7); x13 ^= rotl(x12 &+ x15, 9); x14 ^= rotl(x13 &+ x12, 13); x15 ^= rotl(x14 &+ x13, 18)
        }
        s.0 &+= x0; s.1 &+= x1; s.2 &+= x2; s.3 &+= x3; s.4 &+= x4; s.5 &+= x5; s.6 &+= x6; s.7 &+= x7
        s.8 &+= x8; s.9 &+= x9; s.10 &+= x10; s.11 &+= x11; s.12 &+= x12; s.13 &+= x13; s.14 &+= x14; s.15 &+= x15
    }
}
