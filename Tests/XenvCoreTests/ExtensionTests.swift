import Foundation
import Testing
import XenvShimCore
import XenvSystem
import XenvToolchains

@testable import XenvCore

/// xenv grows by data: a target is one descriptor file, a shell one renderer and one registry entry. Each
/// test adds one and finds it everywhere the command line, the plan and `inspect` use targets or shells.
@Suite struct ExtensionTests {
    /// 32-bit ARM, which the embedded catalog leaves out: one JSON file, as `toolchains/` holds them.
    static let armDescriptor = """
        {
          "triple": "thumbv7a-pc-windows-msvc",
          "aliases": ["arm", "thumbv7a"],
          "vsArch": "arm",
          "vsComponent": "Microsoft.VisualStudio.Component.VC.Tools.ARM",
          "msvcLibDir": "arm",
          "sdkLibArch": "arm",
          "xwinArch": "aarch",
          "xwinMsArch": "arm",
          "clangTarget": "thumbv7a-pc-windows-msvc",
          "lldMachine": "ARM",
          "peMachine": "0x1C4",
          "cmakeProcessor": "ARM",
          "shim": { "dropFlags": ["/dropped-for-arm"], "addFlags": [] }
        }
        """

    static func catalogWithARM() throws -> TargetCatalog {
        try TargetCatalog(
            files: EmbeddedToolchains.files + [("thumbv7a-pc-windows-msvc.json", Array(armDescriptor.utf8))])
    }

    @Test func aNewTargetIsInTheHelpTheParserTheCompletionsInspectAndThePlan() throws {
        let catalog = try Self.catalogWithARM()
        let tables = CommandLineTables(catalog: catalog)
        let noContext: () throws(XenvError) -> PlanningContext = { () throws(XenvError) in
            throw XenvError.usage("no context needed")
        }

        let help = CommandRunner.run(arguments: ["help", "env"], tables: tables, context: noContext).standardOutput
        // In the catalog's order, sorted by triple.
        #expect(
            help.contains(
                "--target T     Target triple or alias: arm64/aarch64, arm64ec (Windows hosts only), x86/i686, arm/thumbv7a,\n"
            ))
        for shell in CompletionScripts.Shell.allCases {
            let script = CommandRunner.run(
                arguments: ["completions", shell.rawValue], tables: tables, context: noContext
            ).standardOutput
            #expect(script.contains("thumbv7a-pc-windows-msvc arm thumbv7a"), "\(shell)")
        }

        // windows-2022 has VC.Tools.ARM and 14.44's ARM libraries; only 10.0.22621.0 gets ARM SDK libraries
        // here, as the SDKs before 26100 have them: the plan takes that SDK.
        let runner = try SimulatedRunner("windows-2022")
        let kits = #"C:\Program Files (x86)\Windows Kits\10\Lib\10.0.22621.0"#
        try runner.write(kits + #"\um\arm\kernel32.Lib"#, "stub")
        try runner.write(kits + #"\ucrt\arm\ucrt.lib"#, "stub")
        let context = runner.context(catalog: catalog)
        let inspect = CommandRunner.run(arguments: ["inspect"], tables: tables) { context }.standardOutput
        #expect(inspect.contains("    components: ARM64 yes, ARM64EC yes, x86.x64 yes, ARM yes, LLVM yes\n"))
        #expect(inspect.contains("  10.0.22621.0: libs arm64 x86 arm x64\n"))
        #expect(inspect.contains("  thumbv7a-pc-windows-msvc: ready\n"))

        let plan = try Planner.plan(PlanRequest(target: "thumbv7a"), in: context)
        let tools = #"C:\Program Files\Microsoft Visual Studio\2022\Enterprise\VC\Tools\MSVC\14.44.35207\"#
        #expect(plan.environment.first { $0.name == "CARGO_TARGET_THUMBV7A_PC_WINDOWS_MSVC_LINKER" } != nil)
        #expect(plan.value("CC_thumbv7a_pc_windows_msvc") == tools + #"bin\HostX64\arm\cl.exe"#)
        #expect(plan.value("VSCMD_ARG_TGT_ARCH") == "arm")
        #expect(plan.value("UCRTVersion") == "10.0.22621.0")
        #expect(plan.value("LIB")?.split(separator: ";").first.map(String.init) == tools + #"lib\arm"#)
        let shimPath = try #require(plan.shimPath)
        let sidecar = try #require(plan.files.first { $0.path == ShimConfig.sidecarPath(forExecutable: shimPath) })
        guard case .bytes(let bytes) = sidecar.contents else { Issue.record("the shim's config is no text"); return }
        #expect(try ShimConfig(parsing: String(decoding: bytes, as: UTF8.self)).dropFlags == ["/dropped-for-arm"])

        // On Linux, from an xwin splat of its architecture.
        var machine = Machine.standard()
        machine.fileSystem.addSplat(at: "/xw", arch: "aarch")
        let linuxContext = PlanningContext(
            host: linuxHost, environment: Environment(machine.environment), fileSystem: machine.fileSystem,
            processRunner: machine.processRunner, workingDirectory: "/work", shimSource: machine.shimSource,
            catalog: catalog)
        let linuxPlan = try Planner.plan(PlanRequest(target: "arm", sysroot: "/xw"), in: linuxContext)
        #expect(linuxPlan.value("LIB")?.contains("/xw/crt/lib/aarch") == true)
        #expect(linuxPlan.value("CFLAGS_thumbv7a_pc_windows_msvc") == "--target=thumbv7a-pc-windows-msvc")
    }

    /// Elvish: `set-env NAME 'value'`, with `'` doubled inside a single-quoted string.
    struct ElvishRenderer: EnvironmentRenderer {
        func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
            assignments.map { "set-env \($0.name) '\($0.value.replacingOccurrences(of: "'", with: "''"))'\n" }.joined()
        }
    }

    @Test func aNewShellIsInTheParserTheDetectionTheHelpAndTheCompletions() throws {
        var shells = ShellRegistry.standard
        shells.formats.append(ShellFormat(name: "elvish", parentPrograms: ["elvish"], renderer: ElvishRenderer()))
        let tables = CommandLineTables(catalog: Catalog.embedded, shells: shells)
        let machine = Machine.standard()
        let arguments = ["env", "--target", "arm64", "--sysroot", "/xw", "--out", "/state"]

        let named = CommandRunner.run(arguments: arguments + ["--shell", "elvish"], tables: tables) {
            machine.context()
        }
        #expect(named.exitCode == 0, "\(named.standardError)")
        #expect(
            named.standardOutput.contains(
                "set-env CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER '/state/aarch64-pc-windows-msvc/xenv-link'\n"))
        let detected = CommandRunner.run(
            arguments: arguments,
            process: ProcessFacts(
                environment: Environment([:]), parentProgram: "/usr/bin/elvish", delimiter: CountingDelimiter().next,
                tables: tables)
        ) { machine.context() }
        #expect(detected.standardOutput == named.standardOutput)

        let help = CommandRunner.run(arguments: ["help", "env"], tables: tables) { machine.context() }.standardOutput
        #expect(help.contains("json, dotenv or elvish."))
        let bash = CommandRunner.run(arguments: ["completions", "bash"], tables: tables) { machine.context() }
            .standardOutput
        #expect(
            bash.contains(
                "--shell) COMPREPLY=($(compgen -W \"sh bash zsh dash ksh fish pwsh powershell cmd nu json dotenv elvish\""
            ))
        // Without the entry it is unknown, as before.
        #expect(CommandRunner.run(arguments: arguments + ["--shell", "elvish"]) { machine.context() }.exitCode == 64)
    }
}
