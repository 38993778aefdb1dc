import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsGitHubActionsTests {
    /// A hand-made Windows plan: small enough to spell its files out.
    static func plan(
        environment: [EnvironmentAssignment], pathPrepend: [String] = [],
        instanceName: String = "Visual Studio Build Tools 2022 17.14.31",
        linker: Linker = Linker(path: #"C:\VS\VC\Tools\Llvm\x64\bin\lld-link.exe"#, kind: .lldLink),
        shimPath: String? = #"C:\state\aarch64-pc-windows-msvc\xenv-link.exe"#
    ) -> Plan {
        Plan(
            target: Catalog.descriptor("arm64"), host: Host(os: .windows, arch: .x86_64),
            toolchain: .visualStudio(
                instance: VisualStudioInstance(
                    path: #"C:\VS"#, version: DottedVersion("17.14.37216.2"), name: instanceName, isPrerelease: false,
                    components: nil,
                    source: .instanceRecord),
                toolset: MSVCToolset(
                    version: "14.38.33130", directory: #"C:\VS\VC\Tools\MSVC\14.38.33130"#, hostDirectory: "HostX64",
                    hostArch: "x64"),
                sdk: WindowsSDK(root: #"C:\Kits\10\"#, version: "10.0.22621.0")),
            tools: Tools(linker: linker, cCompiler: nil, archiver: nil),
            targetDirectory: #"C:\state\aarch64-pc-windows-msvc"#, shimPath: shimPath,
            cargoConfigPath: #"C:\state\aarch64-pc-windows-msvc\cargo-config.toml"#, environment: environment,
            pathPrepend: pathPrepend, pathAppend: [], files: [], warnings: [])
    }

    static func files(_ plan: Plan) throws(XenvError) -> GitHubActions.Files {
        let delimiters = CountingDelimiter()
        return try GitHubActions.files(for: plan, delimiter: delimiters.next)
    }

    /// `$GITHUB_ENV` read the way the runner reads it: a line whose `<<` comes before any `=` starts a
    /// heredoc that ends at the first line equal to the delimiter; any other line is split at its first `=`.
    static func parseEnvironmentFile(_ text: String) throws -> [(name: String, value: String)] {
        struct Malformed: Error { var line: String }
        var result: [(String, String)] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            let heredoc = line.range(of: "<<")
            let equals = line.firstIndex(of: "=")
            if let heredoc, equals.map({ heredoc.lowerBound < $0 }) ?? true {
                let name = String(line[..<heredoc.lowerBound])
                let delimiter = String(line[heredoc.upperBound...])
                guard !name.isEmpty, !delimiter.isEmpty else { throw Malformed(line: line) }
                var value: [String] = []
                while true {
                    guard let next = lines.popFirst() else { throw Malformed(line: "no \(delimiter) after \(name)") }
                    if next == delimiter { break }
                    value.append(next)
                }
                result.append((name, value.joined(separator: "\n")))
            } else {
                guard let equals else { throw Malformed(line: line) }
                result.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
            }
        }
        return result
    }

    // MARK: - $GITHUB_ENV

    @Test func environmentFileUsesAFreshDelimiterPerVariableAndLeavesOutPath() throws {
        let plan = Self.plan(environment: [
            EnvironmentAssignment(
                "CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER", #"C:\state\aarch64-pc-windows-msvc\xenv-link.exe"#),
            EnvironmentAssignment("VSINSTALLDIR", #"C:\VS\"#),
            EnvironmentAssignment("PATH", #"C:\VS\bin;C:\Windows"#),
            EnvironmentAssignment("Path", #"C:\VS\bin;C:\Windows"#),
            EnvironmentAssignment("INCLUDE", #"C:\VS\include;C:\Kits\10\\include\10.0.22621.0\\um"#),
            EnvironmentAssignment("EMPTY", ""),
        ])
        #expect(
            try Self.files(plan).environment == #"""
                CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER<<EOF1
                C:\state\aarch64-pc-windows-msvc\xenv-link.exe
                EOF1
                VSINSTALLDIR<<EOF2
                C:\VS\
                EOF2
                INCLUDE<<EOF3
                C:\VS\include;C:\Kits\10\\include\10.0.22621.0\\um
                EOF3
                EMPTY<<EOF4

                EOF4

                """#)
    }

    @Test func theRunnerReadsBackEveryVariableOfTheFixturePlanButPath() throws {
        let plan = try WindowsFixture.plan()
        let parsed = try Self.parseEnvironmentFile(Self.files(plan).environment)
        #expect(parsed.map(\.name) == plan.environment.map(\.name).filter { $0 != "PATH" })
        #expect(parsed.map(\.value) == plan.environment.filter { $0.name != "PATH" }.map(\.value))
        #expect(parsed.count == 41)
    }

    @Test func theRunnerGetsOnlyThePrependedDirectoriesNotVisualStudiosCMake() throws {
        // A prompt appends VS's CMake, Ninja and vcpkg; the runner can only prepend, which would put them first.
        let plan = try SimulatedRunner("windows-2025").plan(PlanRequest(target: "arm64"))
        #expect(plan.pathAppend.count == 4)
        let lines = try Self.files(plan).path.split(separator: "\n").map(String.init)
        #expect(lines == plan.pathPrepend.reversed())
        #expect(!lines.contains { $0.contains(#"\CMake\"#) || $0.hasSuffix(#"\vcpkg"#) })
        // `env` and `exec` carry them, after the machine's own entries.
        #expect(plan.value("PATH")?.hasSuffix(";" + plan.pathAppend.joined(separator: ";")) == true)
    }

    @Test func aDelimiterInTheValueIsReplacedByAFreshOne() throws {
        let plan = Self.plan(environment: [
            EnvironmentAssignment("A", "x\nEOF1\ny"),
            EnvironmentAssignment("B", "EOF3 and EOF4"),
        ])
        let text = try Self.files(plan).environment
        #expect(text == "A<<EOF2\nx\nEOF1\ny\nEOF2\nB<<EOF5\nEOF3 and EOF4\nEOF5\n")
        let parsed = try Self.parseEnvironmentFile(text)
        #expect(parsed.map(\.name) == ["A", "B"])
        #expect(parsed.map(\.value) == ["x\nEOF1\ny", "EOF3 and EOF4"])
    }

    @Test func namesTheRunnerRefusesOrOwnsAreRefused() {
        let cases: [(String, String)] = [
            ("NODE_OPTIONS", "the runner blocks or owns it"),
            ("node_options", "the runner blocks or owns it"),
            ("Node_Options", "the runner blocks or owns it"),
            ("GITHUB_X", "the runner blocks or owns it"),
            ("github_token", "the runner blocks or owns it"),
            ("RUNNER_X", "the runner blocks or owns it"),
            ("1BAD", "it is not a valid variable name"),
            ("A-B", "it is not a valid variable name"),
            ("A B", "it is not a valid variable name"),
            ("X<<Y", "it is not a valid variable name"),
            ("X=Y", "it is not a valid variable name"),
            ("", "it is not a valid variable name"),
        ]
        for (name, reason) in cases {
            let plan = Self.plan(environment: [
                EnvironmentAssignment("FINE", "1"), EnvironmentAssignment(name, "value"),
            ])
            #expect(
                thrownError { try Self.files(plan) }?.description
                    == "cannot pass \(name) to later steps through $GITHUB_ENV: \(reason)", "\(name)")
        }
        // Near misses are fine.
        let fine = Self.plan(
            environment: ["_X", "GITHUBX", "RUNNERS_X", "NODE_OPTIONS_X", "a1"].map { EnvironmentAssignment($0, "v") })
        #expect(thrownError { try Self.files(fine) } == nil)
    }

    // MARK: - $GITHUB_PATH

    @Test func pathFileListsThePrependedDirectoriesReversed() throws {
        let prepend = [#"C:\VS\bin\HostX64\arm64"#, #"C:\VS\bin\HostX64\x64"#, #"C:\Kits\10\bin\\x64"#]
        let text = try Self.files(Self.plan(environment: [], pathPrepend: prepend)).path
        #expect(text == "C:\\Kits\\10\\bin\\\\x64\nC:\\VS\\bin\\HostX64\\x64\nC:\\VS\\bin\\HostX64\\arm64\n")
        // The runner prepends the lines in reverse order, which puts the plan's first directory first.
        #expect(Array(text.split(separator: "\n").map(String.init).reversed()) == prepend)
        #expect(try Self.files(Self.plan(environment: [])).path == "")
    }

    // MARK: - Step summary

    @Test func summaryIsAMarkdownTableOfWhatWasFound() throws {
        let summary = try Self.files(Self.plan(environment: [])).summary
        #expect(
            summary == #"""
                ### xenv: aarch64-pc-windows-msvc

                | | |
                |---|---|
                | Visual Studio | Visual Studio Build Tools 2022 17.14.31 at C:\\VS (instance record) |
                | MSVC toolset | 14.38.33130 (HostX64) |
                | Windows SDK | 10.0.22621.0 in C:\\Kits\\10\\ |
                | linker | C:\\VS\\VC\\Tools\\Llvm\\x64\\bin\\lld-link.exe (lld-link) |
                | shim | C:\\state\\aarch64-pc-windows-msvc\\xenv-link.exe |


                """#)
    }

    @Test func summaryEscapesPipesAndFlattensLineBreaks() throws {
        let plan = Self.plan(
            environment: [], instanceName: "Build | Tools\nPreview",
            linker: Linker(path: #"C:\VS\bin\HostX64\arm64\link.exe"#, kind: .msvcLink), shimPath: nil)
        let summary = try Self.files(plan).summary
        // Backslashes are doubled: GitHub Markdown would read `\_` in `D:\a\_temp` as an escape.
        #expect(summary.contains(#"| Visual Studio | Build \| Tools Preview at C:\\VS (instance record) |"# + "\n"))
        #expect(summary.contains(#"| linker | C:\\VS\\bin\\HostX64\\arm64\\link.exe (link.exe) |"# + "\n"))
        #expect(summary.contains("| shim | none: link.exe needs no shim |\n"))
    }

    // MARK: - Error annotations

    @Test func errorCommandEscapesPercentCarriageReturnAndLineFeed() {
        #expect(GitHubActions.errorCommand("xenv: no SDK") == "::error::xenv: no SDK\n")
        #expect(GitHubActions.errorCommand("50% done\r\nnext\nline") == "::error::50%25 done%0D%0Anext%0Aline\n")
        // `%` goes first, so an escape already in the text stays literal.
        #expect(GitHubActions.errorCommand("a%0Ab") == "::error::a%250Ab\n")
    }
}
