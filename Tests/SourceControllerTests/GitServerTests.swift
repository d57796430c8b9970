import FerryTesting
import Foundation
import Testing

/// The test Git servers (`scripts/git-server`) with the real `git` CLI: every endpoint lets in
/// who it should and keeps out who it should, and the fixtures' signed commits and tags verify.
@Suite struct GitServerTests {
    /// A fixture with one commit, pushed.
    func pushedRepo(_ name: String) async throws -> (GitServer, GitRepoFixture, String) {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create(name, on: server)
        let sha = try await repo.commit(files: ["README.md": "hello\n", "deploy/app.yaml": "kind: ConfigMap\n"], message: "first")
        try await repo.push()
        return (server, repo, sha)
    }

    func head(of clone: String) async throws -> String {
        try await GitCLI.check(["rev-parse", "HEAD"], in: clone).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: HTTP

    @Test func anonymousCloneOverHTTP() async throws {
        let (_, repo, sha) = try await pushedRepo("anon-http")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", repo.url(.http), dir + "/clone"])
        #expect(try await head(of: dir + "/clone") == sha)
        #expect(try String(contentsOfFile: dir + "/clone/deploy/app.yaml", encoding: .utf8) == "kind: ConfigMap\n")
    }

    @Test func anonymousPushIsRefused() async throws {
        let (_, repo, sha) = try await pushedRepo("anon-push")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", repo.url(.http), dir])
        try "changed\n".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
        try await GitCLI.check(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "change"], in: dir)
        let push = try await GitCLI.run(["push", "origin", "HEAD:main"], in: dir)
        #expect(!push.succeeded)
        #expect(push.stderr.contains("403"))
        #expect(try await repo.git(["rev-parse", "main"], in: repo.bareRepository).hasPrefix(sha))
    }

