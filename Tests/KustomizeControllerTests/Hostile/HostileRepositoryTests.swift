import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import Testing

extension HostileInputTests {
    /// A repository's author controls its tree: symlinks, `.sourceignore`, what `include` copies
    /// where. None of it may loop the archiver or reach outside the checkout.
    @Suite struct Repository {
        @Test func linksInACheckoutStayInsideIt() async throws {
            let host = try HostDirectory("repository")
            defer { host.remove() }
            try await HostileInputTests.with("hostile-repo") { env in
                // Mutually linked directories: a walk that follows links never ends.
                let loops = try await env.hostileRepository("loops")
                try await loops.commit(files: ["a/cm.yaml": configMapYAML("a"), "b/cm.yaml": configMapYAML("b")],
                                       symlinks: ["a/l": "../b", "b/l": "../a"], message: "loop")
                try await loops.push()
                try await env.createGitRepository("loops", url: loops.url(.http))
                try await HostileInputTests.expectContained(env, .gitRepository("loops"), .failsOrSucceeds(saying: ["a/l"]))
                if await env.currentReady(.gitRepository("loops"))?["status"]?.stringValue == "True" {
                    let paths = try await env.artifactPaths("loops")
                    #expect(paths.contains("a/cm.yaml") && paths.contains("b/cm.yaml"), "\(paths)")
                }

                // include.toPath through a committed link to a directory of the host.
                _ = try host.write("keep.txt", "the host's own file\n")
                let before = host.snapshot()
                let lib = try await env.hostileRepository("lib")
                try await lib.commit(files: ["x/lib.yaml": configMapYAML("lib")], message: "lib")
                try await lib.push()
                try await env.createGitRepository("lib", url: lib.url(.http))
                let escape = try await env.hostileRepository("escape")
                try await escape.commit(files: ["apps/cm.yaml": configMapYAML("escape")], symlinks: ["evil": host.path], message: "evil")
                try await escape.push()
                for (name, toPath) in [("escape-into", "evil/sub"), ("escape-onto", "evil")] {
                    try await env.createGitRepository(name, url: escape.url(.http),
                                                      ["include": [["repository": ["name": "lib"], "fromPath": "x", "toPath": .string(toPath)]]])
                    let message = try await HostileInputTests.expectContained(env, .gitRepository(name), .fails(saying: ["evil", "symlink"]))
                    #expect(!message.contains(host.path), "no host paths in messages: \(message)")
                    #expect(host.snapshot() == before, "nothing outside the checkout is written or deleted (toPath \(toPath))")
                }

                // .sourceignore as a link to a file of the host: not read through the link.
                let patterns = try host.write("ignore", "/apps/\n")
                let ignoreLink = try await env.hostileRepository("ignore-link")
                try await ignoreLink.commit(files: ["apps/cm.yaml": configMapYAML("ignored")], symlinks: [".sourceignore": patterns],
                                            message: "ignore link")
                try await ignoreLink.push()
                try await env.createGitRepository("ignore-link", url: ignoreLink.url(.http))
                try await HostileInputTests.expectContained(env, .gitRepository("ignore-link"), .fails(saying: [".sourceignore", "symlink"]))

                // A .sourceignore past the size bound (1 MiB): refused, not read into memory.
                let huge = try await env.hostileRepository("ignore-huge")
                try await huge.commit(files: ["apps/cm.yaml": configMapYAML("huge"),
                                              ".sourceignore": String(repeating: "# a comment line to pad the file out\n", count: 1 << 16)],
                                      message: "huge ignore")
                try await huge.push()
                try await env.createGitRepository("ignore-huge", url: huge.url(.http))
                try await HostileInputTests.expectContained(env, .gitRepository("ignore-huge"), .fails(saying: [".sourceignore", "limit"]))
            }
        }
    }
}
