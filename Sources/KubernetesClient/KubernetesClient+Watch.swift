import AsyncHTTPClient
import Manifests
import NIOCore

/// One event of a watch stream.
public enum WatchEvent: Sendable {
    case added(JSONValue)
    case modified(JSONValue)
    case deleted(JSONValue)
    /// The server's progress mark: nothing to apply, but resume from here.
    case bookmark(resourceVersion: String)

    public var object: JSONValue? {
        switch self {
        case .added(let o), .modified(let o), .deleted(let o): return o
        case .bookmark: return nil
        }
    }
}

extension KubernetesClient {
    /// A raw watch from `resourceVersion`. Ends when the server closes the stream (its timeout);
    /// throws an ``APIError`` with `isGone` when the version is too old (re-list then).
    public func watch(_ gvk: GroupVersionKind, namespace: String? = nil, resourceVersion: String?,
                      labelSelector: String? = nil, fieldSelector: String? = nil,
                      timeoutSeconds: Int = 300) async throws -> AsyncThrowingStream<WatchEvent, any Error> {
        let m = try await mapping(for: gvk)
        var query: [(String, String)] = [("watch", "true"), ("allowWatchBookmarks", "true"), ("timeoutSeconds", String(timeoutSeconds))]
        if let resourceVersion, !resourceVersion.isEmpty { query.append(("resourceVersion", resourceVersion)) }
        if let labelSelector, !labelSelector.isEmpty { query.append(("labelSelector", labelSelector)) }
        if let fieldSelector, !fieldSelector.isEmpty { query.append(("fieldSelector", fieldSelector)) }
        let path = m.path(namespace: m.namespaced ? namespace : nil)
        let body = try await openStream(path, query: query, timeout: .seconds(timeoutSeconds + 30))
        return lineStream(body, lastLine: false) { try WatchEvent.decode($0, gvk: gvk, path: path) }
    }

    /// The body of a long GET (a watch, a followed Pod log), once the server answered 200; any
    /// other answer throws as ``send(_:_:query:body:contentType:timeout:)``'s callers see it.
    func openStream(_ path: String, query: [(String, String)], timeout: Duration) async throws -> HTTPClientResponse.Body {
        try await transport.limiter.wait()
        let request = try await makeRequest(.GET, path, query: query, body: nil, contentType: "")
        let response: HTTPClientResponse
        do {
            response = try await transport.http.execute(request, timeout: .init(timeout))
        } catch {
            throw transportError(error)
        }
        guard response.status.code == 200 else {
            let body = try await response.body.collect(upTo: 1 << 20)
            _ = try decode(RawResponse(status: Int(response.status.code), headers: [], body: body), method: .GET, path: path)
            throw ResponseError(request: "GET \(path)", reason: "answered \(response.status.code)")
        }
        return response.body
    }

    /// GET `path` as lines (without their newline), as the server sends them, until it closes
    /// the stream: a followed Pod log (`…/pods/NAME/log?follow=true`). A last line without a
    /// newline is delivered too.
    public func streamLines(_ path: String, query: [(String, String)] = [], timeout: Duration = .seconds(86_400 * 365)) async throws
        -> AsyncThrowingStream<[UInt8], any Error> {
        let body = try await openStream(path, query: query, timeout: timeout)
        return lineStream(body, lastLine: true) { $0 }
    }

    /// `body`'s lines (newline-delimited), each made an element by `element` (nil: skipped);
    /// with `lastLine`, also what follows the last newline. Ends with the body; its errors, and
    /// `element`'s, end the stream as transport errors unless they are the API's.
    func lineStream<Element: Sendable>(_ body: HTTPClientResponse.Body, lastLine: Bool,
                                       _ element: @escaping @Sendable ([UInt8]) throws -> Element?) -> AsyncThrowingStream<Element, any Error> {
        let client = self
        return AsyncThrowingStream { continuation in
            let task = Task {
                var splitter = LineSplitter()
                do {
                    for try await chunk in body {
                        for line in splitter.feed(chunk) {
                            if let value = try element(line) { continuation.yield(value) }
                        }
                    }
                    if lastLine, let last = splitter.rest, let value = try element(last) { continuation.yield(value) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: client.transportErrorOrSelf(error))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func transportErrorOrSelf(_ error: any Error) -> any Error {
        if error is APIError || error is ResponseError { return error }
        return transportError(error)
    }
}

extension WatchEvent {
    static func decode(_ line: [UInt8], gvk: GroupVersionKind, path: String) throws -> WatchEvent? {
        guard !line.isEmpty else { return nil }
        let doc = try line.withUnsafeBufferPointer { try JSONValue(jsonBuffer: $0) }
        guard var object = doc["object"] else { return nil }
        switch doc["type"]?.stringValue {
        case "ERROR":
            let code = object["code"]?.intValue ?? 500
            throw APIError.from(status: code, body: object, retryAfterHeader: nil, request: "WATCH \(path)")
        case "BOOKMARK":
            return .bookmark(resourceVersion: object.resourceVersion ?? "")
        default: break
        }
        if object["apiVersion"] == nil { object["apiVersion"] = .string(gvk.apiVersion) }
        if object["kind"] == nil { object["kind"] = .string(gvk.kind) }
        switch doc["type"]?.stringValue {
        case "ADDED": return .added(object)
        case "MODIFIED": return .modified(object)
        case "DELETED": return .deleted(object)
        default: return nil
        }
    }
}

/// Splits a byte stream into newline-terminated lines (watch events are one JSON per line).
struct LineSplitter {
    private var pending: [UInt8] = []

    mutating func feed(_ buffer: ByteBuffer) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        buffer.withUnsafeReadableBytes { raw in
            var start = 0
            for i in 0..<raw.count where raw[i] == 0x0A {
                pending.append(contentsOf: raw[start..<i])
                lines.append(pending)
                pending.removeAll(keepingCapacity: true)
                start = i + 1
            }
            pending.append(contentsOf: raw[start..<raw.count])
        }
        return lines
    }

    /// What is left after the last newline, when anything is.
    var rest: [UInt8]? { pending.isEmpty ? nil : pending }
}