    @Test func pushAndCloneWithBasicAuth() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("basic-auth", on: server)
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A commit made outside the fixture, pushed over HTTP with credentials.
        try await GitCLI.check(["init", "-q", "-b", "main", dir + "/work"])
        try "pushed over http\n".write(toFile: dir + "/work/file.txt", atomically: true, encoding: .utf8)
        try await GitCLI.check(["add", "file.txt"], in: dir + "/work")
        try await GitCLI.check(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "over http"], in: dir + "/work")
        try await GitCLI.check(["push", "-q", repo.urlWithCredentials(.httpAuth), "main"], in: dir + "/work")
        let pushed = try await head(of: dir + "/work")

        try await GitCLI.check(["clone", "-q", repo.urlWithCredentials(.httpAuth), dir + "/clone"])
        #expect(try await head(of: dir + "/clone") == pushed)
        #expect(try String(contentsOfFile: dir + "/clone/file.txt", encoding: .utf8) == "pushed over http\n")
    }

    @Test func wrongBasicAuthCredentialsAre401() async throws {
        let (server, repo, _) = try await pushedRepo("basic-auth-wrong")
        let wrong = server.urlWithCredentials(.httpAuth, repository: repo.name, password: "not-the-password")
        let result = try await GitCLI.run(["ls-remote", wrong])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("Authentication failed"))
        let none = try await GitCLI.run(["ls-remote", repo.url(.httpAuth)])
        #expect(!none.succeeded)
        for user in [server.basicUser + ":not-the-password", "nobody:" + server.basicPassword] {
            let code = try await LocalControlPlane.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-u", user,
                                                                         repo.url(.httpAuth) + "/info/refs?service=git-upload-pack"])
            #expect(code == "401")
        }
    }

    @Test func bearerToken() async throws {
        let (server, repo, sha) = try await pushedRepo("token")
        let options = server.clientOptions(.httpToken)
        let refs = try await GitCLI.check(options.configArguments + ["ls-remote", repo.url(.httpToken)], environment: options.environment)
        #expect(refs.contains(sha + "\trefs/heads/main"))
        let wrong = try await GitCLI.run(["-c", "http.extraHeader=Authorization: Bearer nope", "ls-remote", repo.url(.httpToken)])
        #expect(!wrong.succeeded)
    }

    @Test func slowEndpointTripsTheLowSpeedLimit() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("slow", on: server)
        let noise = (0..<200_000).map { _ in UInt8.random(in: 0...255) }  // incompressible
        try await repo.commit(binaryFiles: ["noise.bin": noise], message: "big")
        try await repo.push()
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let result = try await GitCLI.run(["clone", "-q", repo.url(.httpSlow), dir + "/clone"],
                                          environment: ["GIT_HTTP_LOW_SPEED_LIMIT": "100000", "GIT_HTTP_LOW_SPEED_TIME": "2"])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("too slow"))
    }

    // MARK: HTTPS

    @Test func cloneOverHTTPSWithTheCA() async throws {
        let (server, repo, sha) = try await pushedRepo("https")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", repo.url(.https), dir + "/clone"], environment: ["GIT_SSL_CAINFO": server.caFile])
        #expect(try await head(of: dir + "/clone") == sha)
        // The certificate names localhost too.
        let byName = repo.url(.https).replacingOccurrences(of: "127.0.0.1", with: "localhost")
        #expect(try await GitCLI.check(["ls-remote", byName], environment: ["GIT_SSL_CAINFO": server.caFile]).contains(sha))
    }

    @Test func httpsWithoutTheCAFails() async throws {
        let (_, repo, _) = try await pushedRepo("https-no-ca")
        let result = try await GitCLI.run(["ls-remote", repo.url(.https)])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("certificate"))
    }

    @Test func pushOverHTTPSWithBasicAuth() async throws {
        let (server, repo, _) = try await pushedRepo("https-push")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["GIT_SSL_CAINFO": server.caFile]
        try await GitCLI.check(["clone", "-q", repo.urlWithCredentials(.httpsAuth), dir], environment: env)
        try "over https\n".write(toFile: dir + "/README.md", atomically: true, encoding: .utf8)
        try await GitCLI.check(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "https"], in: dir)
        try await GitCLI.check(["push", "-q", "origin", "main"], environment: env, in: dir)
        let served = try await repo.git(["rev-parse", "main"], in: repo.bareRepository)
        #expect(try await GitCLI.check(["rev-parse", "HEAD"], in: dir) == served)
    }

    @Test func clientCertificate() async throws {
        let (server, repo, sha) = try await pushedRepo("mtls")
        let options = server.clientOptions(.httpsMTLS)
        let refs = try await GitCLI.check(options.configArguments + ["ls-remote", repo.url(.httpsMTLS)], environment: options.environment)
        #expect(refs.contains(sha))
        let without = try await GitCLI.run(["ls-remote", repo.url(.httpsMTLS)], environment: ["GIT_SSL_CAINFO": server.caFile])
        #expect(!without.succeeded)
        #expect(without.stderr.contains("403"))
    }

    // MARK: SSH

    @Test func cloneAndPushOverSSHWithStrictHostKeyChecking() async throws {
        let (server, repo, sha) = try await pushedRepo("ssh")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let env = ["GIT_SSH_COMMAND": server.sshCommandLine()]
        #expect(repo.url(.ssh) == "ssh://\(server.sshUser)@127.0.0.1:\(server.sshPort)\(server.repositoriesDirectory)/\(repo.name).git")
        try await GitCLI.check(["clone", "-q", repo.url(.ssh), dir + "/clone"], environment: env)
        #expect(try await head(of: dir + "/clone") == sha)
        try "over ssh\n".write(toFile: dir + "/clone/README.md", atomically: true, encoding: .utf8)
        try await GitCLI.check(["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "ssh"], in: dir + "/clone")
        try await GitCLI.check(["push", "-q", "origin", "main"], environment: env, in: dir + "/clone")
        let served = try await repo.git(["rev-parse", "main"], in: repo.bareRepository)
        #expect(try await GitCLI.check(["rev-parse", "HEAD"], in: dir + "/clone") == served)
        // GIT_SSH with the script's wrapper works the same.
        #expect(try await GitCLI.check(["ls-remote", repo.url(.ssh)], environment: server.clientOptions(.ssh).environment).contains("refs/heads/main"))
        #expect(try server.knownHostsLine().hasPrefix("[127.0.0.1]:\(server.sshPort) ssh-ed25519 "))
        // The ECDSA client key is accepted too.
        let ecdsa = ["GIT_SSH_COMMAND": server.sshCommandLine(key: server.sshKeyECDSA)]
        #expect(try await GitCLI.check(["ls-remote", repo.url(.ssh)], environment: ecdsa).contains("refs/heads/main"))
    }

    @Test func sshWithAnUnknownHostKeyFails() async throws {
        let (server, repo, _) = try await pushedRepo("ssh-unknown-host")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Empty known_hosts, and one naming another key for the server.
        try "".write(toFile: dir + "/empty", atomically: true, encoding: .utf8)
        let other = try await SSHSigningKey.generate(in: dir + "/other")
        try "[127.0.0.1]:\(server.sshPort) \(other.publicKey)\n".write(toFile: dir + "/wrong", atomically: true, encoding: .utf8)
        for file in ["empty", "wrong"] {
            let result = try await GitCLI.run(["ls-remote", repo.url(.ssh)],
                                              environment: ["GIT_SSH_COMMAND": server.sshCommandLine(knownHosts: dir + "/" + file)])
            #expect(!result.succeeded)
            #expect(result.stderr.contains("Host key verification failed") || result.stderr.contains("HOST IDENTIFICATION HAS CHANGED"),
                    "\(file): \(result.stderr)")
        }
    }

    @Test func sshWithAnUnknownClientKeyIsDenied() async throws {
        let (server, repo, _) = try await pushedRepo("ssh-unknown-key")
        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stranger = try await SSHSigningKey.generate(in: dir + "/key")
        let result = try await GitCLI.run(["ls-remote", repo.url(.ssh)],
                                          environment: ["GIT_SSH_COMMAND": server.sshCommandLine(key: stranger.privateKey)])
        #expect(!result.succeeded)
        #expect(result.stderr.contains("Permission denied"))
    }

    // MARK: Signed commits and tags

    @Test func gpgSignedCommitAndTagVerify() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("gpg-signed", on: server)
        let sha = try await repo.commit(files: ["a.txt": "a\n"], message: "signed", signed: .gpg)
        try await repo.tag("v1.0.0", signed: .gpg)
        try await repo.push()
        let key = try await repo.gpgKey()
        #expect(key.publicKeyArmored.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----"))

        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", repo.url(.http), dir + "/clone"])
        let keyring = try await key.publicKeyring(in: dir + "/verifier")
        defer { GPGKey.stopAgent(home: keyring) }
        let verify = try await GitCLI.run(["verify-commit", "--raw", sha], environment: ["GNUPGHOME": keyring], in: dir + "/clone")
        #expect(verify.succeeded, "\(verify.stderr)")
        #expect(verify.stderr.contains("VALIDSIG \(key.fingerprint)"))
        #expect(try await GitCLI.run(["verify-tag", "v1.0.0"], environment: ["GNUPGHOME": keyring], in: dir + "/clone").succeeded)

        // A keyring without the key does not verify it.
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        defer { GPGKey.stopAgent(home: dir + "/empty") }
        #expect(!(try await GitCLI.run(["verify-commit", sha], environment: ["GNUPGHOME": dir + "/empty"], in: dir + "/clone").succeeded))
    }

    @Test func sshSignedCommitAndTagVerify() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("ssh-signed", on: server)
        let sha = try await repo.commit(files: ["a.txt": "a\n"], message: "signed", signed: .ssh)
        try await repo.tag("v1.0.0", signed: .ssh, message: "release")
        try await repo.push()
        let key = try await repo.sshSigningKey()
        #expect(key.publicKey.hasPrefix("ssh-ed25519 "))

        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", repo.url(.http), dir + "/clone"])
        let allowed = try key.writeAllowedSigners(to: dir + "/allowed_signers")
        let config = ["-c", "gpg.ssh.allowedSignersFile=\(allowed)"]
        let verify = try await GitCLI.run(config + ["verify-commit", sha], in: dir + "/clone")
        #expect(verify.succeeded, "\(verify.stderr)")
        #expect(verify.stderr.contains("Good \"git\" signature for \(key.principal)"))
        #expect(try await GitCLI.run(config + ["verify-tag", "v1.0.0"], in: dir + "/clone").succeeded)

        // Another key in allowed_signers does not verify it.
        let other = try await SSHSigningKey.generate(in: dir + "/other")
        let untrusted = try other.writeAllowedSigners(to: dir + "/untrusted")
        #expect(!(try await GitCLI.run(["-c", "gpg.ssh.allowedSignersFile=\(untrusted)", "verify-commit", sha], in: dir + "/clone").succeeded))
    }

    // MARK: Fixture features

    @Test func fixedDatesGiveReproducibleCommitIDs() async throws {
        let server = try await GitServer.shared()
        var ids: [String] = []
        for _ in 0..<2 {
            let repo = try await GitRepoFixture.create("reproducible", on: server)
            await repo.setDate("2024-01-02T03:04:05Z")
            ids.append(try await repo.commit(files: ["x": "1\n"], message: "same"))
        }
        #expect(ids[0] == ids[1])
        #expect(ids[0].count == 40)
    }

    @Test func branchesTagsSymlinksAndDeletes() async throws {
        let server = try await GitServer.shared()
        let repo = try await GitRepoFixture.create("refs", on: server)
        let first = try await repo.commit(files: ["app/a.yaml": "a\n", "app/b.yaml": "b\n"], message: "first")
        try await repo.tag("v0.1.0")
        let annotated = try await repo.tag("v0.2.0", annotated: true, message: "annotated")
        try await repo.branch("dev")
        let onDev = try await repo.symlink("link.yaml", to: "app/a.yaml")
        let deleted = try await repo.delete(["app/b.yaml"])
        try await repo.checkout("main")
        try await repo.push()

        let refs = try await GitCLI.check(["ls-remote", repo.url(.http)])
        #expect(refs.contains("\(first)\trefs/heads/main"))
        #expect(refs.contains("\(deleted)\trefs/heads/dev"))
        #expect(refs.contains("\(first)\trefs/tags/v0.1.0"))
        #expect(refs.contains("\(annotated)\trefs/tags/v0.2.0"))
        #expect(refs.contains("\(first)\trefs/tags/v0.2.0^{}"))
        #expect(onDev != deleted)

        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", "-b", "dev", repo.url(.http), dir + "/clone"])
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: dir + "/clone/link.yaml") == "app/a.yaml")
        #expect(!FileManager.default.fileExists(atPath: dir + "/clone/app/b.yaml"))
        #expect(FileManager.default.fileExists(atPath: dir + "/clone/app/a.yaml"))

        // Deleting a branch locally and pushing deletes it on the server.
        try await repo.deleteRef(branch: "dev")
        try await repo.push()
        #expect(!(try await GitCLI.check(["ls-remote", repo.url(.http)]).contains("refs/heads/dev")))
    }

    @Test func binaryExecutableAndSubmodule() async throws {
        let server = try await GitServer.shared()
        let library = try await GitRepoFixture.create("library", on: server)
        let libSHA = try await library.commit(files: ["lib.yaml": "lib\n"], message: "lib")
        try await library.push()
        let repo = try await GitRepoFixture.create("with-submodule", on: server)
        let bytes: [UInt8] = [0, 1, 2, 255, 254, 10, 13]
        try await repo.commit(files: ["run.sh": "#!/bin/sh\necho hi\n"], binaryFiles: ["blob.bin": bytes],
                              executables: ["run.sh"], message: "files")
        try await repo.addSubmodule(library, at: "vendor/library")
        try await repo.push()

        let dir = try GitCLI.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await GitCLI.check(["clone", "-q", "--recurse-submodules", repo.url(.http), dir + "/clone"])
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/clone/blob.bin"))) == bytes)
        #expect(FileManager.default.isExecutableFile(atPath: dir + "/clone/run.sh"))
        #expect(try String(contentsOfFile: dir + "/clone/vendor/library/lib.yaml", encoding: .utf8) == "lib\n")
        #expect(try await head(of: dir + "/clone/vendor/library") == libSHA)
    }

    @Test func fluxSecretDataHoldsWhatEachEndpointNeeds() async throws {
        let server = try await GitServer.shared()
        #expect(try server.fluxSecretData(.http).isEmpty)
        #expect(try server.fluxSecretData(.httpAuth) == ["username": server.basicUser, "password": server.basicPassword])
        #expect(try server.fluxSecretData(.https)["ca.crt"]?.hasPrefix("-----BEGIN CERTIFICATE-----") == true)
        #expect(try Set(server.fluxSecretData(.httpsMTLS).keys) == ["ca.crt", "tls.crt", "tls.key"])
        let ssh = try server.fluxSecretData(.ssh)
        #expect(ssh["identity"]?.contains("OPENSSH PRIVATE KEY") == true)
        #expect(ssh["known_hosts"]?.hasPrefix("[127.0.0.1]:\(server.sshPort) ") == true)
    }

    @Test func ownServerStartsAndStopsCleanly() async throws {
        let server = try await GitServer.start(name: "own")
        #expect(await server.isRunning())
        let repo = try await GitRepoFixture.create("own", on: server)
        let sha = try await repo.commit(files: ["f": "x\n"], message: "m", signed: .gpg)
        try await repo.push()
        #expect(try await GitCLI.check(["ls-remote", repo.url(.http)]).contains(sha))
        try await server.stop()
        #expect(!FileManager.default.fileExists(atPath: server.directory))
        #expect(!(await server.isRunning()))
        #expect(!(try await GitCLI.run(["ls-remote", repo.url(.http)]).succeeded))
    }

    /// After a crash (every leader killed with SIGKILL, their children left behind), `down`
    /// still leaves no process of the server's behind: not the nginx workers, not fcgiwrap's children.
    @Test func downCleansUpAfterACrash() async throws {
        let server = try await GitServer.start(name: "crash")
        var groups: [String] = []
        for name in ["nginx", "fcgiwrap", "sshd"] {
            groups.append(try String(contentsOfFile: server.directory + "/pids/" + name, encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try await LocalControlPlane.run("/bin/kill", ["-KILL"] + groups)
        try await server.stop()
        let table = try await LocalControlPlane.run("/bin/ps", ["-eo", "pgid=,stat=,args="])
        let left = table.split(separator: "\n").filter { row in
            let fields = row.split(separator: " ", maxSplits: 2)
            guard fields.count == 3, !fields[1].hasPrefix("Z") else { return false }
            return groups.contains(String(fields[0])) || fields[2].contains(server.directory)
        }
        #expect(left.isEmpty, "\(left)")
    }
}
