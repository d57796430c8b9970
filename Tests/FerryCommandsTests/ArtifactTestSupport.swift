import ChildProcess
import FerryTesting
import Foundation
import Testing

/// Files, `skopeo` and `tar` for the artifact command tests: skopeo (Debian's, installed by
/// `scripts/registry install`) is the independent OCI client, GNU tar the independent archiver.
enum ArtifactTestSupport {
    /// A new empty directory, removed by the caller.
    static func temporaryDirectory(_ prefix: String) throws -> String {
        let dir = NSTemporaryDirectory() + "ferry-\(prefix)-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `files` (relative path → contents) under `root`, making directories.
    static func write(_ files: [String: String], under root: String) throws {
        for (path, contents) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: false, encoding: .utf8)
        }
    }

    /// Every regular file below `root`, relative path → contents (symlinks and directories left out).
    static func files(under root: String) -> [String: String] {
        var out: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: root) else { return out }
        while let path = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = root + "/" + path
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: full) else { continue }
            out[path] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    /// Runs `skopeo` with no signature policy file needed (`--insecure-policy`: these are test
    /// registries) and TLS verification off for plain-HTTP loopback registries.
    static func skopeo(_ arguments: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.run("/usr/bin/skopeo", ["--insecure-policy"] + arguments)
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> ChildProcess.Output {
        try await ChildProcess.run(executable, arguments)
    }

    /// The manifest at `docker://HOST/REPO:TAG` as skopeo reads it (`inspect --raw`).
    static func manifest(_ reference: String, creds: String? = nil) async throws -> [String: Any] {
        var args = ["inspect", "--raw", "--tls-verify=false"]
        if let creds { args += ["--creds", creds] }
        let output = try await skopeo(args + ["docker://" + reference])
        try #require(output.status == 0, "skopeo inspect \(reference): \(output.stderrText)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout)) as? [String: Any])
    }

    /// A sample tree to push: manifests, a `.sourceignore`d file, a file Flux's default
    /// `--ignore-paths` leaves out (`*.png`) and Git's own files.
    static let sampleTree: [String: String] = [
        "deploy/app.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  greeting: hello\n",
        "deploy/nested/service.yaml": "apiVersion: v1\nkind: Service\nmetadata:\n  name: app\n",
        "README.md": "how to deploy\n",
        "notes.draft": "left out by .sourceignore\n",
        ".sourceignore": "*.draft\n",
        "logo.png": "not really a png\n",
        ".git/HEAD": "ref: refs/heads/main\n",
        ".gitignore": "tmp/\n",
    ]

    /// What of ``sampleTree`` an artifact holds.
    static let sampleContent: [String: String] = sampleTree.filter {
        ["deploy/app.yaml", "deploy/nested/service.yaml", "README.md", ".sourceignore"].contains($0.key)
    }
}
