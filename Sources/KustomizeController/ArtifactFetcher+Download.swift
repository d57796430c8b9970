import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension ArtifactFetcher {
    /// What one attempt came to: the body, or whether trying again may help.
    enum Attempt {
        case body([UInt8])
        case retry(reason: String, after: Duration?)
    }

    /// GET with go-retryablehttp's policy: retry on connection errors, 429 and 5xx (not 501),
    /// waiting `retryWaitMin·2ⁿ` capped at `retryWaitMax`; any other status fails at once.
    func download(url: String) async throws(ArtifactFetchError) -> [UInt8] {
        var attempt = 0
        while true {
            switch try await downloadOnce(url: url) {
            case .body(let bytes):
                return bytes
            case .retry(let reason, let retryAfter):
                guard attempt < retries else {
                    throw ArtifactFetchError(.download, "failed to download artifact from \(url), \(reason) (after \(attempt + 1) attempts)")
                }
                try? await Task.sleep(for: Self.backoff(attempt: attempt, min: retryWaitMin, max: retryWaitMax, retryAfter: retryAfter))
                if Task.isCancelled {
                    throw ArtifactFetchError(.download, "failed to download artifact from \(url): cancelled")
                }
                attempt += 1
            }
        }
    }

    /// The wait before retry number `attempt + 1`: the server's `Retry-After` when it gave
    /// one, else exponential; never more than `max`.
    static func backoff(attempt: Int, min: Duration, max: Duration, retryAfter: Duration?) -> Duration {
        if let retryAfter { return Swift.min(retryAfter, max) }
        let factor = 1 << Swift.min(attempt, 30)
        return Swift.min(min * factor, max)
    }

    func downloadOnce(url: String) async throws(ArtifactFetchError) -> Attempt {
        let response: HTTPClientResponse
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            response = try await Self.client.execute(request, timeout: .init(attemptTimeout))
        } catch let error as HTTPClientError where Self.isPermanent(error) {
            throw ArtifactFetchError(.download, "failed to download artifact from \(url): \(error)")
        } catch {
            return .retry(reason: "error: \(error)", after: nil)
        }
        let status = "status: \(response.status.code) \(response.status.reasonPhrase)"
        guard response.status == .ok else {
            _ = try? await response.body.collect(upTo: 1 << 16)  // frees the connection
            if response.status == .notFound {
                throw ArtifactFetchError(.notFound, "failed to download artifact from \(url), \(status)")
            }
            let code = response.status.code
            if code == 429 || (code >= 500 && code != 501) || code == 0 {
                let after = response.headers.first(name: "Retry-After").flatMap(Int.init).map { Duration.seconds(Swift.max(0, Swift.min($0, 3600))) }
                return .retry(reason: status, after: code == 429 || code == 503 ? after : nil)
            }
            throw ArtifactFetchError(.download, "failed to download artifact from \(url), \(status)")
        }
        let limit = maxSize < 0 ? Int.max : Int(clamping: maxSize)
        if maxSize >= 0, let length = response.headers.first(name: "Content-Length").flatMap(Int64.init), length > maxSize {
            _ = try? await response.body.collect(upTo: 0)
            throw tooLarge(url)
        }
        do {
            var buffer = try await response.body.collect(upTo: limit)
            return .body(buffer.readBytes(length: buffer.readableBytes) ?? [])
        } catch is NIOTooManyBytesError {
            throw tooLarge(url)
        } catch {
            return .retry(reason: "error: \(error)", after: nil)
        }
    }

    /// One client for every fetch in the process: like `HTTPClient.shared` (browser-like
    /// configuration, never shut down, never deallocated), but a refused connection fails
    /// the attempt at once — AsyncHTTPClient would otherwise keep reconnecting until the
    /// request's deadline, and the fetcher has its own retry policy.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    func tooLarge(_ url: String) -> ArtifactFetchError {
        ArtifactFetchError(.download, "failed to download artifact from \(url): artifact is larger than the maximum download size of \(maxSize) bytes")
    }

    /// Errors that no retry can fix (go-retryablehttp does not retry a bad URL either).
    static func isPermanent(_ error: HTTPClientError) -> Bool {
        error == .invalidURL || error == .emptyScheme || error == .emptyHost || "\(error)".contains("unsupportedScheme")
    }
}
