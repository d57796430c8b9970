import Archive
import ControllerRuntime
import AsyncHTTPClient
import Crypto
import Foundation

/// Fetches a source's artifact the way kustomize-controller does (`fluxcd/pkg/http/fetch`):
/// HTTP GET with retries, digest check, then a safe extraction into a directory.
///
/// Values only: the HTTP connection pool is one process-wide client that lives as long as
/// the process (as `HTTPClient.shared` does), so there is nothing to shut down and fetchers
/// can be made per reconcile.
public struct ArtifactFetcher: Sendable {
    /// Retries after the first attempt, on network errors, 429 and 5xx (not 501), as
    /// `go-retryablehttp` does; Flux's `--http-retry` (default 9).
    public var retries: Int
    /// Largest compressed artifact accepted; a longer body is cut off and refused. Negative:
    /// no limit (Flux's `UnlimitedUntarSize`, which kustomize-controller uses).
    public var maxSize: Int64
    /// Largest sum of file sizes accepted once unpacked; the gzip stream itself is
    /// abandoned when it inflates past twice this (headers, padding), so a gzip bomb cannot
    /// exhaust memory. Negative: no limit.
    public var maxUntarSize: Int64
    /// The first wait between attempts; it doubles up to `retryWaitMax` (go-retryablehttp's
    /// 1 s and 30 s). A `Retry-After` in seconds on 429/503 is honoured within the same cap.
    public var retryWaitMin: Duration = .seconds(1)
    public var retryWaitMax: Duration = .seconds(30)
    /// Deadline of one attempt, from request to the last byte of the body.
    public var attemptTimeout: Duration = .seconds(120)
    /// This process's own source storage: an artifact of its is read from disk instead of
    /// downloaded (still checked against `digest`; anything it cannot give is downloaded).
    public var local: LocalArtifacts?

    public init(retries: Int = 9, maxSize: Int64 = 50 << 20 /* compressed */, maxUntarSize: Int64 = 100 << 20) {
        self.retries = max(0, retries)
        self.maxSize = maxSize
        self.maxUntarSize = maxUntarSize
    }

    /// Downloads `url` (HTTP GET with retries on network errors and 5xx, with backoff),
    /// checks `digest` ("sha256:<hex>", also sha384/sha512, when given), and extracts the
    /// tar.gz into `directory` (created, with its parents, when missing).
    ///
    /// Extraction refuses absolute paths and `..` escapes, links other than symlinks, and
    /// symlinks that are absolute or resolve outside `directory`; regular files get 0o755
    /// when any execute bit is set and 0o644 otherwise. On an extraction error the directory
    /// may hold part of the archive (never a symlink that leaves it): the caller removes it.
    public func fetch(url: String, digest: String?, into directory: String) async throws(ArtifactFetchError) {
        let bytes: [UInt8]
        if let stored = local?.bytes(forURL: url, maxSize: maxSize < 0 ? nil : Int(clamping: maxSize)), Self.isIntact(stored, digest: digest) {
            bytes = stored
        } else {
            bytes = try await download(url: url)
            if let digest { try Self.verify(bytes, digest: digest) }
        }
        let tar: [UInt8]
        do {
            tar = try Gunzip.decompress(bytes, maxSize: maxUntarSize < 0 || maxUntarSize > Int64(Int.max / 2) ? nil : Int(maxUntarSize) * 2)
        } catch {
            throw error.exceededMaxSize
                ? .extract("artifact exceeds the maximum extracted size of \(maxUntarSize) bytes")
                : .extract(error.description)
        }
        let entries: [TarEntry]
        do {
            entries = try TarReader.entries(tar)
        } catch {
            throw .extract(error.description)
        }
        let plan = try ExtractionPlan(entries: entries, maxSize: maxUntarSize)
        try plan.apply(into: directory)
    }

    /// Whether `bytes` match `digest` (any bytes when there is none).
    static func isIntact(_ bytes: [UInt8], digest: String?) -> Bool {
        guard let digest else { return true }
        do { try verify(bytes, digest: digest) } catch { return false }
        return true
    }

    /// Checks `bytes` against an OCI-style digest, `<algorithm>:<hex>`.
    static func verify(_ bytes: [UInt8], digest: String) throws(ArtifactFetchError) {
        let parts = digest.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, !parts[1].isEmpty, parts[1].allSatisfy(\.isHexDigit) else {
            throw ArtifactFetchError(.verify, "failed to verify artifact: invalid digest '\(digest)'")
        }
        let computed: String
        switch parts[0] {
        case "sha256": computed = SHA256.hash(data: bytes).hex
        case "sha384": computed = SHA384.hash(data: bytes).hex
        case "sha512": computed = SHA512.hash(data: bytes).hex
        default: throw ArtifactFetchError(.verify, "failed to verify artifact: unsupported digest algorithm '\(parts[0])'")
        }
        guard computed == parts[1].lowercased() else {
            throw ArtifactFetchError(.verify, "failed to verify artifact: computed digest doesn't match '\(digest)'")
        }
    }
}

extension Digest {
    var hex: String { map { String($0, radix: 16).leftPadded }.joined() }
}

extension String {
    fileprivate var leftPadded: String { count == 1 ? "0" + self : self }
}
