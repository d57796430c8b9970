import ControllerRuntime
import Testing
@testable import FerryCommands

/// `ferry controllers run` exposes nothing to the network unless told to: metrics, health and
/// the artifact server (the source of everything applied) listen on loopback by default.
@Suite struct ControllersRunListenerTests {
    @Test func everyListenerDefaultsToLoopback() throws {
        let command = try ControllersRunCommand.parse([])
        for address in [command.metricsAddr, command.healthAddr, command.storageAddr] {
            let server = try HTTPServer(address: address, routes: [])
            #expect(server.host == "127.0.0.1", "\(address) listens beyond loopback")
        }
    }

    @Test func aPortAloneMeansEveryInterface() throws {
        let command = try ControllersRunCommand.parse(["--metrics-addr", ":8080"])
        #expect(try HTTPServer(address: command.metricsAddr, routes: []).host == "0.0.0.0")
    }
}
