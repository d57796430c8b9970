import Archive
import FerryTesting
import Foundation
import OCI
import Testing

/// `ferry push|pull artifact` against a real registry (`scripts/registry-server`: Debian's
/// docker-registry), with `skopeo` as the independent client on the other side: what Ferry
/// pushes is a Flux artifact to skopeo (media types, annotations, content), and what skopeo
/// pushes — Ferry's artifact copied, or an OCI layout made on disk with GNU tar — Ferry pulls.
@Suite struct ArtifactCommandTests {
    typealias Support = ArtifactTestSupport

    @Test func pushedArtifactIsAFluxArtifactToSkopeo() async throws {
        let registry = try await RegistryFixture.shared()
        let source = try Support.temporaryDirectory("artifact-src")
        let copy = try Support.temporaryDirectory("artifact-skopeo")
        defer { for dir in [source, copy] { try? FileManager.default.removeItem(atPath: dir) } }
        try Support.write(Support.sampleTree, under: source)
        let reference = "\(registry.host)/\(registry.uniquePath("push"))/app:v1"

        let push = try await FerryCLI.run(["push", "artifact", "oci://\(reference)", "--path", source,
                                           "--source", "https://git.example/app.git", "--revision", "main@sha1:0123abcd",
                                           "--annotations", "org.opencontainers.image.description=sample", "--output", "json"])
        try #require(push.status == 0, "\(push.stderr)")
        let info = try #require(try JSONSerialization.jsonObject(with: Data(push.stdout.utf8)) as? [String: String])
        let digest = try #require(info["digest"])
        #expect(info["tag"] == "v1")
        #expect(info["url"] == "oci://\(reference.replacingOccurrences(of: ":v1", with: ""))@\(digest)")

        let manifest = try await Support.manifest(reference)
        #expect(manifest["mediaType"] as? String == OCIMediaType.imageManifest)
        #expect((manifest["config"] as? [String: Any])?["mediaType"] as? String == "application/vnd.cncf.flux.config.v1+json")
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        #expect(layers.count == 1)
        #expect(layers.first?["mediaType"] as? String == "application/vnd.cncf.flux.content.v1.tar+gzip")
        let annotations = try #require(manifest["annotations"] as? [String: String])
        #expect(annotations["org.opencontainers.image.source"] == "https://git.example/app.git")
        #expect(annotations["org.opencontainers.image.revision"] == "main@sha1:0123abcd")
        #expect(annotations["org.opencontainers.image.description"] == "sample")
        let created = try #require(annotations["org.opencontainers.image.created"])
        #expect(ISO8601DateFormatter().date(from: created) != nil, "created '\(created)' is not RFC 3339")

        // skopeo copies the artifact to a directory; GNU tar unpacks its layer to what was pushed.
        let copied = try await Support.skopeo(["copy", "--src-tls-verify=false", "docker://\(reference)", "dir:\(copy)/image"])
        try #require(copied.status == 0, "\(copied.stderrText)")
        let layerDigest = try #require(layers.first?["digest"] as? String)
        let blob = copy + "/image/" + layerDigest.replacingOccurrences(of: "sha256:", with: "")
        try FileManager.default.createDirectory(atPath: copy + "/out", withIntermediateDirectories: true)
        let untar = try await Support.run("/bin/tar", ["-xzf", blob, "-C", copy + "/out"])
        try #require(untar.status == 0, "\(untar.stderrText)")
        #expect(Support.files(under: copy + "/out") == Support.sampleContent)
    }

