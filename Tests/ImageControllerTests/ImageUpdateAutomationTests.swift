import ControllerRuntime
import FerryAPI
import FerryTesting
import Foundation
import ImageController
import Synchronization
import Testing

/// ImageUpdateAutomation against a real Git server on loopback (git http-backend behind nginx,
/// basic auth, pushes allowed): what lands in the repository, and the status Flux would write.
@Suite struct ImageUpdateAutomationTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: apps
        spec:
          replicas: 2      # two is enough
          template:
            spec:
              containers:
                - name: web
                  image: "registry.local/acme/web:1.0.0" # {"$imagepolicy": "apps:web"}
                  ports: [ {containerPort: 8080} ]

        """

    static let git = ImageUpdateGitSpec(
        commit: ImageUpdateCommit(author: ImageUpdateCommitUser(name: "Image Bot", email: "bot@ferry.invalid"),
                                  messageTemplate: "Update images\n{{ range .Changed.Changes }}\n- {{ .OldValue }} -> {{ .NewValue }}{{ end }}\n"),
        push: ImageUpdatePush(branch: "main"))

    @Test func newTagBecomesOneCommitThenNothingMore() async throws {
        var env = try await ImageUpdateEnv.make("iua-new-tag", files: ["deploy/web.yaml": Self.deployment, "README.md": "docs\n"])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.1.0")]
        let before = try await env.remote(["rev-parse", "main"])

        let (status, report) = try await env.reconcile(ImageUpdateEnv.automation(git: Self.git, path: "./deploy"))
        let head = try await env.remote(["rev-parse", "main"])
        #expect(head != before)
        #expect(try await env.remote(["rev-parse", "main~1"]) == before)
        // Only the value changed: quotes, comments, flow style and spacing are as they were.
        #expect(try await env.remoteFile("deploy/web.yaml")
                == Self.deployment.replacingOccurrences(of: "web:1.0.0\"", with: "web:1.1.0\""))
        #expect(try await env.remote(["log", "-1", "--format=%an <%ae>|%cn <%ce>", "main"])
                == "Image Bot <bot@ferry.invalid>|Image Bot <bot@ferry.invalid>")
        #expect(try await env.remote(["log", "-1", "--format=%B", "main"])
                == "Update images\n\n- registry.local/acme/web:1.0.0 -> registry.local/acme/web:1.1.0")
        #expect(status.lastPushCommit == head)
        #expect(status.lastPushTime != nil && status.lastAutomationRunTime != nil)
        #expect(status.observedSourceRevision == "main@sha1:\(head)")
        #expect(status.observedPolicies == ["web": ObservedImageRef(name: "registry.local/acme/web", tag: "1.1.0")])
        #expect(status.condition("Ready")?.status == "True")
        #expect(status.condition("Ready")?.message == "repository up-to-date")
        #expect(report.events.map(\.reason) == ["Succeeded"])
        #expect(report.events.first?.message.hasPrefix("pushed commit '\(head)' to 'refs/heads/main'\nUpdate images") == true)
        guard case .success(let result) = report.outcome else { Issue.record("\(report.outcome)"); return }
        #expect(result.requeueAfter == .seconds(300))

        // Nothing changed since: no new commit, the push fields stay.
        let (again, quiet) = try await env.reconcile(ImageUpdateEnv.automation(git: Self.git, path: "./deploy"), status: status)
        #expect(try await env.remote(["rev-parse", "main"]) == head)
        #expect(again.lastPushCommit == head)
        #expect(quiet.events.isEmpty)
        #expect(again.condition("Ready")?.status == "True")
    }

    @Test func policiesThatSelectNothingChangeNothing() async throws {
        var env = try await ImageUpdateEnv.make("iua-nothing", files: ["deploy/web.yaml": Self.deployment])
        // A policy with a new tag, but not selected; and one selected that has the image already.
        env.sources.policies = [
            imagePolicy("web", image: "registry.local/acme/web", tag: "9.9.9", labels: ["team": "other"]),
            imagePolicy("api", image: "registry.local/acme/api", tag: "2.0.0", labels: ["team": "core"]),
        ]
        let before = try await env.remote(["rev-parse", "main"])
        let automation = ImageUpdateEnv.automation(git: Self.git, selector: ImagePolicySelector(matchLabels: ["team": "core"]))
        let (status, report) = try await env.reconcile(automation)
        #expect(try await env.remote(["rev-parse", "main"]) == before)
        #expect(try await env.remoteFile("deploy/web.yaml") == Self.deployment)
        #expect(status.lastPushCommit == nil)
        #expect(status.observedSourceRevision == "main@sha1:\(before)")
        #expect(status.observedPolicies?.keys.sorted() == ["api"])
        #expect(status.condition("Ready")?.status == "True")
        #expect(report.events.isEmpty)
    }

    @Test func rejectedPushIsRetriedOnTheNewTipWithoutADuplicateCommit() async throws {
        var env = try await ImageUpdateEnv.make("iua-retry", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.2.0")]
        let fixture = env.fixture
        let competed = Mutex(false)
        // Another writer pushes to main between the automation's checkout and its first push.
        let (status, report) = try await env.reconcile(ImageUpdateEnv.automation(git: Self.git)) { attempt in
            guard attempt == 1 else { return }
            _ = try? await fixture.commit(files: ["docs/notes.md": "someone else\n"], message: "concurrent change")
            _ = try? await fixture.push()
            competed.withLock { $0 = true }
        }
        #expect(competed.withLock { $0 })
        #expect(report.error == nil, "\(String(describing: report.error))")
        let subjects = try await env.remote(["log", "--format=%s", "main"]).split(separator: "\n")
        #expect(subjects == ["Update images", "concurrent change", "initial manifests"])
        #expect(try await env.remoteFile("docs/notes.md") == "someone else\n")
        #expect(try await env.remoteFile("deploy/web.yaml").contains("\"registry.local/acme/web:1.2.0\""))
        #expect(status.lastPushCommit == (try await env.remote(["rev-parse", "main"])))
    }

    @Test func pushBranchIsMadeFromTheCheckoutAndTheRefspecPushedToo() async throws {
        var env = try await ImageUpdateEnv.make("iua-branch", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.3.0")]
        let main = try await env.remote(["rev-parse", "main"])
        var git = Self.git
        git.checkout = ImageUpdateCheckout(ref: GitRepositoryRef(branch: "main"))
        git.push = ImageUpdatePush(branch: "image-updates", refspec: "HEAD:refs/heads/review")
        let (status, report) = try await env.reconcile(ImageUpdateEnv.automation(git: git))
        #expect(report.error == nil, "\(String(describing: report.error))")
        #expect(try await env.remote(["rev-parse", "main"]) == main)
        let pushed = try await env.remote(["rev-parse", "image-updates"])
        #expect(try await env.remote(["rev-parse", "image-updates~1"]) == main)
        #expect(try await env.remote(["rev-parse", "review"]) == pushed)
        #expect(status.lastPushCommit == pushed)
        // Pushing elsewhere than the checkout: the observed revision is the checkout's.
        #expect(status.observedSourceRevision == "main@sha1:\(main)")
    }

    /// `git.push.options` reach the server as `git push -o` does: the repository advertises push
    /// options and its pre-receive hook records what it was given.
    @Test func pushOptionsReachTheServersHooks() async throws {
        var env = try await ImageUpdateEnv.make("iua-push-options", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.3.1")]
        let bare = env.fixture.bareRepository
        _ = try await env.fixture.git(["config", "receive.advertisePushOptions", "true"], in: bare)
        let record = bare + "/push-options.txt"
        let hook = bare + "/hooks/pre-receive"
        try Data("""
            #!/bin/sh
            i=0
            while [ "$i" -lt "${GIT_PUSH_OPTION_COUNT:-0}" ]; do eval "echo \\"\\$GIT_PUSH_OPTION_$i\\""; i=$((i + 1)); done > \(record)
            cat >/dev/null

            """.utf8).write(to: URL(fileURLWithPath: hook))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook)
        var git = Self.git
        git.push = ImageUpdatePush(branch: "main", options: ["merge_request.create": "", "ci.skip": ""])
        let (status, report) = try await env.reconcile(ImageUpdateEnv.automation(git: git))
        #expect(report.error == nil, "\(String(describing: report.error))")
        #expect(status.lastPushCommit == (try await env.remote(["rev-parse", "main"])))
        let received = try String(contentsOfFile: record, encoding: .utf8).split(separator: "\n").map(String.init).sorted()
        #expect(received == ["ci.skip", "merge_request.create"])
    }

    @Test func commitsAreSignedWithTheOpenPGPKey() async throws {
        var env = try await ImageUpdateEnv.make("iua-signed", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.4.0")]
        let key = try await env.fixture.gpgKey()
        let armored = try exportSecretKey(home: key.home, fingerprint: key.fingerprint)
        env.secrets["apps/signing"] = ["git.asc": armored]
        var git = Self.git
        git.commit.signingKey = ImageUpdateSigningKey(secretRef: LocalObjectReference(name: "signing"))
        let (_, report) = try await env.reconcile(ImageUpdateEnv.automation(git: git))
        #expect(report.error == nil, "\(String(describing: report.error))")
        let check = try await env.fixture.git(["log", "-1", "--format=%G?|%GF", "main"], in: env.fixture.bareRepository,
                                              environment: ["GNUPGHOME": key.home])
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "G|\(key.fingerprint)")
    }

    @Test func commitsAreSignedWithTheSSHKey() async throws {
        var env = try await ImageUpdateEnv.make("iua-ssh-signed", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "1.5.0")]
        let key = try await env.fixture.sshSigningKey()
        env.secrets["apps/signing"] = ["identity": [UInt8](try Data(contentsOf: URL(fileURLWithPath: key.privateKey)))]
        var git = Self.git
        git.commit.signingKey = ImageUpdateSigningKey(secretRef: LocalObjectReference(name: "signing"), type: "ssh")
        let (_, report) = try await env.reconcile(ImageUpdateEnv.automation(git: git))
        #expect(report.error == nil, "\(String(describing: report.error))")
        let signers = try key.writeAllowedSigners(to: env.fixture.scratch + "/allowed_signers")
        let check = try await env.fixture.git(["-c", "gpg.ssh.allowedSignersFile=" + signers, "log", "-1", "--format=%G?|%GS", "main"],
                                              in: env.fixture.bareRepository)
        #expect(check.trimmingCharacters(in: .whitespacesAndNewlines) == "G|\(key.principal)")
    }

    @Test func specProblemsStallAndPushNothing() async throws {
        var env = try await ImageUpdateEnv.make("iua-stall", files: ["deploy/web.yaml": Self.deployment])
        env.sources.policies = [imagePolicy("web", image: "registry.local/acme/web", tag: "2.0.0")]
        let before = try await env.remote(["rev-parse", "main"])
        var removed = Self.git
        removed.commit.messageTemplate = "{{ range .Updated.Images }}{{ . }}{{ end }}"
        let cases: [(ImageUpdateAutomation, String)] = [
            (ImageUpdateEnv.automation(git: Self.git, kind: "OCIRepository"), ImageUpdateReason.invalidSourceConfiguration),
            (ImageUpdateEnv.automation(git: Self.git, strategy: "Kustomize"), ImageUpdateReason.invalidUpdateStrategy),
            (ImageUpdateEnv.automation(git: Self.git, selector: ImagePolicySelector(matchExpressions: [
                .init(key: "team", operator: "Maybe", values: ["x"])])), ImageUpdateReason.invalidPolicySelector),
            (ImageUpdateEnv.automation(git: removed), ImageUpdateReason.removedTemplateField),
        ]
        for (automation, reason) in cases {
            let (status, report) = try await env.reconcile(automation)
            #expect(status.condition("Stalled")?.status == "True", "\(reason)")
            #expect(status.condition("Ready")?.reason == reason)
            #expect(report.error?.kind == .stalled)
        }
        #expect(try await env.remote(["rev-parse", "main"]) == before)
    }

    /// `gpg --export-secret-keys --armor` of the fixture's (passphrase-less) key.
    func exportSecretKey(home: String, fingerprint: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gpg")
        process.arguments = ["--homedir", home, "--batch", "--armor", "--export-secret-keys", fingerprint]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, !data.isEmpty else {
            throw ImageUpdateTestFailure(description: "cannot export the test key")
        }
        return [UInt8](data)
    }
}
