import ArgumentParser
import Foundation
import KubernetesClient

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
