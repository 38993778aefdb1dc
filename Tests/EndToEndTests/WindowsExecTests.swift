#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// `xenv exec` and the rustc lookup on the simulated x64 runner, through the built binary: the command line,
/// the environment block and PATH search are the Windows host's own code; only the final spawn is this
/// machine's (the fixture's `.exe` files are shell scripts).
@Suite(.serialized)
struct WindowsExecTests {
    static func script(_ runner: WindowsHostTests.Runner, _ windowsPath: String, _ body: String) throws {
        let parsed = WindowsPath.parse(windowsPath)
        guard case .drive(let drive) = parsed.root else {
            throw SetupFailure(message: "not a drive path: \(windowsPath)")
        }
        try E2E.write(
            Path.join(runner.root, ([String(drive)] + parsed.components).joined(separator: "/")), "#!/bin/sh\n" + body,
            executable: true)
    }

    /// Findings 3 and 4: an empty argument arrives, the child sees exactly one PATH (the runner's `Path`
    /// replaced, not doubled), and the exit code passes through.
    @Test func execGivesTheProgramEveryArgumentOnePathAndItsExitCodeBack() throws {
        let runner = try WindowsHostTests.Runner("exec")
        try Self.script(
            runner, #"C:\tools\show-args.exe"#,
            #"""
            for argument in "$@"; do printf '[%s]' "$argument"; done
            printf '\n'
            /usr/bin/env | /usr/bin/grep -ci '^path='
            /usr/bin/env | /usr/bin/grep -i '^path=' | /usr/bin/cut -c1-160
            exit 42
            """#)
        var environment = runner.environment(githubActions: false)
        environment["PATH"] = nil
        environment["Path"] = #"C:\tools;C:\Windows\system32"#
        let result = try E2E.run(
            E2E.xenv, ["exec", "--target", "arm64", "--", "show-args", "", "a b", #"C:\dir with space\"#, "-x", ""],
            environment: environment, inheritEnvironment: false, directory: runner.workingDirectory)
        #expect(result.status == 42, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == #"[][a b][C:\dir with space\][-x][]"#)
        #expect(lines.dropFirst().first == "1")
        #expect(
            lines.last?.hasPrefix(
                #"PATH=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64;"#
            ) == true)
    }

    /// A crash on Windows ends a program with a 32-bit status such as 0xC0000005; xenv passes it on whole (a
    /// Linux exit status keeps only its low byte, 0x05, which is what this test can see of the simulated run).
    @Test func aCrashingProgramsStatusPassesThrough() throws {
        let runner = try WindowsHostTests.Runner("exec crash")
        try Self.script(runner, #"C:\tools\crash.exe"#, "kill -SEGV $$\n")
        var environment = runner.environment(githubActions: false)
        environment["PATH"] = #"C:\tools"#
        let result = try E2E.run(
            E2E.xenv, ["exec", "--target", "arm64", "--", "crash"], environment: environment, inheritEnvironment: false)
        #expect(result.status == 0x05)
        #expect(!result.signaled)
    }

    @Test func aBatchFileIsRefusedWithWhatToRunInstead() throws {
        let runner = try WindowsHostTests.Runner("exec batch")
        try Self.script(runner, #"C:\tools\npm.cmd"#, "exit 0\n")
        var environment = runner.environment(githubActions: false)
        environment["PATH"] = #"C:\tools"#
        let result = try E2E.run(
            E2E.xenv, ["exec", "--target", "arm64", "--", "npm", "ci"], environment: environment,
            inheritEnvironment: false)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == #"xenv: error: cannot run C:\tools\npm.cmd: it is a batch file, which Windows runs through cmd.exe with other quoting rules; run `cmd /d /c npm.cmd ...` instead"#
                + "\n")
    }

    /// Finding 7: rustc is `rustc.exe` on the runner's `Path`, found through PATHEXT and asked for its sysroot;
    /// its rust-lld then becomes the linker, as on a real runner with rustup.
    @Test func rustcOnThePathIsAskedForRustLLD() throws {
        let runner = try WindowsHostTests.Runner("rustc")
        let toolchain = #"C:\Users\runneradmin\.rustup\toolchains\stable-x86_64-pc-windows-msvc"#
        try Self.script(
            runner, #"C:\Users\runneradmin\.cargo\bin\rustc.exe"#,
            """
            [ "$1 $2" = "--print sysroot" ] || exit 3
            printf '%s\\r\\n' '\(toolchain)'
            """)
        try Self.script(runner, toolchain + #"\lib\rustlib\x86_64-pc-windows-msvc\bin\rust-lld.exe"#, "exit 0\n")
        var environment = runner.environment()
        environment["PATH"] = #"C:\Windows\system32;C:\Users\runneradmin\.cargo\bin"#
        let result = try E2E.run(
            E2E.xenv, ["setup", "--target", "arm64"], environment: environment, inheritEnvironment: false)
        #expect(result.status == 0, "\(result.standardError)")
        let config = E2E.read(Path.join(runner.root, "D/a/_temp/xenv/aarch64-pc-windows-msvc/xenv-link.conf"))
        #expect(
            config?.contains(
                "\nlinker=\(toolchain)\\lib\\rustlib\\x86_64-pc-windows-msvc\\bin\\rust-lld.exe\nlinker-kind=rust-lld\n"
            ) == true)
    }
}

/// Ctrl-C in a terminal goes to the whole foreground process group: the command under `xenv exec` decides what
/// to do with it, and xenv waits and exits with the command's code instead of dying first.
@Suite struct ExecInterruptTests {
    @Test func ctrlCReachesTheCommandAndXenvWaitsForIt() throws {
        let sysroot = try GeneratedSysroot.get().root
        let base = try E2E.temporaryDirectory("exec interrupt")
        let ready = Path.join(base, "ready")
        let argv = [
            E2E.xenv, "exec", "--target", "arm64", "--sysroot", sysroot, "--out", Path.join(base, "state"), "--",
            "/bin/sh", "-c", "trap 'exit 42' INT; : > '\(ready)'; while :; do sleep 0.05; done",
        ]
        // A process group of its own, as a shell gives a foreground job.
        var attributes = PosixCalls.cleanSpawnAttributes(newProcessGroup: true)
        defer { posix_spawnattr_destroy(&attributes) }
        let cArguments = argv.map { strdup($0) } + [nil]
        let variables: [String] = ["PATH=\(E2E.basePath)", "HOME=\(base)"]
        let cEnvironment = variables.map { strdup($0) } + [nil]
        defer { for pointer in cArguments + cEnvironment { free(pointer) } }
        var pid = pid_t()
        #expect(posix_spawn(&pid, E2E.xenv, nil, &attributes, cArguments, cEnvironment) == 0)
        for _ in 0..<400 where !FileManager.default.fileExists(atPath: ready) { usleep(25_000) }
        #expect(FileManager.default.fileExists(atPath: ready))
        kill(-pid, SIGINT)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(status & 0x7F == 0, "xenv died of signal \(status & 0x7F)")
        #expect((status >> 8) & 0xFF == 42)
    }
}
#endif
