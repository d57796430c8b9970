import Foundation
import Manifests

extension KubeConfig {
    /// Parses one kubeconfig file's text. `directory` resolves relative paths, as kubectl does
    /// (relative to the file that holds them, not to the working directory).
    public init(yaml text: String, source: String, directory: String) throws {
        let doc: JSONValue
        do {
            doc = try YAML.document(text, source: source)
        } catch let error as ManifestError {
            throw KubeConfigError("kubeconfig \(error)")
        }
        if doc == .null { self.init(); return }
        guard doc.objectValue != nil else {
            throw KubeConfigError("kubeconfig \(source): expected a mapping with clusters, users and contexts")
        }
        self.init()
        func resolve(_ path: String?) -> String? {
            guard let path, !path.isEmpty else { return nil }
            if path.hasPrefix("/") { return path }
            if path.hasPrefix("~/") { return NSHomeDirectory() + path.dropFirst() }
            return directory + "/" + path
        }
        func named(_ key: String, _ inner: String) throws -> [(String, JSONValue)] {
            guard let list = doc[key], list != .null else { return [] }
            guard let items = list.arrayValue else {
                throw KubeConfigError("kubeconfig \(source): \(key) must be a list")
            }
            return try items.enumerated().map { i, item in
                guard let name = item["name"]?.stringValue, !name.isEmpty else {
                    throw KubeConfigError("kubeconfig \(source): \(key)[\(i)] has no name")
                }
                return (name, item[inner] ?? .object([:]))
            }
        }
        func bytes(_ v: JSONValue?, _ field: String, _ owner: String) throws -> [UInt8]? {
            guard let s = v?.stringValue, !s.isEmpty else { return nil }
            guard let data = Data(base64Encoded: s, options: .ignoreUnknownCharacters) else {
                throw KubeConfigError("kubeconfig \(source): \(owner).\(field) is not valid base64")
            }
            return [UInt8](data)
        }

        for (name, c) in try named("clusters", "cluster") where clusters[name] == nil {
            guard let server = c["server"]?.stringValue, !server.isEmpty else {
                throw KubeConfigError("kubeconfig \(source): cluster \"\(name)\" has no server")
            }
            var cluster = Cluster(server: server)
            cluster.certificateAuthority = resolve(c["certificate-authority"]?.stringValue)
            cluster.certificateAuthorityData = try bytes(c["certificate-authority-data"], "certificate-authority-data", "cluster \"\(name)\"")
            cluster.insecureSkipTLSVerify = c["insecure-skip-tls-verify"]?.boolValue ?? false
            cluster.tlsServerName = c["tls-server-name"]?.stringValue
            cluster.proxyURL = c["proxy-url"]?.stringValue
            clusters[name] = cluster
        }
        for (name, u) in try named("users", "user") where users[name] == nil {
            var user = User()
            user.token = u["token"]?.stringValue
            user.tokenFile = resolve(u["tokenFile"]?.stringValue)
            user.clientCertificate = resolve(u["client-certificate"]?.stringValue)
            user.clientCertificateData = try bytes(u["client-certificate-data"], "client-certificate-data", "user \"\(name)\"")
            user.clientKey = resolve(u["client-key"]?.stringValue)
            user.clientKeyData = try bytes(u["client-key-data"], "client-key-data", "user \"\(name)\"")
            user.username = u["username"]?.stringValue
            user.password = u["password"]?.stringValue
            user.impersonate = u["as"]?.stringValue
            if let provider = u["auth-provider"], provider != .null { user.authProvider = provider["name"]?.stringValue ?? "" }
            user.impersonateGroups = u["as-groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let e = u["exec"], e != .null {
                guard let command = e["command"]?.stringValue, !command.isEmpty else {
                    throw KubeConfigError("kubeconfig \(source): user \"\(name)\" exec has no command")
                }
                // A command with a path separator is relative to the file; a bare name is looked up on PATH.
                var exec = ExecConfig(command: command.contains("/") ? (resolve(command) ?? command) : command)
                exec.args = e["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
                exec.env = (e["env"]?.arrayValue ?? []).compactMap { v in
                    guard let n = v["name"]?.stringValue else { return nil }
                    return (n, v["value"]?.stringValue ?? "")
                }
                exec.apiVersion = e["apiVersion"]?.stringValue ?? exec.apiVersion
                exec.interactiveMode = e["interactiveMode"]?.stringValue
                user.exec = exec
            }
            users[name] = user
        }
        for (name, c) in try named("contexts", "context") where contexts[name] == nil {
            contexts[name] = Context(cluster: c["cluster"]?.stringValue ?? "", user: c["user"]?.stringValue ?? "",
                                     namespace: c["namespace"]?.stringValue)
        }
        if let current = doc["current-context"]?.stringValue, !current.isEmpty { currentContext = current }
    }

    /// kubectl's merge of several files (KUBECONFIG=a:b:c): the first file to define a cluster,
    /// user or context by a name wins, and so does the first non-empty `current-context`.
    public mutating func merge(_ later: KubeConfig) {
        for (k, v) in later.clusters where clusters[k] == nil { clusters[k] = v }
        for (k, v) in later.users where users[k] == nil { users[k] = v }
        for (k, v) in later.contexts where contexts[k] == nil { contexts[k] = v }
        if currentContext == nil { currentContext = later.currentContext }
    }

    /// Loads the files named by an explicit path, else `$KUBECONFIG` (colon-separated,
    /// missing files skipped as kubectl does), else `~/.kube/config`.
    public static func load(path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> KubeConfig {
        let paths: [String]
        var mustExist = false
        if let path, !path.isEmpty {
            paths = [path]
            mustExist = true
        } else if let env = environment["KUBECONFIG"], !env.isEmpty {
            paths = env.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        } else {
            paths = [(environment["HOME"] ?? NSHomeDirectory()) + "/.kube/config"]
        }
        var merged = KubeConfig()
        var loadedAny = false
        for p in paths {
            guard let data = FileManager.default.contents(atPath: p) else {
                if mustExist { throw KubeConfigError("kubeconfig \(p) cannot be read: no such file") }
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw KubeConfigError("kubeconfig \(p) is not UTF-8 text")
            }
            let dir = (p as NSString).deletingLastPathComponent
            merged.merge(try KubeConfig(yaml: text, source: p, directory: dir.isEmpty ? "." : dir))
            loadedAny = true
        }
        guard loadedAny else {
            throw KubeConfigError("no kubeconfig found (looked at \(paths.joined(separator: ", "))); set KUBECONFIG or pass --kubeconfig")
        }
        return merged
    }
}
