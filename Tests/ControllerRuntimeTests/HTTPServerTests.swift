import ControllerRuntime
import FerryTesting
import Foundation
import ServiceLifecycle
import Testing

/// The server the source controller reuses for artifacts: files streamed from disk, 404, 405.
@Suite struct HTTPServerTests {
    @Test func servesFilesWithTheirLengthAndAnswers404And405() async throws {
        let dir = NSTemporaryDirectory() + "ferry-http-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Larger than one 64 KiB chunk, and not a multiple of it.
        let bytes = (0..<200_001).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/a.tar.gz"))

        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: [
            HTTPRoute(.GET, .prefix("/gitrepository/")) { request in
                .file(dir + "/" + (request.path.split(separator: "/").last.map(String.init) ?? ""), contentType: "application/gzip")
            },
        ])
        let serving = RunningGroup([server])
        let base = "http://127.0.0.1:\(try await server.boundPort())"

        let out = dir + "/downloaded"
        let code = try await LocalControlPlane.run("/usr/bin/curl", ["-sS", "-o", out, "-w", "%{http_code}", base + "/gitrepository/ns/a.tar.gz"])
        #expect(code == "200")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(bytes))

        let head = try await fetch(base + "/gitrepository/ns/a.tar.gz", method: "HEAD")
        #expect(head.status == 200)
        #expect(head.headers.lowercased().contains("content-length: 200001"))
        #expect(head.headers.lowercased().contains("content-type: application/gzip"))

        #expect(try await fetch(base + "/gitrepository/ns/missing.tar.gz").status == 404)
        #expect(try await fetch(base + "/other").status == 404)
        let post = try await fetch(base + "/gitrepository/ns/a.tar.gz", method: "POST")
        #expect(post.status == 405 && post.headers.contains("Allow: GET, HEAD"))
        try await serving.stop()
    }

    @Test func gracefulShutdownLetsARequestInFlightFinishAndRefusesNewOnes() async throws {
        let started = Locked(false)
        let release = Gate()
        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: [
            .get("/slow") { _ in
                started.withLock { $0 = true }
                // Busy until the shutdown has begun and the test has seen new requests refused.
                try? await gracefulShutdown()
                await release.wait()
                return .text("finished")
            },
        ])
        let serving = RunningGroup([server])
        let base = "http://127.0.0.1:\(try await server.boundPort())"
        async let slow = fetch(base + "/slow")
        #expect(await eventually { started.value })
        let stopping = Task { try await serving.stop() }  // returns once the slow request is answered
        // While the slow request is still held, new requests are refused (any other path
        // would answer 404 at once if they were accepted).
        #expect(await eventually(timeout: .seconds(60)) { (try? await fetch(base + "/probe")) == nil }, "no longer accepting")
        release.open()
        let answered = try await slow
        #expect(answered.status == 200 && answered.body == "finished")
        #expect(answered.headers.contains("Connection: close"))
        try await stopping.value
    }

    @Test func aRequestThatOutlivesTheDrainTimeoutIsCut() async throws {
        let started = Locked(false)
        let cancelled = Locked(false)
        let server = HTTPServer(host: "127.0.0.1", port: 0, routes: [
            .get("/stuck") { _ in
                started.withLock { $0 = true }
                // A handler stuck far longer than the drain timeout (and curl's 20 s limit).
                try? await Task.sleep(for: .seconds(120))
                cancelled.withLock { $0 = Task.isCancelled }
                return .text("too late")
            },
        ], drainTimeout: .milliseconds(300))
        let serving = RunningGroup([server])
        let base = "http://127.0.0.1:\(try await server.boundPort())"
        let stuck = Task { try await fetch(base + "/stuck") }
        #expect(await eventually { started.value })
        try await serving.stop()
        // The handler was cancelled (not left to finish its two minutes), and the client saw
        // the server close the connection rather than giving up itself (curl's timeout is 28).
        #expect(cancelled.value, "the drain timeout abandoned the handler")
        let error = await #expect(throws: CommandFailed.self, "the client sees the connection end") { try await stuck.value }
        #expect(error.map { $0.status != 28 } ?? false, "cut by the server, not by curl's 20 s limit: \(String(describing: error))")
    }

    @Test func parsesListenAddresses() throws {
        let any = try HTTPServer(address: ":8080", routes: [])
        #expect(any.host == "0.0.0.0" && any.port == 8080)
        let v6 = try HTTPServer(address: "[::1]:9440", routes: [])
        #expect(v6.host == "::1" && v6.port == 9440)
        #expect(throws: HTTPServerError.self) { try HTTPServer(address: "nonsense", routes: []) }
    }
}
