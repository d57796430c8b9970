import CEL
import Manifests
import Testing

/// Expressions over Kubernetes objects the way Flux evaluates them: `healthCheckExprs` with the
/// object's top-level fields as variables, `dependsOn[].readyExpr` with `self` and `dep`.
@Suite struct CELObjectTests {
    static let deployment = json("""
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "web", "namespace": "apps", "generation": 3, "labels": {"app.kubernetes.io/name": "web"}},
         "spec": {"replicas": 3},
         "status": {"observedGeneration": 3, "replicas": 3, "readyReplicas": 2, "updatedReplicas": 3,
                    "conditions": [
                      {"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"},
                      {"type": "Progressing", "status": "True", "reason": "NewReplicaSetAvailable"}]}}
        """)

    static let readyResource = json("""
        {"apiVersion": "example.com/v1", "kind": "Database", "metadata": {"name": "db", "generation": 1},
         "status": {"observedGeneration": 1, "conditions": [
            {"type": "Ready", "status": "True", "reason": "Provisioned", "message": "ok"},
            {"type": "Backup", "status": "False", "reason": "Pending"}]}}
        """)

    static let failedResource = json("""
        {"apiVersion": "example.com/v1", "kind": "Database", "metadata": {"name": "db", "generation": 2},
         "status": {"observedGeneration": 2, "phase": "Failed", "conditions": [
            {"type": "Ready", "status": "False", "reason": "ProvisionFailed", "message": "quota exceeded"}]}}
        """)

    static let freshResource = json("""
        {"apiVersion": "example.com/v1", "kind": "Database", "metadata": {"name": "db", "generation": 1}, "spec": {}}
        """)

    @Test(arguments: [
        ("status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')", "ready", true),
        ("status.conditions.filter(e, e.type == 'Ready').all(e, e.status == 'True')", "failed", false),
        ("status.conditions.exists(e, e.type == 'Ready' && e.status == 'False')", "failed", true),
        ("status.conditions.exists(e, e.type == 'Ready' && e.status == 'False')", "ready", false),
        ("has(status.phase) && status.phase == 'Failed'", "failed", true),
        ("has(status.phase) && status.phase == 'Failed'", "ready", false),
        ("metadata.generation == status.observedGeneration", "ready", true),
        ("status.readyReplicas == spec.replicas", "deployment", false),
        ("status.updatedReplicas == spec.replicas && status.conditions.exists(c, c.type == 'Available' && c.status == 'True')",
         "deployment", true),
        ("metadata.labels['app.kubernetes.io/name'] == 'web'", "deployment", true),
        ("!has(spec.paused) && metadata.generation == 1", "fresh", true),
        ("status.conditions.filter(e, e.type == 'Ready').size() == 1", "ready", true),
        ("status.conditions.map(c, c.type).join(',') == 'Ready,Backup'", "ready", true),
    ])
    func healthExpressions(expression: String, object: String, expected: Bool) throws {
        let objects = ["ready": Self.readyResource, "failed": Self.failedResource, "deployment": Self.deployment,
                       "fresh": Self.freshResource]
        let program = try CELProgram(expression)
        let value = try #require(objects[object]?.objectValue)
        #expect(try program.evaluateBool(object: value) == expected)
    }

    /// A health expression over a resource that has no status yet is an error naming the
    /// missing variable, as cel-go reports it (Flux then keeps waiting).
    @Test func missingStatusIsAnError() throws {
        let program = try CELProgram("status.conditions.exists(e, e.type == 'Ready')")
        let fresh = try #require(Self.freshResource.objectValue)
        #expect(throws: CELError.evaluation(message: "undeclared reference to 'status'")) {
            try program.evaluateBool(object: fresh)
        }
        let noConditions = json(#"{"status": {"observedGeneration": 1}}"#).objectValue ?? [:]
        #expect(throws: CELError.evaluation(message: "no such key: conditions")) {
            try program.evaluateBool(object: noConditions)
        }
    }

    @Test(arguments: [
        ("dep.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True') && self.metadata.generation == 1", true),
        ("dep.status.conditions.exists(c, c.type == 'Backup' && c.status == 'True')", false),
        ("dep.metadata.generation == dep.status.observedGeneration && self.kind == 'Kustomization'", true),
        ("self.spec.?suspend.orValue(false) == false", true),
        ("dep.status.?lastAppliedRevision.hasValue()", false),
        ("dep.status.?conditions[?5].orValue('none') == 'none'", true),
        ("dep.status.?conditions[?0].type.orValue('') == 'Ready'", true),
    ])
    func readyExpressions(expression: String, expected: Bool) throws {
        let this = json(#"{"kind": "Kustomization", "metadata": {"name": "apps", "generation": 1}, "spec": {"path": "./apps"}}"#)
        let program = try CELProgram(expression)
        #expect(try program.evaluateBool(["self": this, "dep": Self.readyResource]) == expected)
    }

    @Test func nonBoolResultIsReported() throws {
        let program = try CELProgram("self.metadata.name")
        #expect(throws: CELError.evaluation(message: "expected bool, got string")) {
            try program.evaluateBool(["self": Self.deployment])
        }
        #expect(try program.evaluateString(["self": Self.deployment]) == "web")
    }

    @Test(arguments: [
        ("o.count", "int"), ("o.ratio", "double"), ("o.name", "string"), ("o.flag", "bool"), ("o.none", "null_type"),
        ("o.items", "list"), ("o.meta", "map"),
    ])
    func jsonTypes(expression: String, expected: String) {
        let object = json(#"{"count": 3, "ratio": 0.5, "name": "n", "flag": true, "none": null, "items": [1], "meta": {}}"#)
        #expect(outcome("type(\(expression))", ["o": object]) == expected)
    }

    @Test(arguments: [
        ("o.missing", "error: no such key: missing"), ("o.items[3]", "error: index out of range: 3 (list size 1)"),
        ("o.meta['k']", "error: no such key: k"), ("o.name.first", "error: cannot select field 'first' from a value of type string"),
        ("unknownVar", "error: undeclared reference to 'unknownVar'"), ("o.items[-1]", "error: index out of range: -1 (list size 1)"),
        ("o.items['0']", "error: no matching overload for '_[_]' applied to (list, string)"), ("o.items[0u]", "1"),
        ("'count' in o", "true"), ("'absent' in o", "false"), ("1 in o.items", "true"), ("o.?missing.orValue(7)", "7"),
        ("o.count > 2 ? o.name : 'small'", "\"n\""),
    ])
    func lookups(expression: String, expected: String) {
        let object = json(#"{"count": 3, "name": "n", "items": [1], "meta": {}}"#)
        #expect(outcome(expression, ["o": object]) == expected)
    }
}
