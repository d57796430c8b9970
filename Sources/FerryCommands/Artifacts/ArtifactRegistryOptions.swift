import ArgumentParser
import Foundation
import OCI

/// How the artifact commands reach a registry: flux's `--creds` and `--insecure-registry`,
/// else the credentials `docker login` stored (`$DOCKER_CONFIG/config.json`, else
/// `~/.docker/config.json`). Credentials are never printed: registry errors name the registry
/// and repository only.
struct ArtifactRegistryOptions: ParsableArguments {
    @Option(help: "Credentials for the OCI registry in the format <username>[:<password>].")
    var creds: String?

    @Flag(name: .customLong("insecure-registry"), help: "Use plain HTTP instead of HTTPS (loopback registries always use plain HTTP).")
    var insecureRegistry = false

    /// A client of `reference`'s registry with the credentials that apply to it.
    func client(for reference: OCIReference, quiet: Bool = false) throws -> OCIClient {
        var options = OCIClient.Options()
        options.plainHTTP = insecureRegistry || Self.isLoopback(reference.registry)
        if let creds {
            if !quiet { Say.action("logging in to registry with credentials") }
            options.credentials = Self.parseCreds(creds)
        } else if let stored = try Self.dockerConfigCredentials(for: reference.registry) {
            options.credentials = stored
        }
        return OCIClient(registry: reference.registry, options: options)
    }

    /// `user[:password]`; a token alone is a user name with an empty password, as flux reads it.
    static func parseCreds(_ text: String) -> OCICredentials {
        guard let colon = text.firstIndex(of: ":") else { return .basic(username: text, password: "") }
        return .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
    }

    /// Loopback registries speak plain HTTP, as go-containerregistry (flux's client) assumes.
    static func isLoopback(_ registry: String) -> Bool {
        let host = registry.hasPrefix("[") ? String(registry.prefix { $0 != "]" }) + "]" : String(registry.prefix { $0 != ":" })
        return host == "localhost" || host.hasPrefix("127.") || host == "[::1]"
    }

    /// The credentials `docker login` stored for `registry`, nil when there is no config file
    /// or no entry for it. A config file that is not JSON is an error naming the file.
    static func dockerConfigCredentials(for registry: String) throws -> OCICredentials? {
        let environment = ProcessInfo.processInfo.environment
        let directory = environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.docker"
        let path = directory + "/config.json"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do { return try DockerConfigJSON([UInt8](data)).credentials(for: registry) } catch {
            throw CLIMessage("\(path): \(error)")
        }
    }
}

/// An `oci://host/repository[:tag|@digest]` argument: flux requires the scheme.
enum ArtifactURL {
    static func parse(_ text: String) throws -> OCIReference {
        guard text.hasPrefix("oci://") else { throw CLIMessage("URL must be in format 'oci://<domain>/<org>/<repo>'") }
        return try OCIReference.parse(text)
    }

    /// `host/repository:tag` or `host/repository@digest`, as flux prints artifact addresses.
    static func display(_ reference: OCIReference) -> String { reference.description }
}
