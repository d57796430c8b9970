import ChildProcess
import FerryTesting
import Foundation
import OCI
import Testing

/// Registries send blob downloads to object storage with a redirect; the registry's credentials
/// must not follow it. A registry stand-in (python3's `http.server`: 401 Basic, then a 307 to
/// a second port) and a storage stand-in that reports what it was sent.
struct OCIRedirectTests {
    static let script = #"""
    import http.server, sys, threading
    seen = []
    class Storage(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            if self.path == "/seen":
                body = ",".join(seen).encode()
            else:
                seen.append(self.headers.get("Authorization") or "none")
                body = b"hello"
            self.send_response(200); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
    storage = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Storage)
    class Registry(http.server.BaseHTTPRequestHandler):
        def log_message(self, *a): pass
        def do_GET(self):
            if not self.headers.get("Authorization", "").startswith("Basic "):
                self.send_response(401); self.send_header("WWW-Authenticate", 'Basic realm="r"')
                self.send_header("Content-Length", "0"); self.end_headers(); return
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:%d/storage/blob" % storage.server_address[1])
            self.send_header("Content-Length", "0"); self.end_headers()
    registry = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    threading.Thread(target=storage.serve_forever, daemon=True).start()
    print(registry.server_address[1], storage.server_address[1], flush=True)
    registry.serve_forever()
    """#

    @Test func credentialsStayWithTheRegistryWhenABlobIsRedirected() async throws {
        let file = NSTemporaryDirectory() + "oci-redirect-" + UUID().uuidString + ".py"
        try Self.script.write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        let server = try ChildProcess.start("/usr/bin/python3", [file], logFile: file + ".log")
        defer {
            server.signal(SIGKILL)
            try? FileManager.default.removeItem(atPath: file + ".log")
        }
        var ports: [String] = []
        let started = await eventually(timeout: .seconds(20), every: .milliseconds(50)) {
            ports = server.output.split(whereSeparator: { $0.isWhitespace }).map { String($0) }
            return ports.count >= 2
        }
        try #require(started, "the stand-in servers did not start: \(server.output)")

        var options = OCIClient.Options()
        options.plainHTTP = true
        options.credentials = .basic(username: "user", password: "secret")
        let client = OCIClient(registry: "127.0.0.1:\(ports[0])", options: options)
        let blob = Array("hello".utf8)
        let descriptor = OCIDescriptor(mediaType: "application/octet-stream", digest: OCIClient.digest(blob), size: Int64(blob.count))
        #expect(try await client.blob(repository: "charts/app", descriptor: descriptor, maxSize: 1024) == blob)
        // The storage host saw the download, without the registry's Authorization header.
        let seen = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "http://127.0.0.1:\(ports[1])/seen"])
        #expect(seen.stdoutText == "none")
    }
}
