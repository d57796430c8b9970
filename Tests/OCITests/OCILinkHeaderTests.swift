@testable import OCI
import Testing

/// The tag list's pagination (`Link: <…>; rel="next"`, RFC 8288), as registries write it.
struct OCILinkHeaderTests {
    @Test(arguments: [
        (#"</v2/a/b/tags/list?last=1.0.0&n=2>; rel="next""#, "/v2/a/b/tags/list?last=1.0.0&n=2"),
        (#"<https://r.example/v2/a/tags/list?n=1&last=x>;rel=next"#, "https://r.example/v2/a/tags/list?n=1&last=x"),
        (#"</v2/a/tags/list?last=p>; rel="prev", </v2/a/tags/list?last=n>; rel="next""#, "/v2/a/tags/list?last=n"),
    ])
    func nextPage(header: String, target: String) {
        #expect(OCIClient.nextLink(header) == target)
    }

    @Test func noNextPage() {
        #expect(OCIClient.nextLink(#"</v2/a/tags/list?last=p>; rel="prev""#) == nil)
        #expect(OCIClient.nextLink("garbage") == nil)
    }
}
