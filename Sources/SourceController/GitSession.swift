import ChildProcess
import Foundation

/// One git operation's private environment: a 0700 directory holding the askpass script, key
/// files and an empty HOME, removed on `close()`; and the environment variables that point git
/// at them. Commands run against one deadline for the whole operation (`spec.timeout`); at the
/// deadline git's whole process group (remote helpers, ssh) is killed (``ChildProcess``'s timeout).
final class GitSession: @unchecked Sendable {
    let driver: GitDriver
    let auth: GitAuth
    let url: GitURL
    let directory: String
    let deadline: ContinuousClock.Instant
    let timeout: Duration
    /// The CONNECT tunnel ssh goes through when the remote is ssh and a proxy is set.
    let sshProxy: GitSSHProxy?
    private(set) var environment: [String: String] = [:]

    /// A session, with the ssh proxy tunnel started first when `auth` asks for one.
    static func open(driver: GitDriver, url: GitURL, auth: GitAuth, timeout: Duration) async throws(GitError) -> GitSession {
        guard url.scheme == .ssh, let proxy = auth.sshProxy else {
            return try GitSession(driver: driver, url: url, auth: auth, timeout: timeout)
        }
        let tunnel = try await GitSSHProxy.start(proxy: proxy, targetHost: url.host, targetPort: url.port ?? 22, logger: driver.logger)
        do {
            return try GitSession(driver: driver, url: url, auth: auth, timeout: timeout, sshProxy: tunnel)
        } catch {
            tunnel.close()
            throw error
        }
    }

