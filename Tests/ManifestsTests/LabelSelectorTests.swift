import Manifests
import Testing

/// Kubernetes label selectors in string form, read as apimachinery's `labels.Parse` reads them
/// (kustomize patch targets and Flux drift-ignore targets both use them).
@Suite struct LabelSelectorTests {
    @Test(arguments: [
        ("app=web", ["app": "web"], true),
        ("app==web,tier!=db", ["app": "web", "tier": "cache"], true),
        ("app=web,tier!=db", ["app": "web", "tier": "db"], false),
        ("tier in (a, b),!legacy", ["tier": "b"], true),
        ("tier in (a,b),!legacy", ["tier": "b", "legacy": "yes"], false),
        ("tier notin (a,b)", [:], true),
        ("example.com/owner", ["example.com/owner": ""], true),
        ("weight>5", ["weight": "7"], true),
        ("weight<5", ["weight": "7"], false),
        ("", ["any": "thing"], true),
    ])
    func labelSelectors(_ text: String, _ labels: [String: String], _ matches: Bool) throws {
        #expect(try LabelSelector(text).matches(labels) == matches, "\(text)")
    }

    @Test(arguments: [
        "app=web,", "in (a)", "tier in a,b", "tier in ()", "app=-bad", "Bad_Prefix/app=x", "a/b/c", "weight>x", "app web",
    ])
    func badSelectors(_ text: String) {
        #expect(throws: LabelSelector.SyntaxError.self) { try LabelSelector(text) }
    }

    @Test(arguments: [
        ("app=web", true), ("app==web", true), ("app!=web", false), ("app in (web, api)", true),
        ("app notin (web)", false), ("tier", true), ("!tier", false), ("app=web,tier=front", true),
        ("app=web,tier=back", false), ("missing", false), ("!missing", true),
    ])
    func againstOneLabelSet(_ selector: String, _ expected: Bool) throws {
        #expect(try LabelSelector(selector).matches(["app": "web", "tier": "front"]) == expected, "\(selector)")
    }
}
