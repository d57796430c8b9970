import Testing
@testable import Helm

/// Helm's manifest splitting and install order (`releaseutil.SortManifests`).
@Suite struct ManifestSorterTests {
    @Test func splitsOnDashesAtLineStartsAndDropsEmptyDocuments() {
        let text = "\n---\na: 1\n---\n\n---   \nb: 2\n  ---\nstill b\n---c: 3\n---\n---\nd: 4\n"
        // The second of two adjacent separators stays in the document: Go resumes after a match.
        #expect(ManifestSorter.split(text) == ["a: 1", "---   \nb: 2\n  ---\nstill b", "c: 3", "---\nd: 4"])
    }

    @Test func manifestsFollowInstallOrderAndUnknownKindsComeLastAlphabetically() throws {
        let files = [
            "c/templates/a.yaml": "kind: Deployment\nmetadata: {name: d}\n---\nkind: Zeta\n---\nkind: Alpha\n",
            "c/templates/b.yaml": "kind: Namespace\n---\nkind: Service\n---\nkind: Deployment\nmetadata: {name: d2}\n",
            "c/templates/_helpers.tpl": "kind: Namespace\n",
            "c/templates/empty.yaml": "  \n\n",
        ]
        var warnings: [String] = []
        let (hooks, manifests) = try ManifestSorter.sort(files, warnings: &warnings)
        #expect(hooks.isEmpty)
        #expect(manifests.map(\.kind) == ["Namespace", "Service", "Deployment", "Deployment", "Alpha", "Zeta"])
        // Equal kinds keep file order (a.yaml before b.yaml), then document order.
        #expect(manifests.filter { $0.kind == "Deployment" }.map(\.name) == ["d", "d2"])
    }

    @Test func hooksAreKeptApartWithEventsWeightsAndPolicies() throws {
        let hook = """
        kind: Job
        metadata:
          name: migrate
          annotations:
            helm.sh/hook: "pre-install, Pre-Upgrade"
            helm.sh/hook-weight: "-5"
            helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
        """
        let test = "kind: Pod\nmetadata:\n  name: t\n  annotations:\n    helm.sh/hook: test-success\n"
        let unknown = "kind: Pod\nmetadata:\n  name: u\n  annotations:\n    helm.sh/hook: sometimes\n"
        var warnings: [String] = []
        let (hooks, manifests) = try ManifestSorter.sort(["c/templates/h.yaml": hook + "\n---\n" + test + "---\n" + unknown],
                                                         warnings: &warnings)
        #expect(manifests.isEmpty)
        // Sorted by kind: Pod comes before Job in install order.
        #expect(hooks.map(\.manifest.name) == ["t", "migrate"])
        let job = try #require(hooks.first { $0.manifest.name == "migrate" })
        #expect(job.events == ["pre-install", "pre-upgrade"])
        #expect(job.weight == -5)
        #expect(job.deletePolicies == ["before-hook-creation", "hook-succeeded"])
        #expect(hooks.first { $0.manifest.name == "t" }?.isTest == true)
        #expect(warnings == ["info: skipping unknown hook: \"sometimes\""])
    }

    @Test func aDocumentThatIsNotYAMLNamesItsTemplate() {
        var warnings: [String] = []
        #expect {
            _ = try ManifestSorter.sort(["c/templates/bad.yaml": "a: [1, 2\nb: 3\n"], warnings: &warnings)
        } throws: { error in
            (error as? HelmError)?.message.hasPrefix("YAML parse error on c/templates/bad.yaml: error converting YAML to JSON: yaml: line ") == true
        }
    }

    /// The sorter reads only a document's head, but a value anywhere in it that YAML-to-JSON
    /// refuses still fails the render, as Helm's full `yaml.Unmarshal` does.
    @Test func anInfiniteNumberDeepInADocumentFailsLikeHelm() {
        var warnings: [String] = []
        let doc = "kind: ConfigMap\nmetadata: {name: c}\ndata:\n  nested:\n    - {ratio: .inf}\n"
        #expect {
            _ = try ManifestSorter.sort(["c/templates/cm.yaml": doc], warnings: &warnings)
        } throws: { error in
            (error as? HelmError)?.message == "YAML parse error on c/templates/cm.yaml: error converting YAML to JSON: json: unsupported value: +Inf"
        }
    }

    /// Anchors, aliases and merge keys elsewhere in a document do not change what is read of
    /// its head.
    @Test func aliasesAndMergesLeaveTheHeadAsHelmReadsIt() throws {
        let doc = """
        kind: Job
        base: &base {team: a}
        metadata:
          name: "migrate"
          annotations:
            <<: *base
            helm.sh/hook: pre-install
        spec: {labels: *base}
        """
        var warnings: [String] = []
        let (hooks, manifests) = try ManifestSorter.sort(["c/templates/job.yaml": doc], warnings: &warnings)
        #expect(manifests.isEmpty)
        #expect(hooks.map(\.manifest.name) == ["migrate"])
        #expect(hooks.map(\.events) == [["pre-install"]])
    }
}