    @Test func pullsAnArtifactSkopeoCopied() async throws {
        let registry = try await RegistryFixture.shared()
        let source = try Support.temporaryDirectory("artifact-src")
        let output = try Support.temporaryDirectory("artifact-pull")
        defer { for dir in [source, output] { try? FileManager.default.removeItem(atPath: dir) } }
        try Support.write(Support.sampleTree, under: source)
        let base = "\(registry.host)/\(registry.uniquePath("copy"))"
        let push = try await FerryCLI.run(["push", "artifact", "oci://\(base)/app:v1", "--path", source,
                                           "--source", "https://git.example/app.git", "--revision", "v1@sha1:feedbeef"])
        try #require(push.status == 0, "\(push.stderr)")
        let copied = try await Support.skopeo(["copy", "--src-tls-verify=false", "--dest-tls-verify=false",
                                               "docker://\(base)/app:v1", "docker://\(base)/mirror:stable"])
        try #require(copied.status == 0, "\(copied.stderrText)")

        let pull = try await FerryCLI.run(["pull", "artifact", "oci://\(base)/mirror:stable", "--output", output])
        try #require(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("✔ source https://git.example/app.git"))
        #expect(pull.stdout.contains("✔ revision v1@sha1:feedbeef"))
        #expect(pull.stdout.contains("✔ artifact content extracted to \(output)"))
        #expect(Support.files(under: output) == Support.sampleContent)
        let mode = try FileManager.default.attributesOfItem(atPath: output + "/deploy/app.yaml")[.posixPermissions] as? Int
        #expect(mode == 0o644)

        // By digest too (the digest line of the first pull), into a directory with other files,
        // which stay; a changed file of the artifact is written back.
        let digestLine = try #require(pull.stdout.split(separator: "\n").first { $0.hasPrefix("✔ digest sha256:") })
        let digest = String(digestLine.dropFirst("✔ digest ".count))
        try Support.write(["deploy/app.yaml": "edited\n", "mine.txt": "kept\n"], under: output)
        let byDigest = try await FerryCLI.run(["pull", "artifact", "oci://\(base)/app@\(digest)", "--output", output])
        try #require(byDigest.status == 0, "\(byDigest.stderr)")
        #expect(Support.files(under: output) == Support.sampleContent.merging(["mine.txt": "kept\n"]) { a, _ in a })
    }

