import Archive
import Sprig

/// The record inside the storage object: Helm's `encodeRelease`/`decodeRelease`.
/// Written: base64(gzip(JSON)). Read: base64, then gunzip when the gzip magic leads (older
/// Helm 3 releases stored plain JSON), then JSON.
extension ReleaseStorage {
    /// The largest record read or written, decompressed (64 MiB). Kubernetes caps a Secret at
    /// 1 MiB, so only a decompression bomb or a forged object reaches it.
    public static let maximumRecordSize = 64 << 20

    static let gzipMagic: [UInt8] = [0x1f, 0x8b, 0x08]

    /// The text Helm puts in the Secret's `release` key (the Secret's wire JSON holds it
    /// base64-encoded once more).
    public static func encodeRecord(_ release: Release) throws(ReleaseStorageError) -> String {
        let json = try release.jsonBytes()
        guard json.count <= maximumRecordSize else {
            throw ReleaseStorageError(.tooLarge, "release \(release.name) v\(release.version) is \(json.count) bytes of JSON, more than \(maximumRecordSize)")
        }
        return GoBase64.encode(try gzip(json))
    }

    /// Helm's `decodeRelease`: the text of the Secret's `release` key.
    public static func decodeRecord(_ text: String) throws(ReleaseStorageError) -> Release {
        // Base64 of a record at the limit, with room for line breaks: anything longer is refused
        // before it is decoded.
        guard text.utf8.count <= maximumRecordSize / 3 * 4 + maximumRecordSize / 32 + 8 else {
            throw ReleaseStorageError(.tooLarge, "release record is larger than \(maximumRecordSize) bytes")
        }
        guard var bytes = GoBase64.decode(text) else {
            throw ReleaseStorageError(.malformed, "release record is not valid base64")
        }
        guard !bytes.isEmpty else { throw ReleaseStorageError(.malformed, "release record is empty") }
        if bytes.count >= 3, Array(bytes.prefix(3)) == gzipMagic {
            do throws(Gunzip.Error) {
                bytes = try Gunzip.decompress(bytes, maxSize: maximumRecordSize)
            } catch {
                if error.exceededMaxSize {
                    throw ReleaseStorageError(.tooLarge, "release record decompresses to more than \(maximumRecordSize) bytes")
                }
                throw ReleaseStorageError(.malformed, "release record: \(error.description)")
            }
        } else if bytes.count > maximumRecordSize {
            throw ReleaseStorageError(.tooLarge, "release record is larger than \(maximumRecordSize) bytes")
        }
        do throws(ReleaseStorageError) {
            return try Release(json: bytes)
        } catch {
            throw error.context("release record")
        }
    }

    /// Gzip at best compression, with the header Go's `gzip.NewWriterLevel(_, BestCompression)`
    /// writes (no name, mtime 0, XFL 2, OS unknown). The deflate stream is zlib's, not Go's, so
    /// the bytes differ from Helm's; every gzip reader, Helm's included, reads either.
    static func gzip(_ bytes: [UInt8]) throws(ReleaseStorageError) -> [UInt8] {
        do {
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count / 4 + 64)
            let writer = try GzipWriter(level: 9) { out.append(contentsOf: $0) }
            try writer.write(bytes)
            try writer.finish()
            if out.count > 8 { out[8] = 2 }  // XFL: "maximum compression", as Go marks it
            return out
        } catch {
            throw ReleaseStorageError(.unencodable, "gzip: \(error)")
        }
    }
}
