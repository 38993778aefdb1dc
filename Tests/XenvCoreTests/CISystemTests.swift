import Testing
import XenvSystem

@testable import XenvCore

/// Azure Pipelines and GitLab outputs, read back with the agents' own rules.
struct CISystemTests {
    static func plan(_ environment: [EnvironmentAssignment], pathPrepend: [String] = []) throws -> Plan {
        var plan = try Planner.plan(
            PlanRequest(target: "arm64", sysroot: "/xw", stateDirectory: "/state"), in: Machine.standard().context())
        plan.environment = environment
        plan.pathPrepend = pathPrepend
        return plan
    }

    /// The agent's unescaping of a `##vso[...]` message (`%AZP25` last, so `%AZP250A` stays literal text).
    static func azureUnescape(_ text: String) -> String {
        text.replacingOccurrences(of: "%0D", with: "\r").replacingOccurrences(of: "%0A", with: "\n")
            .replacingOccurrences(of: "%5D", with: "]").replacingOccurrences(of: "%3B", with: ";")
            .replacingOccurrences(of: "%AZP25", with: "%")
    }

    @Test func azureSetsEveryVariableAndPrependsPathInTheAgentsOrder() throws {
        let value = "100% done\r\nline two ] ; %0A"
        let plan = try Self.plan(
            [
                EnvironmentAssignment("A", value), EnvironmentAssignment("PATH", "x"),
                EnvironmentAssignment("B", "plain"),
            ],
            pathPrepend: [#"C:\first"#, #"C:\second"#])
        let text = AzurePipelines.commands(for: plan)
        #expect(
            text == """
                ##vso[task.setvariable variable=A]100%AZP25 done%0D%0Aline two ] ; %AZP250A
                ##vso[task.setvariable variable=B]plain
                ##vso[task.prependpath]C:\\second
                ##vso[task.prependpath]C:\\first

                """)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(Self.azureUnescape(String(lines[0].dropFirst("##vso[task.setvariable variable=A]".count))) == value)
        #expect(AzurePipelines.escapeProperty("a];b") == "a%5D%3Bb")
        #expect(AzurePipelines.errorCommand("bad\nthing") == "##vso[task.logissue type=error]bad%0Athing\n")
    }

    /// GitLab's parser: every line must match `^(.*?)=(.*)$`; key and value are stripped.
    static func gitlabParse(_ text: String) -> [String: String]? {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            guard let equals = line.firstIndex(of: "=") else { return nil }
            result[line[..<equals].trimmingCharacters(in: .whitespaces)] =
                line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return result
    }

    @Test func gitlabDotenvParsesBackAndLeavesOutPath() throws {
        let plan = try Self.plan([
            EnvironmentAssignment("LIB", "/x y/lib;/z"), EnvironmentAssignment("PATH", "/bin"),
            EnvironmentAssignment("CC_t", "/cc"),
        ])
        let text = try GitLabDotenv.render(plan)
        #expect(text == "LIB=/x y/lib;/z\nCC_t=/cc\n")
        #expect(Self.gitlabParse(text) == ["LIB": "/x y/lib;/z", "CC_t": "/cc"])
    }

    @Test func gitlabRefusesWhatItCannotCarry() throws {
        func message(_ value: String) throws -> String? {
            thrownError { try GitLabDotenv.render(try Self.plan([EnvironmentAssignment("V", value)])) }?.description
        }
        #expect(
            try message("a\nb")
                == "cannot write V for GitLab dotenv: GitLab dotenv values cannot hold a line break; use another --shell (json, sh, pwsh)"
        )
        #expect(
            try message(" padded")
                == "cannot write V for GitLab dotenv: GitLab strips a value's leading and trailing spaces; use another --shell (json, sh, pwsh)"
        )
        #expect(
            try message("$HOME/x")
                == "cannot write V for GitLab dotenv: GitLab expands $ in dotenv values; use another --shell (json, sh, pwsh)"
        )
        let many = try Self.plan((0..<21).map { EnvironmentAssignment("V\($0)", "x") })
        #expect(
            thrownError { try GitLabDotenv.render(many) }?.description
                == "cannot write the plan for GitLab dotenv: 21 variables in 116 bytes exceed GitLab's default limits of 20 variables and 5120 bytes (an administrator can raise dotenv_variables and dotenv_size); use another --shell (json, sh, pwsh)"
        )
    }

    @Test(arguments: [
        (["GITHUB_ACTIONS": "true"], CISystem.github), (["TF_BUILD": "True"], .azure), (["GITLAB_CI": "true"], .gitlab),
    ])
    func detectsTheCISystem(environment: [String: String], system: CISystem) {
        #expect(CISystem.detect(Environment(environment)) == system)
        #expect(CISystem.choose(.none, environment: Environment(environment)) == nil)
    }

    @Test func githubCarriesLineBreaksAndTheDelimiterTextThroughGitHubEnv() throws {
        var delimiters = ["EOF1", "EOF2", "EOF3"].makeIterator()
        let value = "first line\nEOF1\nthird line"
        let plan = try Self.plan([EnvironmentAssignment("A", value), EnvironmentAssignment("B", "EOF2 inside")])
        let text = try GitHubActions.files(for: plan, delimiter: { delimiters.next() ?? "EOF9" }).environment
        #expect(text == "A<<EOF2\nfirst line\nEOF1\nthird line\nEOF2\nB<<EOF3\nEOF2 inside\nEOF3\n")
    }

    @Test func cmdWritesAScriptToCallAndPrintsTheCallLine() throws {
        let machine = Machine.standard()
        let result = CommandRunner.run(arguments: [
            "env", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "--shell", "cmd",
        ]) {
            machine.context()
        }
        #expect(result.standardOutput == "call \"/state/aarch64-pc-windows-msvc/env.cmd\"\n")
        let script = try #require(
            machine.fileSystem.readFile("/state/aarch64-pc-windows-msvc/env.cmd").map {
                String(decoding: $0, as: UTF8.self)
            })
        #expect(script.hasPrefix("@echo off\r\n"))
        #expect(script.contains("set \"LIB=/xw/crt/lib/aarch64;/xw/sdk/lib/um/aarch64;/xw/sdk/lib/ucrt/aarch64\"\r\n"))
    }

    @Test func detectsNothingOutsideCI() {
        #expect(CISystem.detect(Environment([:])) == nil)
        #expect(CISystem.choose(.azure, environment: Environment([:])) == .azure)
    }

    @Test func azureSetupPrintsItsCommandsAndErrorsAsLogIssues() {
        let machine = Machine.standard()
        let arguments = ["setup", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "--ci", "azure"]
        let result = CommandRunner.run(arguments: arguments) { machine.context() }
        #expect(
            result.standardOutput.hasPrefix(
                "##vso[task.setvariable variable=CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER]/state/aarch64-pc-windows-msvc/xenv-link\n"
            ))
        let failed = CommandRunner.run(arguments: ["setup", "--target", "armv7", "--ci", "azure"]) { machine.context() }
        #expect(
            failed.standardOutput
                == "##vso[task.logissue type=error]xenv: unknown --target 'armv7'; accepted: aarch64-pc-windows-msvc, arm64, aarch64, arm64ec-pc-windows-msvc, arm64ec, i686-pc-windows-msvc, x86, i686, x86_64-pc-windows-msvc, x64, amd64, x86_64\n"
        )
    }

    @Test func gitlabSetupWritesTheDotenvReport() throws {
        let machine = Machine.standard()
        let arguments = [
            "setup", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "--ci", "gitlab", "--dotenv",
            "/job/xenv.env",
        ]
        let result = CommandRunner.run(arguments: arguments) { machine.context() }
        #expect(result.exitCode == 0, "\(result.standardError)")
        let text = try #require(
            machine.fileSystem.readFile("/job/xenv.env").map { String(decoding: $0, as: UTF8.self) })
        #expect(
            Self.gitlabParse(text)?["CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER"]
                == "/state/aarch64-pc-windows-msvc/xenv-link")
    }
}

extension CISystemTests {
    @Test func onlySetupTalksToTheCI() {
        // `eval "$(xenv env ...)"` in a GitHub job must not get a workflow command to run.
        let failed = CommandRunner.run(
            arguments: ["env", "--target", "armv7"], environment: Environment(["GITHUB_ACTIONS": "true"])
        ) {
            Machine.standard().context()
        }
        #expect(failed.standardOutput == "")
        #expect(failed.exitCode == 64)
        let setup = CommandRunner.run(
            arguments: ["setup", "--target", "armv7"], environment: Environment(["GITHUB_ACTIONS": "true"])
        ) {
            Machine.standard().context()
        }
        #expect(setup.standardOutput.hasPrefix("::error::xenv: unknown --target 'armv7'"))
    }
}