    init(driver: GitDriver, url: GitURL, auth: GitAuth, timeout: Duration, sshProxy: GitSSHProxy? = nil) throws(GitError) {
        if url.scheme == .file && !driver.allowFileProtocol {
            throw GitError(.invalidURL, "invalid url '\(url)': scheme must be http, https or ssh")
        }
        self.driver = driver
        self.auth = auth
        self.url = url
        self.deadline = .now + timeout
        self.timeout = timeout
        self.sshProxy = sshProxy
        let base = driver.temporaryDirectory.hasSuffix("/") ? String(driver.temporaryDirectory.dropLast()) : driver.temporaryDirectory
        directory = base + "/ferry-git-" + UUID().uuidString.prefix(13).lowercased()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try prepare()
        } catch {
            close()
            throw GitError(.failed, "cannot prepare git session: \(error)")
        }
    }

    static let systemCABundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt", "/etc/ssl/cert.pem"]

    func close() {
        sshProxy?.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func write(_ name: String, _ bytes: [UInt8], mode: Int = 0o600) throws -> String {
        let path = directory + "/" + name
        if mode & 0o111 != 0 { return try writeExecutable(path, bytes) }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: mode]) else {
            throw GitError(.failed, "cannot write \(name)")
        }
        return path
    }

    /// Scripts git will execute are written by a child process: were this process to hold the file
    /// open for writing while another thread spawns a program, that program would inherit the
    /// descriptor and exec of the script would fail with ETXTBSY.
    private func writeExecutable(_ path: String, _ bytes: [UInt8]) throws -> String {
        let out = try ChildProcess.runBlocking("/bin/sh", ["-c", "umask 077 && cat > \"$0\" && chmod 700 \"$0\"", path],
                                               environment: ["PATH": "/usr/bin:/bin"], input: bytes, timeout: .seconds(30))
        guard out.status == 0 else { throw GitError(.failed, "cannot write \((path as NSString).lastPathComponent)") }
        return path
    }

    private func prepare() throws {
        var env: [String: String] = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin",
            "HOME": directory,
            "LANG": "C", "LC_ALL": "C",
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GCM_INTERACTIVE": "never",
        ]
        var config: [(String, String)] = [("credential.helper", ""), ("core.askPass", ""), ("protocol.version", "2")]
        if driver.allowFileProtocol { config.append(("protocol.file.allow", "always")) }

        // Every credential is scoped to the repository's server (scheme, host and port), as Flux
        // scopes them: a submodule or redirect to another server gets none of them.
        //
        // Basic auth: the askpass script answers git's prompts from 0600 files, and only prompts
        // naming the repository's origin ("Username for 'https://host:8443': ", "Password for
        // 'https://user@host:8443': "); for any other server it answers nothing and git fails.
        var usernameFile = "/dev/null", passwordFile = "/dev/null"
        if case .basic(let username, let password) = auth.method {
            usernameFile = try write("username", Array(username.utf8))
            passwordFile = try write("password", Array(password.utf8))
        }
        let originFile = try write("origin", Array(url.origin.utf8))
        let askpass = try write("askpass", Array("""
            #!/bin/sh
            url=${1#*\\'}
            url=${url%%\\'*}
            host=${url#*://}
            [ "${url%%://*}://${host##*@}" = "$(cat '\(originFile)')" ] || exit 1
            case "$1" in
              Username*|username*) cat '\(usernameFile)' ;;
              Password*|password*) cat '\(passwordFile)' ;;
              *) exit 1 ;;
            esac

            """.utf8), mode: 0o700)
        env["GIT_ASKPASS"] = askpass

        // `http.<url>.*` applies to requests to that server only (git's urlmatch).
        let scope = "http." + url.origin + "/."
        if case .bearer(let token) = auth.method {
            config.append((scope + "extraHeader", "Authorization: Bearer \(token)"))
        }
        if let ca = auth.caCertificate {
            // Added to the system's trust, as Flux appends it to the system pool.
            let system = Self.systemCABundles.lazy.compactMap { FileManager.default.contents(atPath: $0) }.first.map { [UInt8]($0) } ?? []
            env["GIT_SSL_CAINFO"] = try write("ca.crt", system + [UInt8(ascii: "\n")] + ca)
        }
        if let cert = auth.clientCertificate, let key = auth.clientKey {
            config.append((scope + "sslCert", try write("tls.crt", cert)))
            config.append((scope + "sslKey", try write("tls.key", key)))
        }
        if let proxy = auth.proxyURL { config.append(("http.proxy", proxy)) }

        // ssh: only our key and known_hosts, strict host-key checking, never an interactive prompt.
        var ssh = ["ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=yes",
                   "-o", "IdentitiesOnly=yes", "-o", "UpdateHostKeys=no", "-o", "LogLevel=ERROR"]
        var batchMode = true
        if case .ssh(let identity, let knownHosts, let passphrase) = auth.method {
            var key = identity
            if key.last != UInt8(ascii: "\n") { key.append(UInt8(ascii: "\n")) }
            ssh += ["-i", try write("identity", key), "-o", "UserKnownHostsFile=" + (try write("known_hosts", knownHosts))]
            if let passphrase {
                // A passphrase-protected key is unlocked through SSH_ASKPASS (OpenSSH ≥ 8.4), not BatchMode.
                let file = try write("passphrase", Array(passphrase.utf8))
                env["SSH_ASKPASS"] = try write("ssh-askpass", Array("#!/bin/sh\ncat '\(file)'\n".utf8), mode: 0o700)
                env["SSH_ASKPASS_REQUIRE"] = "force"
                env["DISPLAY"] = ":0"
                batchMode = false
                ssh += ["-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"]
            }
        } else {
            ssh += ["-o", "UserKnownHostsFile=/dev/null"]
        }
        if batchMode { ssh += ["-o", "BatchMode=yes"] }
        if let sshProxy { ssh += sshProxy.sshOptions }
        env["GIT_SSH_COMMAND"] = ssh.map { "'" + $0 + "'" }.joined(separator: " ")
        env["GIT_SSH_VARIANT"] = "ssh"

        env["GIT_CONFIG_COUNT"] = String(config.count)
        for (i, (key, value)) in config.enumerated() {
            env["GIT_CONFIG_KEY_\(i)"] = key
            env["GIT_CONFIG_VALUE_\(i)"] = value
        }
        environment = env
    }

    /// Runs git with `arguments`; returns stdout. Throws a classified, scrubbed `GitError`.
    /// `notFound` replaces the message when the command fails quietly (e.g. `rev-parse --verify -q`).
    func run(_ arguments: [String], operation: String, notFound: String? = nil) async throws(GitError) -> String {
        let remaining = deadline - .now
        let timedOut = GitError(.timeout, "\(operation) '\(url)' timed out after \(timeout.goText)")
        guard remaining > .milliseconds(50) else { throw timedOut }
        let output: ChildProcess.Output
        let started = ContinuousClock.now
        do {
            output = try await ChildProcess.run(driver.git, arguments, environment: environment, timeout: remaining)
        } catch is ChildProcess.TimedOut {
            throw timedOut
        } catch {
            throw GitError(.failed, "cannot run git: \(error)")
        }
        driver.logger.debug("git", metadata: [
            "operation": "\(operation)", "url": "\(url)", "status": "\(output.status)",
            "duration": "\(ContinuousClock.now - started)",
        ])
        if output.status == 0 { return output.stdoutText }
        let kind = GitError.classify(status: output.status, stderr: output.stderrText)
        if kind == .timeout { throw timedOut }
        if let notFound, output.stderrText.trimmed.isEmpty { throw GitError(.refNotFound, notFound) }
        if let failure = sshProxy?.lastFailure {
            // ssh only saw its connection closed; the tunnel knows why.
            let kind: GitError.Kind = failure.contains(" 407") ? .authenticationFailed : .unreachable
            throw GitError(kind, "\(operation) '\(url)': \(auth.scrub(failure))")
        }
        let summary = GitError.summary(of: output.stderrText, scrub: auth.scrub)
        throw GitError(kind == .failed && notFound != nil ? .refNotFound : kind, "\(operation) '\(url)': \(summary)")
    }
}

extension Duration {
    /// Go's text for a duration (`1m0s`, `1.5s`, `2h0m0s`), to the millisecond, for messages.
    /// Integer arithmetic only: any `Duration` can be written.
    var goText: String {
        let (whole, atto) = components
        let ms = atto / 1_000_000_000_000_000
        if whole == 0 { return ms == 0 ? "0s" : "\(ms)ms" }
        let h = whole / 3600, m = (whole % 3600) / 60, sec = whole % 60
        var secondText = String(sec)
        if ms != 0 {
            var fraction = String(ms)
            while fraction.count < 3 { fraction = "0" + fraction }
            while fraction.hasSuffix("0") { fraction.removeLast() }
            secondText += "." + fraction
        }
        if h > 0 { return "\(h)h\(m)m\(secondText)s" }
        if m > 0 { return "\(m)m\(secondText)s" }
        return secondText + "s"
    }
}
