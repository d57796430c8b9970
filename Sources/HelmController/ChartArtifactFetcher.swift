import AsyncHTTPClient
import ControllerRuntime
import Crypto
import NIOCore

/// Downloads a chart artifact (`.tgz`) from the source controller's storage by its
/// `status.artifact.url`, and refuses bytes whose SHA-256 is not the artifact's digest: a
/// release is never made from a chart other than the one the source published.
public struct ChartArtifactFetcher: Sendable {
    /// Largest chart accepted (Flux's `--helm-chart-max-size` default is 10 MiB).
    public var maxSize: Int
    public var timeout: Duration
    /// This process's own source storage: a chart of its is read from disk instead of
    /// downloaded (still checked against the digest; anything it cannot give is downloaded).
    public var local: LocalArtifacts?

    public init(maxSize: Int = 10 << 20, timeout: Duration = .seconds(60)) {
        self.maxSize = maxSize
        self.timeout = timeout
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public func fetch(url: String, digest: String?) async throws(Failure) -> [UInt8] {
        if let stored = local?.bytes(forURL: url, maxSize: maxSize), digest.map({ SHA256Hex.digest(stored) == $0 }) ?? true {
            return stored
        }
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        let bytes: [UInt8]
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .init(timeout))
            guard response.status == .ok else {
                _ = try? await response.body.collect(upTo: 1 << 16)
                throw Failure(description: "failed to download artifact from \(url), status: \(response.status.code) \(response.status.reasonPhrase)")
            }
            var buffer = try await response.body.collect(upTo: maxSize)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let failure as Failure {
            throw failure
        } catch is NIOTooManyBytesError {
            throw Failure(description: "failed to download artifact from \(url): larger than the maximum chart size of \(maxSize) bytes")
        } catch {
            throw Failure(description: "failed to download artifact from \(url): \(error)")
        }
        if let digest {
            let actual = SHA256Hex.digest(bytes)
            guard actual == digest else {
                throw Failure(description: "failed to verify artifact from \(url): computed digest \(actual) does not match \(digest)")
            }
        }
        return bytes
    }
}
