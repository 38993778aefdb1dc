import Testing
import XenvShimCore
import XenvSystem

/// Vectors for LLVM's `cl::TokenizeWindowsCommandLine` (the variant lld-link applies to @files), checked by
/// hand against its state machine: INIT/UNQUOTED/QUOTED plus `parseBackslash`.
@Suite struct WindowsCommandLineTokenizeTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var text: String
        var tokens: [String]
        var testDescription: String { String(reflecting: text) }
    }

    static let whitespace: [Vector] = [
        Vector(text: "a b\tc\rd\ne\0f", tokens: ["a", "b", "c", "d", "e", "f"]),
        Vector(text: "  \t a \r\n\n  b  \0", tokens: ["a", "b"]),
        Vector(text: "", tokens: []),
        Vector(text: " \t\r\n\0", tokens: []),
        // Non-ASCII is ordinary text; only the five ASCII separators split.
        Vector(text: "漢字 é\u{00A0}x 🙂", tokens: ["漢字", "é\u{00A0}x", "🙂"]),
    ]

    static let quoting: [Vector] = [
        Vector(text: #""a b""#, tokens: ["a b"]),
        Vector(text: #""a b"c d"#, tokens: ["a bc", "d"]),
        Vector(text: #"x"a b"y"#, tokens: ["xa by"]),
        Vector(text: #""""#, tokens: [""]),
        Vector(text: #"a "" b"#, tokens: ["a", "", "b"]),
        // Outside quotes `""` opens and closes: nothing is added.
        Vector(text: #"a""b"#, tokens: ["ab"]),
        // Inside quotes `""` is one literal quote and quoting goes on.
        Vector(text: #""a""b""#, tokens: [#"a"b"#]),
        Vector(text: #""a""b c""#, tokens: [#"a"b c"#]),
        Vector(text: #""""""#, tokens: [#"""#]),
        // An unterminated quote runs to the end of the text.
        Vector(text: #""open to the end"#, tokens: ["open to the end"]),
        // Separators inside quotes, a line break included, belong to the argument.
        Vector(text: "\"first line\nsecond\tline\" next", tokens: ["first line\nsecond\tline", "next"]),
    ]

    static let backslashes: [Vector] = [
        // 2n+1 backslashes before a quote: n backslashes and a literal quote.
        Vector(text: #"\""#, tokens: [#"""#]),
        Vector(text: #"a\\\"b"#, tokens: [#"a\"b"#]),
        Vector(text: #""in \"quotes\" here""#, tokens: [#"in "quotes" here"#]),
        // 2n backslashes before a quote: n backslashes, and the quote toggles quoting.
        Vector(text: #"a\\\\"b c""#, tokens: [#"a\\b c"#]),
        Vector(text: #""C:\dir\\" next"#, tokens: [#"C:\dir\"#, "next"]),
        // Even backslashes end, then `""` inside quotes is a literal quote.
        Vector(text: #""a\\""b""#, tokens: [#"a\"b"#]),
        // Backslashes not before a quote are literal, however many.
        Vector(text: #"C:\dir\"#, tokens: [#"C:\dir\"#]),
        Vector(text: #"C:\dir\ x"#, tokens: [#"C:\dir\"#, "x"]),
        Vector(text: #"\\server\share\\x"#, tokens: [#"\\server\share\\x"#]),
        Vector(text: #""a\b c""#, tokens: [#"a\b c"#]),
        // A trailing `\"` is an escaped quote: the argument runs on over the line break (rustc's layout).
        Vector(text: "\"C:\\dir\\\"\n\"next\"", tokens: ["C:\\dir\"\nnext"]),
    ]

    @Test(arguments: whitespace) func separatesOnSpaceTabCarriageReturnLineFeedAndNul(_ vector: Vector) {
        #expect(WindowsCommandLine.tokenize(vector.text) == vector.tokens)
    }

    @Test(arguments: quoting) func quotesGroupAndDoubledQuotesAreLiteralInsideQuotes(_ vector: Vector) {
        #expect(WindowsCommandLine.tokenize(vector.text) == vector.tokens)
    }

    @Test(arguments: backslashes) func backslashesEscapeOnlyBeforeAQuote(_ vector: Vector) {
        #expect(WindowsCommandLine.tokenize(vector.text) == vector.tokens)
    }
}

@Suite struct WindowsCommandLineQuoteTests {
    @Test(arguments: ["/NOLOGO", "kernel32.lib", #"C:\dir\"#, "/OUT:a.exe", "ünïcödé.lib", "a;b:c", "@file"])
    func leavesArgumentsWithoutWhitespaceOrQuotesUnchanged(_ argument: String) {
        #expect(WindowsCommandLine.quote(argument) == argument)
    }

    @Test func quotesWhatNeedsIt() {
        #expect(WindowsCommandLine.quote("") == #""""#)
        #expect(WindowsCommandLine.quote("a b") == #""a b""#)
        #expect(WindowsCommandLine.quote("line\nbreak") == "\"line\nbreak\"")
        #expect(WindowsCommandLine.quote(#"quote"inside"#) == #""quote\"inside""#)
        // A trailing backslash is doubled so the closing quote is not escaped (unlike rustc's own writer).
        #expect(WindowsCommandLine.quote(#"C:\dir with space\"#) == #""C:\dir with space\\""#)
        // Backslashes before an inner quote: 2n+1; elsewhere as they are.
        #expect(WindowsCommandLine.quote(#"a\"b c"#) == #""a\\\"b c""#)
        #expect(WindowsCommandLine.quote(#"a\b c"#) == #""a\b c""#)
    }
}
