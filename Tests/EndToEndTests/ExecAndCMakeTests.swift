// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// `xenv exec` runs a command inside the environment without a shell; the CMake toolchain file configures
/// and builds a real CMake project with Debian's cmake and ninja on the generated sysroot.
@Suite(.serialized)
struct ExecAndCMakeTests {
    @Test func execRunsTheCommandInsideTheEnvironmentAndPassesItsExitCode() throws {
        let sysroot = try GeneratedSysroot.get().root
        let state = Path.join(try E2E.temporaryDirectory("exec"), "state")
        let result = try E2E.run(
            E2E.xenv,
            [
                "exec", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--",
                "sh", "-c", #"printf '%s|%s' "$CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER" "$LIB"; exit 7"#,
            ],
            input: "")
        #expect(result.status == 7, "\(result.standardError)")
        #expect(
            result.standardOutput == Path.join(state, "aarch64-pc-windows-msvc/xenv-link") + "|"
                + ["crt/lib/aarch64", "sdk/lib/um/aarch64", "sdk/lib/ucrt/aarch64"].map { Path.join(sysroot, $0) }
                .joined(separator: ";"))
    }

    @Test func execReportsASignalAs128PlusItsNumber() throws {
        let sysroot = try GeneratedSysroot.get().root
        let state = Path.join(try E2E.temporaryDirectory("exec-signal"), "state")
        let result = try E2E.run(
            E2E.xenv,
            ["exec", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--", "sh", "-c", "kill -KILL $$"])
        #expect(result.status == 128 + 9)
        #expect(!result.signaled)
    }

    @Test func execBuildsTheDemoCrateWithCargo() throws {
        let sysroot = try GeneratedSysroot.get().root
        let base = try E2E.temporaryDirectory("exec-cargo")
        let crate = Path.join(base, "crate")
        try FileManager.default.copyItem(atPath: Path.join(E2E.packageRoot, "Tests/Fixtures/demo-crate"), toPath: crate)
        let result = try E2E.run(
            E2E.xenv,
            [
                "exec", "--target", "arm64", "--sysroot", sysroot, "--out", Path.join(base, "state"), "--",
                "cargo", "build", "--quiet", "--target", "aarch64-pc-windows-msvc",
            ],
            environment: ["RUSTC_BOOTSTRAP": "1"], directory: crate)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(E2E.peMachine(Path.join(crate, "target/aarch64-pc-windows-msvc/debug/xenv-demo.exe")) == 0xAA64)
    }

    @Test func aMissingCommandIsOneLine() throws {
        let sysroot = try GeneratedSysroot.get().root
        let state = Path.join(try E2E.temporaryDirectory("exec-missing"), "state")
        let result = try E2E.run(
            E2E.xenv, ["exec", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--", "no-such-command-xenv"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("xenv: error: command 'no-such-command-xenv' not found on PATH ("))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    /// A one-file C library and an executable, configured with `-DCMAKE_TOOLCHAIN_FILE` and built by ninja:
    /// clang-cl compiles for ARM64 with the sysroot's headers, llvm-lib archives, and the shim links.
    @Test func cmakeConfiguresAndBuildsWithTheToolchainFile() throws {
        guard let cmake = E2E.onPath("cmake"), E2E.onPath("ninja") != nil else {
            Issue.record("cmake and ninja are not installed; .ci/run installs them")
            return
        }
        let sysroot = try GeneratedSysroot.get().root
        let base = try E2E.temporaryDirectory("cmake")
        let state = Path.join(base, "state")
        let setup = try E2E.run(
            E2E.xenv, ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", state, "--print-cmake"])
        #expect(setup.status == 0, "\(setup.standardError)")
        let toolchain = setup.standardOutput.trimmingCharacters(in: .newlines)
        #expect(toolchain == Path.join(state, "aarch64-pc-windows-msvc-toolchain.cmake"))

        let project = Path.join(base, "project")
        try E2E.write(
            Path.join(project, "CMakeLists.txt"),
            """
            cmake_minimum_required(VERSION 3.20)
            project(probe C)
            add_library(probe STATIC probe.c)
            add_executable(app app.c)
            target_link_libraries(app PRIVATE probe)
            # The demo sysroot has import libraries only, no CRT start-up code: the program brings its own entry.
            target_link_options(app PRIVATE /entry:start /subsystem:console /nodefaultlib:libcmt /nodefaultlib:oldnames)
            """)
        try E2E.write(
            Path.join(project, "probe.c"),
            """
            #include <xenv_sdk.h>
            int __stdcall xenv_demo_value(void) { return XENV_DEMO_SDK_HEADER; }
            """)
        try E2E.write(
            Path.join(project, "app.c"),
            """
            #include <xenv_sdk.h>
            __declspec(dllimport) void __stdcall ExitProcess(unsigned);
            void start(void) { ExitProcess((unsigned)xenv_demo_value()); }
            """)
        let build = Path.join(base, "build")
        // try_compile would link a test program, which needs CRT start-up code the demo sysroot does not have.
        let configure = try E2E.run(
            cmake,
            [
                "-S", project, "-B", build, "-G", "Ninja", "-DCMAKE_TOOLCHAIN_FILE=\(toolchain)",
                "-DCMAKE_TRY_COMPILE_TARGET_TYPE=STATIC_LIBRARY", "-DCMAKE_BUILD_TYPE=Release",
                // CMake links user32, gdi32 and more by default; the demo sysroot has kernel32 only.
                "-DCMAKE_C_STANDARD_LIBRARIES=kernel32.lib",
            ])
        #expect(configure.status == 0, "\(configure.standardOutput)\n\(configure.standardError)")
        let compile = try E2E.run(cmake, ["--build", build])
        #expect(compile.status == 0, "\(compile.standardOutput)\n\(compile.standardError)")
        #expect(FileManager.default.fileExists(atPath: Path.join(build, "probe.lib")))
        #expect(E2E.peMachine(Path.join(build, "app.exe")) == 0xAA64)
    }
}
#endif
