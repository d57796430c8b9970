import Crypto
import _CryptoExtras
import Foundation

/// The GitHub App named by a GitRepository Secret with `provider: github` (Flux's keys):
/// `githubAppID`, exactly one of `githubAppInstallationID` and `githubAppInstallationOwner` (an
/// organization or user the App is installed on, looked up), `githubAppPrivateKey` (the App's
/// PEM RSA key) and optional `githubAppBaseURL` (a GitHub Enterprise API, e.g.
/// `https://ghe.example.com/api/v3`; default `https://api.github.com`).
///
/// The key is parsed once here; it never appears in an error, and neither does the JWT made from it.
public struct GitHubApp: Sendable {
    public enum Installation: Hashable, Sendable {
        case id(Int64)
        /// Looked up as an organization's installation, then as a user's (Flux's order).
        case owner(String)
    }

    public static let appIDKey = "githubAppID"
    public static let installationIDKey = "githubAppInstallationID"
    public static let installationOwnerKey = "githubAppInstallationOwner"
    public static let privateKeyKey = "githubAppPrivateKey"
    public static let baseURLKey = "githubAppBaseURL"
    public static let defaultBaseURL = "https://api.github.com"
    /// The git user name that goes with an installation token (the token is the password).
    public static let accessTokenUsername = "x-access-token"

    public var appID: Int64
    public var installation: Installation
    /// The API base without a trailing slash.
    public var baseURL: String
    let key: _RSA.Signing.PrivateKey
    /// Identifies (app, installation, base URL, key) for the token cache without holding the key as text.
    let cacheKey: String

    /// Whether a Secret carries any GitHub App field: Flux's test for "provider should have been github".
    public static func hasAppData(_ secret: [String: [UInt8]]?) -> Bool {
        guard let secret else { return false }
        return [appIDKey, installationIDKey, installationOwnerKey, privateKeyKey, baseURLKey].contains { secret[$0] != nil }
    }

    public init(secret: [String: [UInt8]]) throws(GitHubAppError) {
        func text(_ key: String) -> String? {
            guard let bytes = secret[key] else { return nil }
            let value = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        guard let idText = text(Self.appIDKey) else {
            throw GitHubAppError(.invalidSecret, "'\(Self.appIDKey)' must be set to use GitHub App authentication")
        }
        guard let appID = Int64(idText), appID > 0 else {
            throw GitHubAppError(.invalidSecret, "'\(Self.appIDKey)' must be a positive number, not '\(idText.prefix(40))'")
        }
        switch (text(Self.installationIDKey), text(Self.installationOwnerKey)) {
        case (nil, nil):
            throw GitHubAppError(.invalidSecret, "one of '\(Self.installationIDKey)' and '\(Self.installationOwnerKey)' must be set to use GitHub App authentication")
        case (.some, .some):
            throw GitHubAppError(.invalidSecret, "only one of '\(Self.installationIDKey)' and '\(Self.installationOwnerKey)' may be set")
        case (let id?, nil):
            guard let number = Int64(id), number > 0 else {
                throw GitHubAppError(.invalidSecret, "'\(Self.installationIDKey)' must be a positive number, not '\(id.prefix(40))'")
            }
            installation = .id(number)
        case (nil, let owner?):
            // A GitHub login: letters, digits, '-' (and '_' '.' for Enterprise), used in a URL path.
            guard owner.count <= 100, owner.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
                throw GitHubAppError(.invalidSecret, "'\(Self.installationOwnerKey)' must be a GitHub organization or user name")
            }
            installation = .owner(owner)
        }
        var base = text(Self.baseURLKey) ?? Self.defaultBaseURL
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
              url.host?.isEmpty == false, url.query == nil, url.user == nil else {
            throw GitHubAppError(.invalidSecret, "'\(Self.baseURLKey)' must be an http(s) URL such as https://ghe.example.com/api/v3")
        }
        guard let pem = text(Self.privateKeyKey) else {
            throw GitHubAppError(.invalidSecret, "'\(Self.privateKeyKey)' must be set to use GitHub App authentication")
        }
        do {
            key = try _RSA.Signing.PrivateKey(pemRepresentation: pem)
        } catch {
            // The parser's own error text is left out: it could quote the input.
            throw GitHubAppError(.invalidSecret, "'\(Self.privateKeyKey)' is not a PEM-encoded RSA private key of at least 2048 bits")
        }
        self.appID = appID
        self.baseURL = base
        let identity = [base, String(appID), "\(installation)", pem].joined(separator: "\u{0}")
        cacheKey = SHA256.hash(data: Array(identity.utf8)).map { String(format2: $0) }.joined()
    }

    /// The App's JWT (RS256) for the token exchange: issued 60 s before `now` (GitHub's allowance
    /// for clock drift) and valid until 5 minutes after it, well inside GitHub's 10-minute limit —
    /// it is used for one or two requests and then forgotten.
    public func jwt(now: Date) throws(GitHubAppError) -> String {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
        let header = #"{"alg":"RS256","typ":"JWT"}"#
        let claims = #"{"iat":\#(seconds - 60),"exp":\#(seconds + 300),"iss":"\#(appID)"}"#
        let signingInput = Self.base64URL(Array(header.utf8)) + "." + Self.base64URL(Array(claims.utf8))
        do {
            let signature = try key.signature(for: Array(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + Self.base64URL([UInt8](signature.rawRepresentation))
        } catch {
            throw GitHubAppError(.invalidSecret, "cannot sign with '\(Self.privateKeyKey)'")
        }
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}

/// Why no installation token could be had. The message never holds the key, the JWT or a token.
public struct GitHubAppError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The Secret's GitHub App fields cannot be used (missing, not numbers, not a key).
        case invalidSecret
        /// The GitHub API refused or could not be reached, or answered something that is not a token.
        case exchangeFailed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
