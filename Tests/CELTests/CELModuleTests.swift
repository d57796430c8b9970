import CEL
import Testing

@Suite struct CELModuleTests {
    @Test func moduleLoads() {
        #expect(String(describing: CEL.self) == "CEL")
    }
}
