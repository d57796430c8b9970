import Foundation

extension GitRepoFixture {
    /// Writes `files` (path → text) and `binaryFiles` (path → bytes), parent directories made;
    /// makes `symlinks` (path → target, as given: relative or absolute); marks `executables`
    /// (paths, mode 755); removes `deleting`; and commits all of it on the current branch.
    /// Returns the new commit's id. `date` overrides ``date`` for this commit.
    @discardableResult
    public func commit(files: [String: String] = [:], binaryFiles: [String: [UInt8]] = [:],
                       symlinks: [String: String] = [:], executables: [String] = [], deleting: [String] = [],
                       message: String, signed: Signing = .none, date: String? = nil) async throws -> String {
        let fm = FileManager.default
        let contents = files.mapValues { Array($0.utf8) }.merging(binaryFiles) { $1 }
        for (path, content) in contents {
            let full = try workPath(path)
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if (try? fm.destinationOfSymbolicLink(atPath: full)) != nil { try fm.removeItem(atPath: full) }
            try Data(content).write(to: URL(fileURLWithPath: full))
        }
        for path in executables {
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: try workPath(path))
        }
        for (path, target) in symlinks {
            let full = try workPath(path)
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            if (try? fm.attributesOfItem(atPath: full)) != nil || (try? fm.destinationOfSymbolicLink(atPath: full)) != nil {
                try fm.removeItem(atPath: full)
            }
            try fm.createSymbolicLink(atPath: full, withDestinationPath: target)
        }
        if !deleting.isEmpty {
            try await git(["rm", "-r", "-q", "--"] + deleting)
        }
        try await git(["add", "-A"])
        var extra: [String: String] = [:]
        if let date { extra["GIT_AUTHOR_DATE"] = date; extra["GIT_COMMITTER_DATE"] = date }
        try await git(try await signingOptions(signed) + ["commit", "-q", "--allow-empty", "-m", message]
                          + (signed == .none ? [] : ["-S"]), environment: extra)
        return try await revision()
    }

    /// Removes `paths` (files or directories) and commits; returns the commit id.
    @discardableResult
    public func delete(_ paths: [String], message: String? = nil, signed: Signing = .none) async throws -> String {
        try await commit(deleting: paths, message: message ?? "delete \(paths.joined(separator: ", "))", signed: signed)
    }

    /// Makes `path` a symlink to `target` and commits; returns the commit id.
    @discardableResult
    public func symlink(_ path: String, to target: String, message: String? = nil) async throws -> String {
        try await commit(symlinks: [path: target], message: message ?? "link \(path) -> \(target)")
    }

    /// Tags `revision` (default `HEAD`). Lightweight unless `annotated` or signed (a signed tag is
    /// always annotated). Returns the id of the tag object (annotated) or of the commit (lightweight).
    /// An existing tag of the same name is moved.
    @discardableResult
    public func tag(_ name: String, annotated: Bool = false, signed: Signing = .none, message: String? = nil,
                    at revision: String = "HEAD") async throws -> String {
        var args = try await signingOptions(signed) + ["tag", "-f"]
        switch signed {
        case .none: if annotated { args += ["-a"] }
        case .gpg, .ssh: args += ["-s"]
        }
        if annotated || signed != .none { args += ["-m", message ?? "tag \(name)"] }
        try await git(args + [name, revision])
        return try await git(["rev-parse", "refs/tags/" + name]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Adds `other` as a submodule at `path`, by its URL on `endpoint` (what a clone of this
    /// repository will fetch it from), and commits; returns the commit id. Push `other` first.
    @discardableResult
    public func addSubmodule(_ other: GitRepoFixture, at path: String, endpoint: GitServer.Endpoint = .http,
                             branch: String? = nil, message: String? = nil) async throws -> String {
        let options = server.clientOptions(endpoint)
        try await git(options.configArguments + ["submodule", "add", "-q"] + (branch.map { ["-b", $0] } ?? [])
                          + [other.url(endpoint), path], environment: options.environment)
        return try await commit(message: message ?? "submodule \(path)")
    }

    /// Creates branch `name` at `start` (default: the current commit) and switches to it.
    public func branch(_ name: String, from start: String? = nil) async throws {
        try await git(["switch", "-q", "-c", name] + (start.map { [$0] } ?? []))
    }

    /// Switches the working clone to an existing branch.
    public func checkout(_ branch: String) async throws {
        try await git(["switch", "-q", branch])
    }

    /// Deletes a branch or tag in the working clone (the next ``push()`` deletes it from the server).
    public func deleteRef(branch: String? = nil, tag: String? = nil) async throws {
        if let branch { try await git(["branch", "-q", "-D", branch]) }
        if let tag { try await git(["tag", "-d", tag]) }
    }

    /// Makes the bare repository's branches and tags exactly the working clone's (forced, pruned),
    /// through the file system: the servers serve the same directory.
    public func push() async throws {
        try await git(["push", "-q", "--force", "--prune", "origin", "refs/heads/*:refs/heads/*", "refs/tags/*:refs/tags/*"])
    }

    /// Points the bare repository's HEAD (the default branch a clone checks out) at `branch`.
    public func setDefaultBranch(_ branch: String) async throws {
        try await git(["symbolic-ref", "HEAD", "refs/heads/" + branch], in: bareRepository)
    }

    /// Removes the bare repository and the scratch clone, and stops the gpg-agent of its key.
    public func remove() async throws {
        gpgKeyIfMade?.stopAgent()
        try? FileManager.default.removeItem(atPath: bareRepository)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    private func workPath(_ path: String) throws -> String {
        guard !path.hasPrefix("/"), !path.split(separator: "/").contains("..") else {
            throw CommandFailed(command: "write \(path)", status: 1, output: "path must be relative and stay inside the repository")
        }
        return workTree + "/" + path
    }
}
