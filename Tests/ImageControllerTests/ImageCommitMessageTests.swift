import ImageController
import Testing

/// The commit message template over Flux's TemplateData (`.AutomationObject`, `.Changed`, `.Values`).
@Suite struct ImageCommitMessageTests {
    static var result: ImageUpdateResult {
        var result = ImageUpdateResult()
        let deployment = ImageObjectID(apiVersion: "apps/v1", kind: "Deployment", name: "web", namespace: "apps")
        let job = ImageObjectID(apiVersion: "batch/v1", kind: "CronJob", name: "backup", namespace: "apps")
        result.add(file: "deploy/web.yaml", object: deployment, ImageSetterChange(oldValue: "web:1.0", newValue: "web:1.1", setter: "apps:web"))
        result.add(file: "deploy/jobs.yaml", object: job, ImageSetterChange(oldValue: "1.0", newValue: "1.1", setter: "apps:web:tag"))
        result.add(file: "deploy/jobs.yaml", object: job, ImageSetterChange(oldValue: "x", newValue: "y", setter: "apps:tool:name"))
        return result
    }

    @Test func defaultMessage() throws {
        let message = try ImageCommitMessage.render(nil, automation: ("apps", "auto"), changed: Self.result, values: [:])
        #expect(message == "Update from image update automation")
    }

    @Test func filesObjectsAndValues() throws {
        let template = """
            Automated update by {{ .AutomationObject }} ({{ .Values.env }})
            {{ range $file, $_ := .Changed.FileChanges -}}
            file {{ $file }}
            {{ end -}}
            {{ range $object, $changes := .Changed.Objects -}}
            - {{ $object.Kind }}/{{ $object.Name }}:{{ range $changes }} {{ .OldValue }}->{{ .NewValue }}{{ end }}
            {{ end -}}
            {{ len .Changed.Changes }} changes
            """
        let message = try ImageCommitMessage.render(template, automation: ("apps", "auto"), changed: Self.result, values: ["env": "prod"])
        // Objects in Go's order of their identity (apiVersion first): apps/v1 before batch/v1.
        #expect(message == """
            Automated update by apps/auto (prod)
            file deploy/jobs.yaml
            file deploy/web.yaml
            - Deployment/web: web:1.0->web:1.1
            - CronJob/backup: 1.0->1.1 x->y
            3 changes
            """)
    }

    @Test func hermeticSprigOnly() throws {
        let upper = try ImageCommitMessage.render("{{ .AutomationObject.Name | upper }}", automation: ("apps", "auto"),
                                                 changed: Self.result, values: [:])
        #expect(upper == "AUTO")
        #expect(throws: ImageCommitMessage.Failure.self) {
            try ImageCommitMessage.render("{{ now }}", automation: ("apps", "auto"), changed: Self.result, values: [:])
        }
    }

    @Test(arguments: ["{{ range .Updated.Images }}{{ . }}{{ end }}", "{{ .Changed.ImageResult }}"])
    func removedFieldsNameTheReplacement(_ template: String) {
        do {
            _ = try ImageCommitMessage.render(template, automation: ("apps", "auto"), changed: Self.result, values: [:])
            Issue.record("expected a failure")
        } catch {
            #expect(error.removedField)
            #expect(error.description.contains("template uses removed"))
        }
    }
}
