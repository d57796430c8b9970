import GoTemplate
import Testing
@testable import Helm

@Suite struct StrvalsTests {
    private func parsed(_ text: String, _ mode: Strvals.Mode = .typed) throws -> String {
        canonical(.map(try Strvals.parse(text, mode: mode)))
    }

    @Test func typesValuesAsHelm() throws {
        #expect(try parsed("a=1,b=true,c=NULL,d=0,e=007,f=1.5,g=-3,h=FALSE,i=") ==
            "{\"a\":1,\"b\":true,\"c\":null,\"d\":0,\"e\":\"007\",\"f\":\"1.5\",\"g\":-3,\"h\":false,\"i\":\"\"}")
        let v = try Strvals.parse("n=42")
        if case .int(42, .int64)? = v["n"] {} else { Issue.record("integers are int64, got \(String(describing: v["n"]))") }
        #expect(try parsed("a=1,b=true", .string) == "{\"a\":\"1\",\"b\":\"true\"}")
        #expect(try parsed("big=99999999999999999999") == "{\"big\":\"99999999999999999999\"}")
    }

    @Test func nestsMapsAndLists() throws {
        #expect(try parsed("a.b.c=x,a.b.d=y") == "{\"a\":{\"b\":{\"c\":\"x\",\"d\":\"y\"}}}")
        #expect(try parsed("list[0]=a,list[2]=c") == "{\"list\":[\"a\",null,\"c\"]}")
        #expect(try parsed("l[0].name=x,l[0].port=80,l[1][1]=z") == "{\"l\":[{\"name\":\"x\",\"port\":80},[null,\"z\"]]}")
        #expect(try parsed("a={x,y,1},b={}") == "{\"a\":[\"x\",\"y\",1],\"b\":[\"\"]}")
        #expect(try parsed("name=a\\,b,dotted\\.key=v") == "{\"dotted.key\":\"v\",\"name\":\"a,b\"}")
    }

    @Test func laterSetsOverwriteIntoExistingValues() throws {
        let values = GoMap(["a": .dict(["keep": .string("k")])])
        try Strvals.parse("a.new=1", into: values)
        #expect(canonical(.map(values)) == "{\"a\":{\"keep\":\"k\",\"new\":1}}")
    }

    @Test(arguments: [
        ("a", "key \"a\" has no value"),
        ("a,b=c", "key \"a\" has no value (cannot end with ,)"),
        ("a.=x", "key map \"a\" has no value"),
        ("a={x,y", "list must terminate with '}'"),
        ("a[x]=1", "error parsing index: strconv.Atoi: parsing \"x\": invalid syntax"),
        ("a[-1]=1", "negative -1 index not allowed"),
        ("a[70000]=1", "index of 70000 is greater than maximum supported index of 65536"),
        ("a[0]b=1", "unexpected data at end of array index: ['b']"),
        ("a=1,a.b=2", "unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}"),
        ("a=x,a[0]=2", "unable to parse key: interface conversion: interface {} is string, not []interface {}"),
    ])
    func refusesBadInputWithHelmsText(_ input: String, _ message: String) {
        #expect(throws: HelmError(message)) { try Strvals.parse(input) }
    }

    @Test func nestingIsBounded() {
        let deep = (0...31).map { "k\($0)" }.joined(separator: ".") + "=v"
        #expect(throws: HelmError("value name nested level is greater than maximum supported nested level of 30")) {
            try Strvals.parse(deep)
        }
    }

    @Test func jsonValues() throws {
        #expect(try parsed("a={\"b\":[1,\"x\",true]},c=[1,2],d=,e=\"s\"", .json) ==
            "{\"a\":{\"b\":[1,\"x\",true]},\"c\":[1,2],\"d\":null,\"e\":\"s\"}")
        #expect(try parsed("l[1]={\"k\":\"v\"}", .json) == "{\"l\":[null,{\"k\":\"v\"}]}")
    }

    @Test func literalValuesAreVerbatim() throws {
        let values = GoMap()
        try Strvals.parseLiteral("a.b=x,y={z}\\n", into: values)
        #expect(canonical(.map(values)) == "{\"a\":{\"b\":\"x,y={z}\\n\"}}")
        try Strvals.parseLiteral("l[1]=v=w", into: values)
        #expect(canonical(values["l"]) == "[null,\"v=w\"]")
        #expect(throws: HelmError("key \"x\" has no value")) { try Strvals.parseLiteral("x", into: GoMap()) }
    }
}
