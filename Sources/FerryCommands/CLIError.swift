import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// Turns any failure into one clear sentence on stderr and a non-zero exit.
enum CLIError {
    @discardableResult
    static func reporting<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ExitCode {
            throw error
        } catch let error as any (Error & CustomStringConvertible) {
            fail(error.description)
        } catch {
            fail(String(describing: error))
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("✗ \(message)\n".utf8))
        Foundation.exit(1)
    }
}

/// An error whose text is the whole message for the user.
struct CLIMessage: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}

extension KubernetesClient {
    /// `get`, with a missing object reported as "Kind namespace/name not found".
    func getFound(_ gvk: GroupVersionKind, name: String, namespace: String?) async throws -> JSONValue {
        do {
            return try await get(gvk, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(gvk.kind) \(namespace.map { "\($0)/" } ?? "")\(name) not found")
        }
    }
}
