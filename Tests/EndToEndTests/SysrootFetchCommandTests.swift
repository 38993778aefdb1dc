// The end-to-end tests start xenv, curl and cargo with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvSystem
import XenvTestSupport

/// `xenv sysroot fetch` through the built binary, against the fake CDN on loopback: from a machine with no
/// sysroot to a linked ARM64 program with `sysroot fetch` and `env` alone, the default directories, the license,
/// and a second run that asks the network nothing.
@Suite(.serialized)
struct SysrootFetchCommandTests {
    /// A machine with nothing of xenv's yet: its own HOME and cache, the test's tools on PATH.
    struct FreshMachine {
        let home: String
        let environment: [String: String]
        var sysroot: String { Path.join(home, ".cache/xenv/sysroot") }

        init(_ name: String) throws {
            home = try E2E.temporaryDirectory("fetch \(name)")
            // The Rust toolchain stays where it is installed; everything else starts from an empty home.
            let real = ProcessInfo.processInfo.environment
            let realHome = real["HOME"] ?? "/root"
            environment = [
                "HOME": home, "PATH": E2E.basePath,
                "RUSTUP_HOME": real["RUSTUP_HOME"] ?? Path.join(realHome, ".rustup"),
                "CARGO_HOME": real["CARGO_HOME"] ?? Path.join(realHome, ".cargo"),
            ]
        }

        func xenv(_ arguments: [String], extra: [String: String] = [:]) throws -> E2E.Output {
            try E2E.run(
                E2E.xenv, arguments, environment: environment.merging(extra) { $1 }, inheritEnvironment: false,
                directory: home)
        }
    }

    @Test func fetchThenEnvAloneLinkAnARM64Program() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let machine = try FreshMachine("link")
        let fetch = try machine.xenv(["sysroot", "fetch", "--accept-license", "--manifest", server.channelURL])
        #expect(fetch.status == 0, "\(fetch.standardError)")
        #expect(
            fetch.standardOutput.hasPrefix(
                "xenv: sysroot \(machine.sysroot): CRT 14.44.17.14, SDK 10.0.26100 (x86_64, aarch64); "))
        // One line a package in a log, not a terminal's redrawn bar.
        #expect(
            fetch.standardError.contains(
                "xenv: downloaded and verified Microsoft.VC.14.44.17.14.CRT.ARM64.Desktop.base.vsix"))
        #expect(!fetch.standardError.contains("\r"))

        // No --sysroot, no XENV_SYSROOT: the fetched sysroot is found, and cargo links through the shim.
        let crate = Path.join(machine.home, "demo crate")
        try FileManager.default.copyItem(atPath: Path.join(E2E.packageRoot, "Tests/Fixtures/demo-crate"), toPath: crate)
        let build = try E2E.bash(
            """
            eval "$("$XENV" env --target arm64)"
            cd "$CRATE"
            RUSTC_BOOTSTRAP=1 cargo build --target aarch64-pc-windows-msvc --quiet
            """,
            environment: machine.environment.merging(["XENV": E2E.xenv, "CRATE": crate]) { $1 })
        #expect(build.status == 0, "\(build.standardError)")
        let executable = Path.join(crate, "target/aarch64-pc-windows-msvc/debug/xenv-demo.exe")
        #expect(E2E.peMachine(executable) == 0xAA64)

        // x64 from the same sysroot: a C program through the shim, run under wine64, exits with its own code.
        let program = Path.join(machine.home, "x64 program")
        try FileManager.default.createDirectory(atPath: program, withIntermediateDirectories: true)
        try E2E.write(
            Path.join(program, "exit.c"),
            "__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nvoid start(void) { ExitProcess(6 * 7); }\n")
        let x64 = try E2E.bash(
            """
            eval "$("$XENV" env --target x64)"
            cd "$PROGRAM"
            "$CC_x86_64_pc_windows_msvc" $CFLAGS_x86_64_pc_windows_msvc /nologo /Zl /c exit.c /Foexit.obj
            "$CARGO_TARGET_X86_64_PC_WINDOWS_MSVC_LINKER" /entry:start /subsystem:console exit.obj kernel32.lib /out:exit.exe
            """,
            environment: machine.environment.merging(["XENV": E2E.xenv, "PROGRAM": program]) { $1 })
        #expect(x64.status == 0, "\(x64.standardOutput)\(x64.standardError)")
        #expect(E2E.peMachine(Path.join(program, "exit.exe")) == 0x8664)
        #expect(try Wine.run([Path.join(program, "exit.exe")]).status == 42)

        let inspect = try machine.xenv(["inspect"])
        #expect(
            inspect.standardOutput.contains(
                "  \(machine.sysroot): xwin splat, fetched by xenv: CRT 14.44.17.14, SDK 10.0.26100; serves aarch64-pc-windows-msvc, x86_64-pc-windows-msvc\n"
            ))

        // The same request again: nothing is asked of the network.
        let before = server.requests.count
        let again = try machine.xenv(
            ["sysroot", "fetch", "--manifest", server.channelURL], extra: ["XENV_ACCEPT_LICENSE": "1"])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("is up to date"))
        #expect(server.requests.count == before)
    }

    @Test func withoutTheLicenseNothingIsAskedAndTheLicenseIsNamed() throws {
        let server = try FakeServer(root: try FakeCDN.pristine())
        let machine = try FreshMachine("license")
        let refused = try machine.xenv(["sysroot", "fetch", "--manifest", server.channelURL])
        #expect(refused.status == 1)
        #expect(
            refused.standardError
                == "xenv: error: nothing was downloaded: the Microsoft Visual Studio license must be accepted first; read it at https://go.microsoft.com/fwlink/?LinkId=2179911, then pass --accept-license (or set XENV_ACCEPT_LICENSE=1)\n"
        )
        #expect(server.requests.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: machine.sysroot))
    }

    @Test func aWrongPayloadFailsInOneLineAndLeavesNoSysroot() throws {
        let cdn = try FakeCDN.pristine()
        let vsix = "Microsoft.VC.14.44.17.14.CRT.ARM64.Desktop.base.vsix"
        let corrupt = try #require(
            FileManager.default.subpaths(atPath: Path.join(cdn, "payloads"))?.first { $0.hasSuffix(vsix) })
        let server = try FakeServer(root: cdn, corrupt: ["/payloads/" + corrupt])
        let machine = try FreshMachine("corrupt")
        let result = try machine.xenv(["sysroot", "fetch", "--accept-license", "--manifest", server.channelURL])
        #expect(result.status == 1)
        let errors = result.standardError.split(separator: "\n").filter { $0.hasPrefix("xenv: error: ") }
        #expect(errors.count == 1)
        #expect(errors.first?.contains(vsix) == true)
        #expect(!FileManager.default.fileExists(atPath: machine.sysroot))
    }

    @Test func anUnknownArchitectureIsAUsageError() throws {
        let machine = try FreshMachine("arch")
        let result = try machine.xenv(["sysroot", "fetch", "--accept-license", "--arch", "aarch64,mips"])
        #expect(result.status == 64)
        #expect(
            result.standardError
                == "xenv: error: --arch 'mips' is not one of x86_64, aarch64, x86, aarch (see `xenv --help`)\n")
    }
}
#endif
