import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import KustomizeController
import Manifests
import Testing

/// `spec.decryption` end to end: Secrets encrypted by the real `sops` CLI with age keys made by
/// `age-keygen`, committed to Git, decrypted by the controller with the keys of a decryption
/// Secret, applied, and consumed by a Deployment. Tampered files, wrong keys and a rotated key,
/// as Flux's kustomize-controller behaves: BuildFailed naming the object, nothing applied.
@Suite struct KustomizationDecryptionTests {
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    @Test func encryptedSecretsAreDecryptedAppliedAndTheKeyCanBeRotated() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        try await KustomizationEnv.with("ks-sops") { env in
            let first = try sops.ageKey("first"), second = try sops.ageKey("second")
            let password = "hunter2-" + UUID().uuidString.prefix(8)
            let encrypted = try sops.encryptSecret("db", namespace: env.namespace, ["password": password], recipient: first.recipient)
            #expect(!encrypted.contains(password), "the committed file holds no plaintext")
            let deployment = deploymentYAML("api").replacingOccurrences(of: "image: nginx:1.25", with: """
                image: nginx:1.25
                        env:
                        - name: DB_PASSWORD
                          valueFrom:
                            secretKeyRef: {name: db, key: password}
                """)
            let commit = try await env.push(["apps/db.enc.yaml": encrypted, "apps/api.yaml": deployment])
            _ = try await env.client.create(Self.keySecret(env.namespace, identity: first.identity))
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "decryption": ["provider": "sops", "secretRef": ["name": "sops-keys"]]])
            try await env.waitReady("apps", revision: commit)
            #expect(await Self.liveValue(env, "db", "password") == password)
            #expect(await Self.liveValue(env, "db", "sops") == nil)
            let api = try #require(await env.get(KustomizationEnv.deployment, "api"))
            let ref = api[path: "spec", "template", "spec", "containers"]?[0]?[path: "env"]?[0]?[path: "valueFrom", "secretKeyRef", "name"]
            #expect(ref?.stringValue == "db")

            // A tampered value: BuildFailed naming the Secret; nothing of that commit applied, nothing pruned.
            let tampered = try #require(Self.tamper(encrypted))
            try await env.push(["apps/db.enc.yaml": tampered, "apps/extra.yaml": configMapYAML("extra")])
            let tamperMessage = try await env.waitNotReady("apps", reason: "BuildFailed", containing: "Secret/\(env.namespace)/db")
            #expect(tamperMessage.contains("failed authentication"), "\(tamperMessage)")
            #expect(await env.get(KustomizationEnv.configMap, "extra") == nil, "nothing of a failed build is applied")
            #expect(await Self.liveValue(env, "db", "password") == password)
            #expect(await env.get(KustomizationEnv.deployment, "api") != nil, "nothing is pruned")

            // Encrypted for a key the decryption Secret does not hold: BuildFailed naming the recipient.
            let rotated = "rotated-" + UUID().uuidString.prefix(8)
            let forSecond = try sops.encryptSecret("db", namespace: env.namespace, ["password": rotated], recipient: second.recipient)
            let secondCommit = try await env.push(["apps/db.enc.yaml": forSecond, "apps/extra.yaml": configMapYAML("extra")])
            let wrongKey = try await env.waitNotReady("apps", reason: "BuildFailed", containing: "no decryption key matched")
            #expect(wrongKey.contains(second.recipient), "\(wrongKey)")
            #expect(await Self.liveValue(env, "db", "password") == password)

            // The key rotated in the Secret: the next reconcile uses it, no restart.
            _ = try await env.client.patch(Self.secret, name: "sops-keys", namespace: env.namespace, type: .merge,
                                           patch: ["data": ["identity.agekey": .string(Data(second.identity.utf8).base64EncodedString())]])
            try await env.requestReconcile(KustomizationEnv.kustomization, "apps")
            try await env.waitReady("apps", revision: secondCommit)
            #expect(await Self.liveValue(env, "db", "password") == rotated)
            #expect(await env.get(KustomizationEnv.configMap, "extra") != nil)

            let events = try await env.events(for: "apps").joined(separator: "\n")
            let status = String(decoding: try await env.kustomization("apps").jsonBytes(), as: UTF8.self)
            for plaintext in [password, rotated] {
                #expect(!events.contains(plaintext) && !status.contains(plaintext), "plaintext never in events or status")
            }
        }
    }

    @Test func aMissingDecryptionSecretFailsTheBuildAndAppliesNothing() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        try await KustomizationEnv.with("ks-sops-missing") { env in
            let key = try sops.ageKey("only")
            let encrypted = try sops.encryptSecret("db", namespace: env.namespace, ["password": "unused"], recipient: key.recipient)
            try await env.push(["apps/db.enc.yaml": encrypted, "apps/plain.yaml": configMapYAML("plain")])
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "decryption": ["provider": "sops", "secretRef": ["name": "absent"]]])
            let message = try await env.waitNotReady("apps", reason: "BuildFailed")
            #expect(message == "decryption Secret '\(env.namespace)/absent' not found")
            #expect(await env.get(KustomizationEnv.configMap, "plain") == nil)
        }
    }

    @Test func encryptedGeneratorFilesAreDecryptedBeforeTheBuild() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        try await KustomizationEnv.with("ks-sops-gen") { env in
            let key = try sops.ageKey("gen")
            let env1 = try sops.encryptFile("app.env", "USER=admin\nPASSWORD=env-p4ss\n", recipient: key.recipient)
            let token = try sops.encryptFile("token.txt", "tok-3x4mple", recipient: key.recipient)
            let settings = try sops.encryptFile("settings.yaml", "db:\n  password: yaml-p4ss # rotate yearly\n", recipient: key.recipient)
            let kustomization = """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: ${NS}
                secretGenerator:
                - name: app
                  envs: [app.env]
                  files: [token.txt, settings.yaml]
                  options: {disableNameSuffixHash: true}

                """
            let commit = try await env.push(["apps/kustomization.yaml": kustomization, "apps/app.env": env1,
                                             "apps/token.txt": token, "apps/settings.yaml": settings])
            _ = try await env.client.create(Self.keySecret(env.namespace, identity: key.identity))
            try await env.createSource()
            try await env.applyKustomization("apps", ["path": "./apps", "decryption": ["provider": "sops", "secretRef": ["name": "sops-keys"]]])
            try await env.waitReady("apps", revision: commit)
            #expect(await Self.liveValue(env, "app", "USER") == "admin")
            #expect(await Self.liveValue(env, "app", "PASSWORD") == "env-p4ss")
            #expect(await Self.liveValue(env, "app", "token.txt") == "tok-3x4mple")
            // As `sops decrypt` prints the file (go-yaml's indentation, the comment kept).
            #expect(await Self.liveValue(env, "app", "settings.yaml") == (try sops.decrypt("settings.yaml", settings, identity: key.identity)))
            #expect(await Self.liveValue(env, "app", "sops_mac") == nil)

            // A tampered env file: BuildFailed naming the file; the live Secret keeps its values.
            let tampered = try #require(Self.tamper(env1))
            try await env.push(["apps/app.env": tampered, "apps/extra.yaml": configMapYAML("extra")])
            let message = try await env.waitNotReady("apps", reason: "BuildFailed", containing: "apps/app.env")
            #expect(message.hasPrefix("error decrypting sources: apps/app.env: "), "\(message)")
            #expect(await Self.liveValue(env, "app", "PASSWORD") == "env-p4ss")
        }
    }

    /// Flux's pattern for secret variables: a SOPS-encrypted Secret in Git, decrypted and applied by
    /// one Kustomization, is the `postBuild.substituteFrom` of another that depends on it; the
    /// substituted value is the plaintext, and a new encrypted value reaches the dependant.
    @Test func anEncryptedSecretInGitFeedsSubstituteFromOfADependant() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        try await KustomizationEnv.with("ks-sops-vars") { env in
            let key = try sops.ageKey("vars")
            let host = "db-" + UUID().uuidString.prefix(6).lowercased() + ".internal"
            let vars = try sops.encryptSecret("cluster-vars", namespace: env.namespace, ["DB_HOST": host], recipient: key.recipient)
            let app = configMapYAML("app", ["dsn": "postgres://${DB_HOST}:5432/app"])
            let commit = try await env.push(["secrets/vars.enc.yaml": vars, "app/app.yaml": app])
            _ = try await env.client.create(Self.keySecret(env.namespace, identity: key.identity))
            try await env.createSource()
            try await env.applyKustomization("secrets", ["path": "./secrets", "decryption": ["provider": "sops", "secretRef": ["name": "sops-keys"]]])
            try await env.applyKustomization("app", ["path": "./app", "dependsOn": [["name": "secrets"]],
                                                     "postBuild": ["substituteFrom": [["kind": "Secret", "name": "cluster-vars"]]]])
            try await env.waitReady("app", revision: commit)
            #expect(await env.get(KustomizationEnv.configMap, "app")?[path: "data", "dsn"]?.stringValue == "postgres://\(host):5432/app")

            let moved = "db-" + UUID().uuidString.prefix(6).lowercased() + ".internal"
            let next = try await env.push(["secrets/vars.enc.yaml": try sops.encryptSecret("cluster-vars", namespace: env.namespace,
                                                                                          ["DB_HOST": moved], recipient: key.recipient)])
            try await env.waitReady("secrets", revision: next)
            try await env.requestReconcile(KustomizationEnv.kustomization, "app")
            #expect(await eventually(timeout: .seconds(60)) {
                await env.get(KustomizationEnv.configMap, "app")?[path: "data", "dsn"]?.stringValue == "postgres://\(moved):5432/app"
            }, "the new decrypted value is substituted on the dependant's next reconcile")
            let status = String(decoding: try await env.kustomization("app").jsonBytes(), as: UTF8.self)
            #expect(!status.contains(host) && !status.contains(moved), "variables never in status")
        }
    }

    @Test func ferryBuildAndDiffDecryptWithLocalOrClusterKeysAndMaskSecrets() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        defer { Task { try? await client.shutdown() } }
        try await plane.installFerryCRDs(client: client)
        let ns = try await plane.makeNamespace("ks-sops-cli", client: client)
        let key = try sops.ageKey("cli")
        _ = try sops.ageKey("other")
        let value = "cli-" + UUID().uuidString.prefix(8)
        let dir = sops.directory + "/checkout/apps"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let encrypted = try sops.encryptSecret("db", namespace: ns, ["password": value], recipient: key.recipient)
        try Data(encrypted.utf8).write(to: URL(fileURLWithPath: dir + "/db.enc.yaml"))
        // Any kind may be a SOPS document; a decrypted ConfigMap is masked in what is printed too.
        let configMap = try sops.encryptFile("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: \(ns)\ndata:\n  endpoint: https://\(value).invalid\n",
                                             recipient: key.recipient, flags: ["--encrypted-regex", "^data$"])
        try Data(configMap.utf8).write(to: URL(fileURLWithPath: dir + "/settings.enc.yaml"))
        let cluster = ["-n", ns, "--kubeconfig", plane.adminKubeconfig]
        // The decryption Secret made by the CLI from age-keygen's file; a file without a key is refused.
        let created = try await FerryCLI.run(["create", "secret", "sops-age", "sops-keys", "--age-key-file", sops.directory + "/cli.agekey"] + cluster)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout == "✔ secret '\(ns)/sops-keys' created\n")
        let stored = try await client.get(Self.secret, name: "sops-keys", namespace: ns)[path: "data", "age.agekey"]?.stringValue
        #expect(stored.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) } == key.identity)
        let notAKey = sops.directory + "/not-a-key.txt"
        try Data("# just a comment\n".utf8).write(to: URL(fileURLWithPath: notAKey))
        let refused = try await FerryCLI.run(["create", "secret", "sops-age", "broken", "--age-key-file", notAKey] + cluster)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains(notAKey) && !refused.stderr.contains("just a comment"), "\(refused.stderr)")
        _ = try await client.create([
            "apiVersion": "kustomize.toolkit.fluxcd.io/v1", "kind": "Kustomization", "metadata": ["name": "apps", "namespace": .string(ns)],
            "spec": ["interval": "10m", "prune": true, "path": "./apps", "sourceRef": ["kind": "GitRepository", "name": "repo"],
                     "decryption": ["provider": "sops", "secretRef": ["name": "sops-keys"]]],
        ])

        // With the Kustomization's own decryption Secret: decrypted (no sops field left), values masked.
        let build = try await FerryCLI.run(["build", "kustomization", "apps", "--path", dir] + cluster)
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("  password: '***'") || build.stdout.contains("  password: \"***\""), "\(build.stdout)")
        #expect(!build.stdout.contains("sops:") && !build.stdout.contains("ENC["), "\(build.stdout)")
        #expect(!build.stdout.contains(value))
        #expect(build.stdout.contains("kind: ConfigMap") && build.stdout.contains("  endpoint: '***'"), "\(build.stdout)")

        // Local key files, without the cluster; a wrong one fails naming the object and recipient.
        let keyFile = sops.directory + "/cli.agekey", otherFile = sops.directory + "/other.agekey"
        let local = try await FerryCLI.run(["build", "kustomization", "apps", "--path", dir, "--dry-run", "--age-key-file", keyFile])
        #expect(local.status == 0, "\(local.stderr)")
        #expect(!local.stdout.contains("ENC[") && !local.stdout.contains(value))
        let wrong = try await FerryCLI.run(["build", "kustomization", "apps", "--path", dir, "--dry-run", "--age-key-file", otherFile])
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("decryption failed for 'ConfigMap/\(ns)/settings'") && wrong.stderr.contains(key.recipient), "\(wrong.stderr)")

        // diff: the decrypted Secret would be created; nothing written, no value printed.
        let diff = try await FerryCLI.run(["diff", "kustomization", "apps", "--path", dir] + cluster)
        #expect(diff.status == 1, "\(diff.stderr)")
        #expect(diff.stdout == "► ConfigMap/\(ns)/settings created\n► Secret/\(ns)/db created\n", "\(diff.stdout)")
        #expect(!diff.stdout.contains(value) && !diff.stderr.contains(value))
    }

    @Test func createKustomizationTakesFluxsDecryptionFlags() async throws {
        let export = try await FerryCLI.run(["create", "kustomization", "apps", "--source", "repo", "--path", "./apps", "--prune",
                                             "--decryption-provider", "sops", "--decryption-secret", "sops-age", "--export", "-n", "flux-system"])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("""
              decryption:
                provider: sops
                secretRef:
                  name: sops-age

            """), "\(export.stdout)")
        let vault = try await FerryCLI.run(["create", "kustomization", "apps", "--source", "repo", "--decryption-provider", "vault", "--export"])
        #expect(vault.status != 0 && vault.stderr.contains("--decryption-provider 'vault' is not supported: the only provider is 'sops'"), "\(vault.stderr)")
        let secretOnly = try await FerryCLI.run(["create", "kustomization", "apps", "--source", "repo", "--decryption-secret", "keys", "--export"])
        #expect(secretOnly.status != 0 && secretOnly.stderr.contains("--decryption-secret needs --decryption-provider=sops"), "\(secretOnly.stderr)")
    }

    /// An OpenPGP key (`*.asc` entry) decrypts as an age key does; gpg runs in a private home.
    @Test func aPGPKeyFromTheDecryptionSecretDecryptsAnObject() async throws {
        let sops = try SOPSCLI()
        defer { sops.remove() }
        let home = sops.directory + "/gnupg"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { _ = try? sops.run("gpgconf", ["--homedir", home, "--kill", "all"]) }
        let gpg = ["GNUPGHOME": home]
        try sops.run("gpg", ["--batch", "--passphrase", "", "--quick-gen-key", "Ferry Test <ks-sops@ferry.invalid>", "default", "default", "never"], env: gpg)
        let listing = try sops.run("gpg", ["--batch", "--with-colons", "--list-secret-keys"], env: gpg).stdoutText
        let fingerprint = try #require(listing.split(separator: "\n").first { $0.hasPrefix("fpr:") }?
            .split(separator: ":", omittingEmptySubsequences: false).dropFirst(9).first.map(String.init))
        let armored = try sops.run("gpg", ["--batch", "--pinentry-mode", "loopback", "--passphrase", "", "--armor", "--export-secret-keys", fingerprint], env: gpg).stdout
        let plain = sops.directory + "/db.yaml"
        try Data("apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\ndata:\n  password: \(Data("pgp-p4ss".utf8).base64EncodedString())\n".utf8)
            .write(to: URL(fileURLWithPath: plain))
        let encrypted = try sops.run(SOPSCLI.binary, ["encrypt", "--pgp", fingerprint, "--encrypted-regex", "^data$", plain], env: gpg).stdoutText
        let object = try YAML.document(encrypted)
        let keys: JSONValue = ["data": ["ops.asc": .string(Data(armored).base64EncodedString())]]
        let decrypted = try #require(try await KustomizationDecryptor(secret: keys, name: "apps/sops-gpg").decrypt(object))
        #expect(decrypted["sops"] == nil)
        #expect(decrypted[path: "data", "password"]?.stringValue.flatMap { Data(base64Encoded: $0) } == Data("pgp-p4ss".utf8))
        await #expect(throws: KustomizationDecryptionError.self) {
            _ = try await KustomizationDecryptor(keyEntries: [:], source: "none").decrypt(object)
        }
    }

    static func keySecret(_ namespace: String, identity: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "Secret", "metadata": ["name": "sops-keys", "namespace": .string(namespace)],
         "data": ["identity.agekey": .string(Data(identity.utf8).base64EncodedString())]]
    }

    static func liveValue(_ env: KustomizationEnv, _ name: String, _ key: String) async -> String? {
        guard let text = await env.get(secret, name)?[path: "data", key]?.stringValue, let data = Data(base64Encoded: text) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The file with one character of the first encrypted value's ciphertext changed.
    static func tamper(_ text: String) -> String? {
        guard let range = text.range(of: "ENC[AES256_GCM,data:") else { return nil }
        var chars = Array(text)
        let index = text.distance(from: text.startIndex, to: range.upperBound)
        chars[index] = chars[index] == "A" ? "B" : "A"
        return String(chars)
    }
}