    @Test func pushRefusesMissingFlagsAndPaths() async throws {
        let registry = try await RegistryFixture.shared()
        let url = "oci://\(registry.host)/\(registry.uniquePath("flags"))/app:v1"
        let noSource = try await FerryCLI.run(["push", "artifact", url, "--path", ".", "--revision", "r"])
        #expect(noSource.status != 0)
        #expect(noSource.stderr.contains("--source is required"), "\(noSource.stderr)")
        let noScheme = try await FerryCLI.run(["push", "artifact", String(url.dropFirst(6)), "--path", ".", "--source", "s", "--revision", "r"])
        #expect(noScheme.status != 0)
        #expect(noScheme.stderr.contains("URL must be in format 'oci://<domain>/<org>/<repo>'"), "\(noScheme.stderr)")
        let missing = try await FerryCLI.run(["push", "artifact", url, "--path", "/nonexistent-\(UUID().uuidString)", "--source", "s", "--revision", "r"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("must point to an existing directory or file"), "\(missing.stderr)")
    }

    /// An artifact no Ferry code made: a layer from GNU tar (`./`-prefixed names, directory
    /// entries), an OCI image layout written by hand, pushed by `skopeo copy oci:…`.
    @Test func pullsAnArtifactSkopeoPushedFromAnOCILayout() async throws {
        let registry = try await RegistryFixture.shared()
        let work = try Support.temporaryDirectory("artifact-layout")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try Support.write(["site/index.yaml": "kind: ConfigMap\n", "site/run.sh": "#!/bin/sh\necho hi\n"], under: work + "/src")
        _ = chmod(work + "/src/site/run.sh", 0o755)
        let tar = try await Support.run("/bin/tar", ["-czf", work + "/layer.tgz", "-C", work + "/src", "."])
        try #require(tar.status == 0, "\(tar.stderrText)")
        let layer = [UInt8](try #require(FileManager.default.contents(atPath: work + "/layer.tgz")))
        let config = Array("{}".utf8)
        let manifest = OCIManifest(
            config: OCIDescriptor(mediaType: FluxArtifactFormat.configMediaType, digest: OCIClient.digest(config), size: Int64(config.count)),
            layers: [OCIDescriptor(mediaType: FluxArtifactFormat.contentMediaType, digest: OCIClient.digest(layer), size: Int64(layer.count))],
            annotations: [FluxArtifactFormat.Annotation.source: "oci-layout", FluxArtifactFormat.Annotation.revision: "handmade"])
        let manifestBytes = Array(try JSONEncoder().encode(manifest))
        let layout = work + "/layout"
        try FileManager.default.createDirectory(atPath: layout + "/blobs/sha256", withIntermediateDirectories: true)
        for blob in [config, layer, manifestBytes] {
            let name = OCIClient.digest(blob).replacingOccurrences(of: "sha256:", with: "")
            try Data(blob).write(to: URL(fileURLWithPath: layout + "/blobs/sha256/" + name))
        }
        try #"{"imageLayoutVersion":"1.0.0"}"#.write(toFile: layout + "/oci-layout", atomically: false, encoding: .utf8)
        let index: [String: Any] = ["schemaVersion": 2, "manifests": [[
            "mediaType": OCIMediaType.imageManifest, "digest": OCIClient.digest(manifestBytes), "size": manifestBytes.count,
            "annotations": ["org.opencontainers.image.ref.name": "v2"]]]]
        try JSONSerialization.data(withJSONObject: index).write(to: URL(fileURLWithPath: layout + "/index.json"))
        let reference = "\(registry.host)/\(registry.uniquePath("layout"))/site:v2"
        let copied = try await Support.skopeo(["copy", "--dest-tls-verify=false", "oci:\(layout):v2", "docker://\(reference)"])
        try #require(copied.status == 0, "\(copied.stderrText)")

        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        let pull = try await FerryCLI.run(["pull", "artifact", "oci://\(reference)", "--output", work + "/out"])
        try #require(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout.contains("✔ revision handmade"))
        #expect(Support.files(under: work + "/out") == ["site/index.yaml": "kind: ConfigMap\n", "site/run.sh": "#!/bin/sh\necho hi\n"])
        #expect(FileManager.default.isExecutableFile(atPath: work + "/out/site/run.sh"))
    }

    /// A layer naming `../escape.txt`: the pull fails naming the entry and writes nothing,
    /// neither outside the output directory nor in it.
    @Test func refusesAnArtifactWhoseLayerClimbsOut() async throws {
        let registry = try await RegistryFixture.shared()
        let work = try Support.temporaryDirectory("artifact-hostile")
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        var layer: [UInt8] = []
        let gzip = try GzipWriter { layer += $0 }
        try gzip.write(Tar.file(path: "fine.yaml", contents: Array("kind: ConfigMap\n".utf8)))
        try gzip.write(Tar.file(path: "../escape.txt", contents: Array("outside\n".utf8)))
        try gzip.write(Tar.trailer)
        try gzip.finish()
        let repository = registry.uniquePath("hostile") + "/app"
        try await registry.client().pushFluxArtifact(layer: layer, repository: repository, tag: "bad", annotations: [:])

        let pull = try await FerryCLI.run(["pull", "artifact", "oci://\(registry.host)/\(repository):bad", "--output", work + "/out"])
        #expect(pull.status != 0)
        #expect(pull.stderr.contains("../escape.txt"), "\(pull.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work + "/escape.txt"))
        #expect(Support.files(under: work + "/out").isEmpty)
    }

    @Test func basicAuthRegistryWithCredsAndDockerConfig() async throws {
        let registry = try await RegistryFixture.shared(.basicAuth)
        let source = try Support.temporaryDirectory("artifact-src")
        let work = try Support.temporaryDirectory("artifact-auth")
        defer { for dir in [source, work] { try? FileManager.default.removeItem(atPath: dir) } }
        try Support.write(["app.yaml": "kind: ConfigMap\n"], under: source)
        let url = "oci://\(registry.host)/\(registry.uniquePath("auth"))/app:v1"
        let args = ["push", "artifact", url, "--path", source, "--source", "s", "--revision", "r"]

        let anonymous = try await FerryCLI.run(args)
        #expect(anonymous.status != 0)
        #expect(anonymous.stderr.contains("requires basic authentication and no credentials were given"), "\(anonymous.stderr)")

        let wrongPassword = "not-the-password-\(UUID().uuidString.prefix(6))"
        let wrong = try await FerryCLI.run(args + ["--creds", "\(registry.username):\(wrongPassword)"])
        #expect(wrong.status != 0)
        #expect(wrong.stderr.contains("401 Unauthorized"), "\(wrong.stderr)")
        #expect(!(wrong.stdout + wrong.stderr).contains(wrongPassword))

        let pushed = try await FerryCLI.run(args + ["--creds", "\(registry.username):\(registry.password)"])
        try #require(pushed.status == 0, "\(pushed.stderr)")
        #expect(!(pushed.stdout + pushed.stderr).contains(registry.password))
        // skopeo reads it back with the same credentials.
        let manifest = try await Support.manifest(String(url.dropFirst(6)), creds: "\(registry.username):\(registry.password)")
        #expect((manifest["annotations"] as? [String: String])?["org.opencontainers.image.revision"] == "r")

        // `docker login`'s file, found through DOCKER_CONFIG, when there is no --creds.
        try FileManager.default.createDirectory(atPath: work + "/docker", withIntermediateDirectories: true)
        try registry.dockerConfigJSON.write(toFile: work + "/docker/config.json", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: work + "/out", withIntermediateDirectories: true)
        let pull = try await FerryCLI.run(["pull", "artifact", url, "--output", work + "/out"], environment: ["DOCKER_CONFIG": work + "/docker"])
        try #require(pull.status == 0, "\(pull.stderr)")
        #expect(Support.files(under: work + "/out") == ["app.yaml": "kind: ConfigMap\n"])
    }
}
