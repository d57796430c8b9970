import ControllerRuntime
import NIOHTTP1
import Testing

@Suite struct HTTPRoutingTests {
    let routes: [HTTPRoute] = [
        .get("/metrics") { _ in .text("m") },
        HTTPRoute(.GET, .prefix("/gitrepository/")) { request in .text("artifact " + request.path) },
        HTTPRoute(.POST, .exact("/hook")) { _ in .text("hooked") },
    ]

    func body(_ response: HTTPResponse) -> String {
        if case .bytes(let b) = response.body { return String(decoding: b, as: UTF8.self) }
        return ""
    }

    @Test func routesByPathAndMethod() async {
        #expect(body(await HTTPRoute.respond(to: HTTPRequest(method: .GET, path: "/metrics"), routes: routes)) == "m")
        #expect(body(await HTTPRoute.respond(to: HTTPRequest(method: .GET, path: "/gitrepository/ns/x.tar.gz"), routes: routes))
                == "artifact /gitrepository/ns/x.tar.gz")
        #expect(await HTTPRoute.respond(to: HTTPRequest(method: .GET, path: "/nope"), routes: routes).status == .notFound)
    }

    @Test func aKnownPathWithTheWrongMethodIs405WithAllow() async {
        let r = await HTTPRoute.respond(to: HTTPRequest(method: .DELETE, path: "/metrics"), routes: routes)
        #expect(r.status == .methodNotAllowed)
        #expect(r.headers["Allow"] == ["GET, HEAD"])
        let post = await HTTPRoute.respond(to: HTTPRequest(method: .GET, path: "/hook"), routes: routes)
        #expect(post.status == .methodNotAllowed && post.headers["Allow"] == ["POST"])
    }
}
