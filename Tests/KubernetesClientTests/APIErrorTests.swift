import Manifests
import Testing
@testable import KubernetesClient

@Suite struct APIErrorTests {
    @Test func invalidCarriesFieldCauses() throws {
        let status = try JSONValue(json: """
            {"kind":"Status","status":"Failure","reason":"Invalid","code":422,
             "message":"ConfigMap \\"x\\" is invalid: metadata.name: Invalid value",
             "details":{"causes":[{"reason":"FieldValueInvalid","field":"metadata.name","message":"Invalid value: \\"X\\""}]}}
            """)
        let e = APIError.from(status: 422, body: status, retryAfterHeader: nil, request: "POST /api/v1/namespaces/a/configmaps")
        #expect(e.isInvalid)
        #expect(e.causes == [.init(field: "metadata.name", reason: "FieldValueInvalid", message: "Invalid value: \"X\"")])
    }

    @Test func tooManyRequestsCarriesRetryAfter() {
        let e = APIError.from(status: 429, body: nil, retryAfterHeader: "3", request: "GET /api/v1/pods")
        #expect(e.isTooManyRequests && e.isTransient)
        #expect(e.retryAfterSeconds == 3)
        #expect(e.description == "the server answered 429 TooManyRequests to GET /api/v1/pods")
    }

    @Test func goneIsRecognisedFromWatchErrors() {
        let e = APIError.from(status: 410, body: ["kind": "Status", "reason": "Expired", "code": 410, "message": "too old resource version"],
                              retryAfterHeader: nil, request: "WATCH /api/v1/pods")
        #expect(e.isGone)
        #expect(e.description == "too old resource version")
    }
}
