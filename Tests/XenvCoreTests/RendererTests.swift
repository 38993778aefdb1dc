import Foundation
import Testing
import XenvSystem

@testable import XenvCore

@Suite struct PosixShellRendererTests {
    @Test func writesSingleQuotedExportLines() throws {
        let output = try PosixShellRenderer().render([
            EnvironmentAssignment("PLAIN", "/a/b"),
            EnvironmentAssignment("QUOTE", "o'neil's"),
            EnvironmentAssignment("EXPANSIONS", #"$HOME `id` $(id) \n \"#),
            EnvironmentAssignment("NEWLINE", "a\nb"),
            EnvironmentAssignment("SPACES", "  two  spaces "),
            EnvironmentAssignment("EMPTY", ""),
        ])
        // Inside single quotes nothing expands; only `'` needs closing, escaping and reopening.
        #expect(
            output == #"""
                export PLAIN='/a/b'
                export QUOTE='o'\''neil'\''s'
                export EXPANSIONS='$HOME `id` $(id) \n \'
                export NEWLINE='a
                b'
                export SPACES='  two  spaces '
                export EMPTY=''

                """#)
    }

    @Test func writesNothingForNoVariables() throws {
        #expect(try PosixShellRenderer().render([]) == "")
    }
}

@Suite struct JSONEnvironmentRendererTests {
    static let assignments = [
        EnvironmentAssignment("ZED", "last name first"),
        EnvironmentAssignment("ESCAPES", "q\"b\\s\n\r\t\u{1}\u{1F}\u{7F}/"),
        EnvironmentAssignment("UNICODE", "é漢🙂"),
        EnvironmentAssignment("ALPHA", ""),
    ]

    @Test func writesOneVariableALineInPlanOrder() throws {
        #expect(
            try JSONEnvironmentRenderer().render(Self.assignments) == #"""
                {
                  "ZED": "last name first",
                  "ESCAPES": "q\"b\\s\n\r\t\u0001\u001f\u007f/",
                  "UNICODE": "é漢🙂",
                  "ALPHA": ""
                }

                """#)
        #expect(try JSONEnvironmentRenderer().render([]) == "{}\n")
    }

    @Test func parsesBackToTheSameValues() throws {
        let data = Data(try JSONEnvironmentRenderer().render(Self.assignments).utf8)
        let parsed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(parsed == Dictionary(uniqueKeysWithValues: Self.assignments.map { ($0.name, $0.value) }))
        #expect(try JSONSerialization.jsonObject(with: Data("{}\n".utf8)) as? [String: String] == [:])
    }
}

@Suite struct CargoConfigRendererTests {
    @Test func writesTheLinkerAndAnEnvSection() {
        let text = CargoConfigRenderer.render(
            triple: "aarch64-pc-windows-msvc", linker: #"/st "ate"/xenv-link"#,
            environment: [
                EnvironmentAssignment("LIB", #"C:\lib;/o"neil"#),
                EnvironmentAssignment("ODD.NAME", "tab\there\u{7F}"),
            ])
        #expect(
            text == #"""
                # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                # Use: cargo --config <this file> build --target aarch64-pc-windows-msvc

                [target.aarch64-pc-windows-msvc]
                linker = "/st \"ate\"/xenv-link"

                [env]
                LIB = "C:\\lib;/o\"neil"
                "ODD.NAME" = "tab\there\u007f"

                """#)
    }

    @Test func leavesOutAnEmptyEnvSection() {
        #expect(
            CargoConfigRenderer.render(triple: "x86_64-pc-windows-msvc", linker: "/s/xenv-link", environment: []) == """
                # Written by xenv for x86_64-pc-windows-msvc; `xenv setup` rewrites it.
                # Use: cargo --config <this file> build --target x86_64-pc-windows-msvc

                [target.x86_64-pc-windows-msvc]
                linker = "/s/xenv-link"

                """)
    }
}
