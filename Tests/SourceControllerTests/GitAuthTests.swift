import Testing
@testable import SourceController

@Suite struct GitAuthTests {
    @Test(arguments: [
        ("https://github.com/org/repo", true), ("http://host:8080/r.git", true), ("ssh://git@github.com/org/repo", true),
        ("git@github.com:org/repo.git", false), ("ftp://host/r", false), ("file:///tmp/r", false), ("https://", false),
        ("https://host:99999/r", false), ("https://ho st/r", false), ("ssh://git@host:2222/r.git", true),
    ])
    func urlValidation(url: String, valid: Bool) {
        #expect(((try? GitURL(url)) != nil) == valid, "\(url)")
    }

    @Test func urlParts() throws {
        let u = try GitURL("ssh://git@example.com:2222/org/repo.git")
        #expect(u.scheme == .ssh && u.user == "git" && u.host == "example.com" && u.port == 2222 && u.path == "/org/repo.git")
    }

    @Test func invalidURLMessageHidesThePassword() {
        do {
            _ = try GitURL("gopher://user:hunter22@host/r")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .invalidURL)
            #expect(!error.message.contains("hunter22"))
        }
    }

    @Test func passwordInTheURLGoesThroughAskpass() throws {
        let u = try GitURL("https://bob:In-Url-Pw@host:8443/org/r.git")
        #expect(u.forGit == "https://host:8443/org/r.git")
        let auth = try GitAuth(url: u, secret: nil)
        guard case .basic("bob", "In-Url-Pw") = auth.method else { Issue.record("\(auth.method)"); return }
        #expect(try GitURL("https://host/r").forGit == "https://host/r")
    }

    @Test func redaction() {
        #expect(GitURL.redact("fatal: unable to access 'https://bob:pw123@host/r/': 403") == "fatal: unable to access 'https://bob:***@host/r/': 403")
        #expect(GitURL.redact("ssh://git@host/r") == "ssh://git@host/r")
    }

    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func secretsByScheme() throws {
        let https = try GitURL("https://host/r")
        let basic = try GitAuth(url: https, secret: ["username": Self.bytes("bob"), "password": Self.bytes("pa55word"),
                                                     "ca.crt": Self.bytes("PEM")])
        guard case .basic("bob", "pa55word") = basic.method else { Issue.record("not basic"); return }
        #expect(basic.caCertificate == Self.bytes("PEM"))
        let bearer = try GitAuth(url: https, secret: ["bearerToken": Self.bytes("tok-123")])
        guard case .bearer("tok-123") = bearer.method else { Issue.record("not bearer"); return }
        #expect(throws: GitError.self) {
            try GitAuth(url: https, secret: ["username": Self.bytes("bob"), "password": Self.bytes("x"), "bearerToken": Self.bytes("t")])
        }
        #expect(throws: GitError.self) { try GitAuth(url: https, secret: ["username": Self.bytes("bob")]) }
        let ssh = try GitURL("ssh://git@host/r")
        #expect(throws: GitError.self) { try GitAuth(url: ssh, secret: ["identity": Self.bytes("KEY")]) }
        let key = try GitAuth(url: ssh, secret: ["identity": Self.bytes("KEY-MATERIAL"), "known_hosts": Self.bytes("host ssh-ed25519 AAAA")])
        guard case .ssh = key.method else { Issue.record("not ssh"); return }
    }

    @Test func scrubbingRemovesEverySecretValue() throws {
        let auth = try GitAuth(url: GitURL("https://alice:url-pass-1@host/r"),
                               secret: ["username": Self.bytes("bob"), "password": Self.bytes("s3cr3t-pw")],
                               proxySecret: ["address": Self.bytes("http://proxy:3128"), "username": Self.bytes("p"),
                                             "password": Self.bytes("proxy/pw!")])
        let text = "s3cr3t-pw url-pass-1 proxy/pw! proxy%2Fpw%21 https://alice:url-pass-1@host/r"
        let scrubbed = auth.scrub(text)
        for secret in ["s3cr3t-pw", "url-pass-1", "proxy/pw!", "proxy%2Fpw%21"] { #expect(!scrubbed.contains(secret)) }
        #expect(auth.proxyURL == "http://p:proxy%2Fpw%21@proxy:3128")
        #expect(throws: GitError.self) {
            try GitAuth(url: GitURL("ssh://git@host/r"), secret: nil, proxySecret: ["address": Self.bytes("socks5://proxy:1080")])
        }
    }

    @Test(arguments: [
        ("fatal: unable to access 'https://x/': Could not resolve host: x", GitError.Kind.unreachable),
        ("fatal: Authentication failed for 'https://x/r/'", .authenticationFailed),
        ("fatal: could not read Username for 'https://x': terminal prompts disabled", .authenticationFailed),
        ("git@x: Permission denied (publickey).\nfatal: Could not read from remote repository.", .authenticationFailed),
        ("Host key verification failed.\nfatal: Could not read from remote repository.", .unknownHostKey),
        ("No ED25519 host key is known for [127.0.0.1]:2222 and you have requested strict checking.", .unknownHostKey),
        ("fatal: couldn't find remote ref refs/heads/nope", .refNotFound),
        ("fatal: '/tmp/x' does not appear to be a git repository", .repositoryNotFound),
        ("fatal: unable to access 'https://x/': Failed to connect to x port 443: Connection refused", .unreachable),
        ("something else", .failed),
    ])
    func classification(stderr: String, kind: GitError.Kind) {
        #expect(GitError.classify(status: 128, stderr: stderr) == kind)
    }

    @Test func timeoutStatusIsATimeout() {
        #expect(GitError.classify(status: 124, stderr: "") == .timeout)
    }
}
