import Manifests

/// One discovery snapshot at a time, shared by every copy of a client; concurrent misses
/// wait for a single refresh instead of each rediscovering.
actor DiscoveryCache {
    private var snapshot: RESTMapping?
    private var inflight: Task<RESTMapping, any Error>?
    private var refreshedAt: ContinuousClock.Instant?

    func current(_ fetch: @escaping @Sendable () async throws -> RESTMapping) async throws -> RESTMapping {
        if let snapshot { return snapshot }
        return try await refresh(fetch)
    }

    /// Rediscovers unless a refresh finished within `minimumAge` (a storm of lookups for a kind
    /// that really does not exist must not become a storm of discovery requests).
    func refresh(_ fetch: @escaping @Sendable () async throws -> RESTMapping,
                 unlessNewerThan minimumAge: Duration = .zero) async throws -> RESTMapping {
        if let snapshot, let refreshedAt, refreshedAt.duration(to: .now) < minimumAge { return snapshot }
        if let inflight { return try await inflight.value }
        let task = Task { try await fetch() }
        inflight = task
        defer { inflight = nil }
        let result = try await task.value
        snapshot = result
        refreshedAt = .now
        return result
    }
}

/// The API server's `/version`.
public struct ServerVersion: Sendable, Equatable {
    public var major: String
    public var minor: String
    public var gitVersion: String
    public var platform: String
}

extension KubernetesClient {
    public func serverVersion() async throws -> ServerVersion {
        let v = try await requestJSON(.GET, "/version")
        return ServerVersion(major: v["major"]?.stringValue ?? "", minor: v["minor"]?.stringValue ?? "",
                             gitVersion: v["gitVersion"]?.stringValue ?? "", platform: v["platform"]?.stringValue ?? "")
    }

    /// The current discovery snapshot (fetched on first use).
    public func restMapping() async throws -> RESTMapping {
        try await transport.discovery.current { try await self.discover() }
    }

    /// Forces a fresh discovery, e.g. after installing CRDs.
    @discardableResult
    public func refreshDiscovery() async throws -> RESTMapping {
        try await transport.discovery.refresh { try await self.discover() }
    }

    /// How a kind is served. A kind missing from the snapshot triggers one rediscovery
    /// (at most one a second), so a CRD created a moment ago is found without a restart.
    public func mapping(for gvk: GroupVersionKind) async throws -> ResourceMapping {
        if let m = try await restMapping().mapping(for: gvk) { return m }
        let fresh = try await transport.discovery.refresh({ try await self.discover() }, unlessNewerThan: .seconds(1))
        if let m = fresh.mapping(for: gvk) { return m }
        throw UnknownKindError(gvk: gvk)
    }

    /// Walks `/api` and `/apis`, fetching every group version's resources in parallel.
    func discover() async throws -> RESTMapping {
        async let coreDoc = requestJSON(.GET, "/api")
        async let groupsDoc = requestJSON(.GET, "/apis")
        var targets: [(group: String, version: String, preferred: Bool)] = []
        for v in try await coreDoc["versions"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            targets.append(("", v, v == "v1"))
        }
        for g in try await groupsDoc["groups"]?.arrayValue ?? [] {
            guard let name = g["name"]?.stringValue else { continue }
            let preferred = g[path: "preferredVersion", "version"]?.stringValue
            for v in g["versions"]?.arrayValue ?? [] {
                guard let version = v["version"]?.stringValue else { continue }
                targets.append((name, version, version == preferred))
            }
        }
        let lists = try await withThrowingTaskGroup(of: (Int, JSONValue?).self) { group in
            for (i, t) in targets.enumerated() {
                let path = t.group.isEmpty ? "/api/\(t.version)" : "/apis/\(t.group)/\(t.version)"
                group.addTask {
                    do {
                        return (i, try await self.requestJSON(.GET, path))
                    } catch let e as APIError where e.code == 503 || e.isNotFound {
                        return (i, nil)  // an unavailable aggregated API must not break discovery
                    }
                }
            }
            var out = [JSONValue?](repeating: nil, count: targets.count)
            for try await (i, doc) in group { out[i] = doc }
            return out
        }
        var mapping = RESTMapping()
        for (i, t) in targets.enumerated() {
            guard let list = lists[i] else { continue }
            mapping.add(resourceList: list, group: t.group, version: t.version, preferred: t.preferred)
        }
        return mapping
    }
}
