import GoTemplate
import Testing
@testable import Sprig

/// The function map Helm gets: every name of Sprig v3.2.3's `genericMap` except the two Helm
/// deletes (`env`, `expandenv`).
@Suite struct SprigFunctionMapTests {
    static let sprigNames = """
        hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate htmlDateInZone
        must_date_modify mustDateModify mustToDate now toDate unixEpoch abbrev abbrevboth trunc trim upper lower title
        untitle substr repeat trimall trimAll trimSuffix trimPrefix nospace initials randAlphaNum randAlpha randAscii
        randNumeric swapcase shuffle snakecase camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix quote
        squote cat indent nindent replace plural sha1sum sha256sum adler32sum toString atoi int64 int float64 seq
        toDecimal split splitList splitn toStrings until untilStep add1 add sub div mod mul randInt add1f addf subf divf
        mulf biggest max min maxf minf ceil floor round join sortAlpha default empty coalesce all any compact mustCompact
        fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson mustToPrettyJson mustToRawJson ternary deepCopy
        mustDeepCopy typeOf typeIs typeIsLike kindOf kindIs deepEqual getHostByName base dir clean ext isAbs osBase
        osClean osDir osExt osIsAbs b64enc b64dec b32enc b32dec tuple list dict get set unset hasKey pluck keys pick omit
        merge mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend mustPrepend
        first mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse uniq mustUniq without
        mustWithout has mustHas slice mustSlice concat dig chunk mustChunk bcrypt htpasswd genPrivateKey derivePassword
        buildCustomCert genCA genCAWithKey genSelfSignedCert genSelfSignedCertWithKey genSignedCert genSignedCertWithKey
        encryptAES decryptAES randBytes uuidv4 semver semverCompare fail regexMatch mustRegexMatch regexFindAll
        mustRegexFindAll regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral
        mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    @Test func everySprigFunctionIsThere() {
        let missing = Self.sprigNames.filter { Sprig.functions[$0] == nil }
        #expect(missing == [])
    }

    @Test func helmsDeletionsAreAbsent() {
        #expect(Sprig.functions["env"] == nil)
        #expect(Sprig.functions["expandenv"] == nil)
    }

    @Test func signaturesAreGos() throws {
        let upper = try #require(Sprig.functions["upper"])
        #expect(upper.parameters == [.string])
        #expect(upper.typeName == "func(string) string")
        let set = try #require(Sprig.functions["set"])
        #expect(set.parameters == [.map, .string, .any])
        let add = try #require(Sprig.functions["add"])
        #expect(add.parameters == [] && add.variadic == .any)
        #expect(try #require(Sprig.functions["trunc"]).parameters == [.int, .string])
    }
}
