import Testing

@testable import Archive

/// Artifacts are fetched over the network and built from repositories: every tar header field
/// and every gzip stream is hostile. Each case is an `Error` with a message, never a trap.
@Suite struct TarReaderHostileTests {
    /// One 512-byte ustar header with the given fields (checksum left blank: the reader does
    /// not rely on it).
    static func header(name: String = "f", size: [UInt8]? = nil, sizeText: String = "00000000000", type: UInt8 = UInt8(ascii: "0")) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 512)
        h.replaceSubrange(0..<name.utf8.count, with: Array(name.utf8))
        h.replaceSubrange(100..<107, with: Array("0000644".utf8))
        let sizeBytes = size ?? Array(sizeText.utf8)
        h.replaceSubrange(124..<(124 + sizeBytes.count), with: sizeBytes)
        h[156] = type
        h.replaceSubrange(257..<262, with: Array("ustar".utf8))
        return h
    }

    static func pax(_ records: String, then entry: [UInt8] = header()) -> [UInt8] {
        let body = Array(records.utf8)
        let size = String(body.count, radix: 8)
        let h = header(name: "pax", sizeText: String(repeating: "0", count: 11 - size.count) + size, type: UInt8(ascii: "x"))
        return h + body + [UInt8](repeating: 0, count: Tar.padding(body.count)) + entry + Tar.trailer
    }

    static let base256Huge: [UInt8] = [0x80] + [UInt8](repeating: 0xFF, count: 11)
    static let base256Negative: [UInt8] = [0xFF] + [UInt8](repeating: 0xFF, count: 11)

    static let hostile: [(String, [UInt8], String)] = [
        ("octal size past the archive", header(sizeText: "77777777777") + Tar.trailer,
         "truncated tar entry 'f': it claims 8589934591 bytes, 1024 remain"),
        ("size not octal", header(sizeText: "9999x") + Tar.trailer, "tar entry 'f': size is not an octal number"),
        ("base-256 size past 64 bits", header(size: base256Huge) + Tar.trailer, "tar entry 'f': size out of range"),
        ("negative base-256 size", header(size: base256Negative) + Tar.trailer, "tar entry 'f': negative size"),
        ("pax size past 64 bits", pax("29 size=99999999999999999999\n"), "tar entry 'pax': pax size '99999999999999999999' is not a size"),
        ("negative pax size", pax("13 size=-100\n"), "tar entry 'pax': pax size '-100' is not a size"),
        ("pax size past the archive", pax("25 size=9223372036854775\n"),
         "truncated tar entry 'f': it claims 9223372036854775 bytes, 1024 remain"),
        ("pax record length overflows", pax("99999999999999999999 size=1\n"), "tar entry 'pax': invalid pax record at byte 0"),
        ("pax record length past the block", pax("90 path=x\n"), "tar entry 'pax': invalid pax record at byte 0"),
        ("pax record shorter than its length field", pax("1 path=x\n"), "tar entry 'pax': invalid pax record at byte 0"),
        ("pax record with a sign", pax("-5 path=x\n"), "tar entry 'pax': invalid pax record at byte 0"),
        ("long name claiming gigabytes", header(name: "././@LongLink", sizeText: "17777777777", type: UInt8(ascii: "L")) + Tar.trailer,
         "truncated tar entry '././@LongLink': it claims 2147483647 bytes, 1024 remain"),
        ("long name over 1 MiB", header(name: "././@LongLink", sizeText: "00004000001", type: UInt8(ascii: "L"))
            + [UInt8](repeating: 0x61, count: (1 << 20) + 1 + 511) + Tar.trailer,
         "tar entry '././@LongLink': 1048577-byte extended header exceeds 1048576 bytes"),
        ("archive ending inside a header", Array(header().prefix(300)), "truncated tar archive: a header ends after 300 bytes"),
    ]

    @Test(arguments: hostile)
    func hostileHeadersAreErrors(what: String, archive: [UInt8], message: String) {
        #expect(throws: TarReader.Error(description: message), "\(what)") { try TarReader.entries(archive) }
    }

    @Test func wellFormedPaxStillReads() throws {
        let entries = try TarReader.entries(Self.pax("12 path=a/b\n", then: Self.header(sizeText: "00000000000")))
        #expect(entries.map(\.path) == ["a/b"])
    }

    @Test func zeroPaddingAfterTheTrailerIsFine() throws {
        #expect(try TarReader.entries(Self.header() + Tar.trailer + [UInt8](repeating: 0, count: 100)).count == 1)
    }

    /// A gzip bomb (16 MiB of zeros in ~16 KiB) stops at the cap.
    @Test func gzipBombStopsAtTheCap() throws {
        var compressed: [UInt8] = []
        let writer = try GzipWriter(level: 9) { compressed += $0 }
        let chunk = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<16 { try writer.write(chunk) }
        try writer.finish()
        #expect {
            try Gunzip.decompress(compressed, maxSize: 1 << 20)
        } throws: { error in
            guard let error = error as? Gunzip.Error else { return false }
            return error.exceededMaxSize && error.description == "decompressed size exceeds 1048576 bytes"
        }
        #expect(try Gunzip.decompress(compressed, maxSize: 16 << 20).count == 16 << 20)
    }

    @Test(arguments: [[UInt8](), [0x1f, 0x8b], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 0xde, 0xad], [UInt8](repeating: 0xff, count: 64)])
    func corruptGzipIsAnError(bytes: [UInt8]) {
        #expect(throws: Gunzip.Error.self) { try Gunzip.decompress(bytes, maxSize: 1 << 20) }
    }
}
