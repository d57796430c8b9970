/// A failed registry operation. The message names the registry, repository and reference, and
/// never a credential: it goes into conditions and events as is.
public struct OCIError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The reference, URL or a server-given address cannot be used.
        case invalidReference
        /// The registry refused the credentials (or there were none and it wants some).
        case unauthorized
        /// No such repository, tag, manifest or blob.
        case notFound
        /// A body over the caller's size cap.
        case tooLarge
        /// The bytes do not hash to the digest they were asked for by.
        case digestMismatch
        /// The registry answered something the distribution spec does not allow.
        case protocolError
        /// TLS could not be configured.
        case tls
        /// The registry could not be reached, timed out or broke the connection.
        case transport
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
