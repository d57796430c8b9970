import Manifests
import Testing

@testable import PostBuild

@Suite struct PostBuildSubstitutionTests {
    static let vars = ["cluster_env": "prod", "region": "eu-west-1", "empty": "", "REPLICAS": "3", "Name": "podinfo"]

    @Test(arguments: [
        ("env: ${cluster_env}", "env: prod"),
        ("${cluster_env}-${region}", "prod-eu-west-1"),
        ("zone: ${zone:=eu-west-1a}", "zone: eu-west-1a"),
        ("zone: ${zone:-eu-west-1b}", "zone: eu-west-1b"),
        ("zone: ${zone=a}", "zone: a"),
        ("zone: ${zone-b}", "zone: b"),
        ("set: ${region:=other}", "set: eu-west-1"),
        ("empty falls back: ${empty:-x}", "empty falls back: x"),
        ("nested: ${zone:=${region}a}", "nested: eu-west-1a"),
        ("default empty: '${zone:=}'", "default empty: ''"),
        ("escaped: $${cluster_env}", "escaped: ${cluster_env}"),
        ("dollars: $$HOME and $1", "dollars: $HOME and $1"),
        ("bare $cluster_env stays", "bare $cluster_env stays"),
        ("${Name^^} ${Name^} ${region,,}", "PODINFO Podinfo eu-west-1"),
        ("${#region}", "9"),
        ("${region:3} ${region:0:2}", "west-1 eu"),
        ("no expansion: {cluster_env}", "no expansion: {cluster_env}"),
        ("${region:-3}", "eu-west-1"),
        ("${region:4:-2}", "est"),
        ("${region:20}|${region:7:9}", "|-1"),
        ("${region: -1}", "eu-west-1"),
        ("${region/-/_}|${region//-/_}", "eu_west-1|eu_west_1"),
        ("${region/#eu/us}|${region/%1/2}|${region/#west/x}", "us-west-1|eu-west-2|eu-west-1"),
        ("${region/-}", "euwest-1"),
        ("${region#*-}|${region##*-}", "west-1|1"),
        ("${region%-*}|${region%%-*}", "eu-west|eu"),
        ("${region#[a-e]?}|${region#x*}", "-west-1|eu-west-1"),
    ])
    func expands(input: String, expected: String) throws {
        #expect(try PostBuildSubstitution(variables: Self.vars).substitute(input) == expected)
    }

    @Test(arguments: [
        ("${missing}", SubstitutionError.variableNotSet("missing")),
        ("${missing^^}", .variableNotSet("missing")),
        ("${#missing}", .variableNotSet("missing")),
        ("open ${cluster_env", .syntax("missing closing brace")),
        ("${#region:1}", .unsupported("#region:1")),
    ])
    func strictModeFailsOnUnsetVariables(input: String, error: SubstitutionError) {
        #expect(throws: error) { try PostBuildSubstitution(variables: Self.vars).substitute(input) }
    }

    @Test func nonStrictModeSubstitutesEmpty() throws {
        let subst = try PostBuildSubstitution(variables: Self.vars, strict: false)
        #expect(try subst.substitute("a${missing}b") == "ab")
    }

    @Test(arguments: ["1st", "cluster-env", "a.b", "é", ""])
    func invalidNamesAreRejected(name: String) {
        #expect(throws: SubstitutionError.invalidVariableName(name)) {
            try PostBuildSubstitution(variables: [name: "x"])
        }
        #expect(SubstitutionError.invalidVariableName(name).description
            == "'\(name)' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'")
    }

    @Test func newlinesAreDroppedFromValues() throws {
        let subst = try PostBuildSubstitution(variables: ["v": "a\nb\n"])
        #expect(try subst.substitute("${v}") == "ab")
    }

    @Test func objectsAreSubstitutedAsYAMLSoNumbersBecomeNumbers() throws {
        let deployment = try YAML.document("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: '${Name}', namespace: apps}
            spec: {replicas: '${REPLICAS}'}
            """)
        let out = try PostBuildSubstitution(variables: Self.vars).apply(to: deployment)
        #expect(out.metadataName == "podinfo")
        #expect(out[path: "spec", "replicas"] == .int(3))
    }

    @Test(arguments: [
        ("annotations", "disabled", true),
        ("labels", "disabled", true),
        ("annotations", "Disabled", false),
        ("annotations", "enabled", false),
    ])
    func disabledObjectsAreLeftAlone(section: String, value: String, skipped: Bool) throws {
        var object = try YAML.document("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {script: 'echo ${HOME:-/root}'}}")
        object[path: "metadata", section, PostBuildSubstitution.disableKey] = .string(value)
        let out = try PostBuildSubstitution(variables: Self.vars).apply(to: object)
        #expect((out[path: "data", "script"] == "echo ${HOME:-/root}") == skipped)
    }

    @Test func noVariablesMeansNoSubstitutionEvenInStrictMode() throws {
        let object = try YAML.document("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: '${unset}'}}")
        #expect(try PostBuildSubstitution(variables: [:]).apply(to: object) == object)
    }
}

/// Values of string maps stay strings, whatever they substitute to.
@Suite struct PostBuildStringMapTests {
    @Test func configMapDataLabelsAndAnnotationsStayStrings() throws {
        let object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "x", "labels": ["replicas": "${n}"], "annotations": ["enabled": "${flag}"]],
            "data": ["replicas": "${n}", "ratio": "${n}.5"],
        ]
        let result = try PostBuildSubstitution(variables: ["n": "3", "flag": "true"]).apply(to: object)
        #expect(result[path: "data", "replicas"] == "3")
        #expect(result[path: "data", "ratio"] == "3.5")
        #expect(result[path: "metadata", "labels", "replicas"] == "3")
        #expect(result[path: "metadata", "annotations", "enabled"] == "true")
        // Elsewhere a number is a number: `replicas: ${n}` in a Deployment's spec.
        let deployment: JSONValue = ["apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "d"], "spec": ["replicas": "${n}"]]
        #expect(try PostBuildSubstitution(variables: ["n": "3"]).apply(to: deployment)[path: "spec", "replicas"] == 3)
    }
}
