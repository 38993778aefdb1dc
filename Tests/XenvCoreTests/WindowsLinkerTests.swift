import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsLinkerTests {
    static let rustc = #"C:\Users\me\.cargo\bin\rustc.exe"#
    static let sysroot = #"C:\Users\me\.rustup\toolchains\stable-x86_64-pc-windows-msvc"#
    static let rustLLD =
        #"C:\Users\me\.rustup\toolchains\stable-x86_64-pc-windows-msvc\lib\rustlib\x86_64-pc-windows-msvc\bin\rust-lld.exe"#

    static func shimConfig(_ plan: Plan) -> String? {
        guard let file = plan.files.first(where: { $0.path.hasSuffix(".conf") }), case .bytes(let bytes) = file.contents
        else {
            return nil
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aSimulatedHostTakesVisualStudiosLldLinkBehindTheShim() throws {
        var notes: [String] = []
        let plan = try WindowsFixture.plan(notes: &notes)
        #expect(
            plan.tools.linker
                == Linker(
                    path:
                        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe"#,
                    kind: .lldLink))
        // The fixture has no rustc on the runner's Path, so there is no rust-lld to ask it for.
        #expect(notes.contains("linker: no rustc.exe on PATH to ask for its sysroot"))
        #expect(plan.shimPath == #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#)
        #expect(
            plan.files.map(\.path) == [
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#,
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.conf"#,
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#,
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc-toolchain.cmake"#,
            ])
        #expect(plan.files.map(\.executable) == [true, false, false, false])
        #expect(
            plan.files[3].contents
                == .bytes(
                    Array(
                        #"""
                        # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                        set(CMAKE_SYSTEM_NAME Windows)
                        set(CMAKE_SYSTEM_PROCESSOR ARM64)
                        set(CMAKE_C_COMPILER "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\cl.exe")
                        set(CMAKE_CXX_COMPILER "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\cl.exe")
                        set(CMAKE_C_COMPILER_TARGET aarch64-pc-windows-msvc)
                        set(CMAKE_CXX_COMPILER_TARGET aarch64-pc-windows-msvc)
                        set(CMAKE_AR "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools\\VC\\Tools\\MSVC\\14.38.33130\\bin\\HostX64\\arm64\\lib.exe")
                        set(CMAKE_LINKER "C:\\Users\\me\\AppData\\Local\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe")

                        """#.utf8)))
        #expect(plan.files[0].contents == .copy(of: "/opt/xenv/bin/xenv-link"))
        // lib= lines are LIB's entries, in LIB's order.
        #expect(
            Self.shimConfig(plan) == #"""
                # Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.
                linker=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe
                linker-kind=lld-link
                drop=/arm64hazardfree
                add=/defaultlib:ucrt
                add=/nodefaultlib:libucrt
                lib=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\arm64
                lib=C:\Program Files (x86)\Windows Kits\10\lib\10.0.22621.0\ucrt\arm64
                lib=C:\Program Files (x86)\Windows Kits\10\\lib\10.0.22621.0\\um\arm64

                """#)
        #expect(
            plan.files[2].contents
                == .bytes(
                    Array(
                        #"""
                        # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                        # Use: cargo --config <this file> build --target aarch64-pc-windows-msvc

                        [target.aarch64-pc-windows-msvc]
                        linker = "C:\\Users\\me\\AppData\\Local\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe"

                        """#.utf8)))
    }

    @Test func aRealHostAsksRustcForRustLLD() throws {
        let copy = try FixtureCopy()
        try copy.write(Self.rustc, "stub")
        try copy.write(Self.rustLLD, "stub")
        var environment = WindowsFixture.environment
        environment["Path"] = #"C:\Users\me\.cargo\bin;C:\Windows"#
        let runner = RecordingProcessRunner(answers: [
            "\(Self.rustc) --print sysroot": output(Self.sysroot + "\r\n")
        ])
        let plan = try WindowsFixture.plan(
            in: WindowsFixture.context(
                fileSystem: copy.fileSystem, environment: environment, processRunner: runner))
        #expect(runner.calls == [[Self.rustc, "--print", "sysroot"]])
        #expect(plan.tools.linker == Linker(path: Self.rustLLD, kind: .rustLLD))
        #expect(plan.shimPath == #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#)
        #expect(
            Self.shimConfig(plan)?.hasPrefix(
                "# Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.\n"
                    + "linker=\(Self.rustLLD)\nlinker-kind=rust-lld\n") == true)
    }

    @Test func withoutLLVMTheToolsetsLinkExeIsTheLinkerAndNeedsNoShim() throws {
        let copy = try FixtureCopy(removing: [FixturePath.buildTools + #"\VC\Tools\Llvm"#])
        var notes: [String] = []
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem), notes: &notes)
        let link =
            #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64\link.exe"#
        #expect(plan.tools.linker == Linker(path: link, kind: .msvcLink))
        #expect(
            notes.contains(
                #"linker: no C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe"#
            ))
        #expect(plan.shimPath == nil)
        #expect(
            plan.files.map(\.path) == [
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\cargo-config.toml"#,
                #"C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc-toolchain.cmake"#,
            ])
        #expect(WindowsFixture.value("CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER", in: plan) == link)
        #expect(!plan.pathPrepend.contains { $0.contains("Llvm") })
    }

    @Test func lldLinkOnRequestNeedsVisualStudiosLLVM() throws {
        let copy = try FixtureCopy(removing: [FixturePath.buildTools + #"\VC\Tools\Llvm"#])
        #expect(
            thrownError {
                try WindowsFixture.plan(
                    PlanRequest(target: "arm64", linker: .lldLink),
                    in: WindowsFixture.context(fileSystem: copy.fileSystem))
            }?.description
                == #"no linker for --linker lld-link: looked for C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe (the Visual Studio component Microsoft.VisualStudio.Component.VC.Llvm.Clang); install LLVM's lld-link or the Rust toolchain's rust-lld, or pass --linker PATH"#
        )
    }

    @Test func aLinkerGivenAsAWindowsPathIsTaken() throws {
        let copy = try FixtureCopy()
        try copy.write(#"C:\Program Files\LLVM\bin\lld-link.exe"#, "stub")
        let invocation = try Invocation(parsing: [
            "env", "--target", "arm64", "--linker", #"C:\Program Files\LLVM\bin\lld-link.exe"#,
        ])
        let plan = try WindowsFixture.plan(invocation.request, in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(plan.tools.linker == Linker(path: #"C:\Program Files\LLVM\bin\lld-link.exe"#, kind: .lldLink))
    }

    @Test func anARM64HostRunsVisualStudiosX64LldLinkUnderEmulation() throws {
        // The fixture has only VC\Tools\Llvm\x64\bin: an ARM64 host still uses it rather than fall back to link.exe.
        var environment = WindowsFixture.environment
        environment["PROCESSOR_ARCHITECTURE"] = "ARM64"
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(environment: environment))
        #expect(
            plan.tools.linker
                == Linker(
                    path:
                        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin\lld-link.exe"#,
                    kind: .lldLink))
        let copy = try FixtureCopy()
        try copy.write(
            #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\ARM64\bin\lld-link.exe"#,
            "stub")
        let native = try WindowsFixture.plan(
            in: WindowsFixture.context(fileSystem: copy.fileSystem, environment: environment))
        #expect(
            native.tools.linker.path
                == #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\ARM64\bin\lld-link.exe"#
        )
    }

    @Test func aRelativeLinkerPathIsTakenFromTheWorkingDirectory() throws {
        let copy = try FixtureCopy()
        try copy.write(#"C:\work\tools\lld-link.exe"#, "stub")
        let plan = try WindowsFixture.plan(
            PlanRequest(target: "arm64", linker: .path(#"tools\lld-link.exe"#)),
            in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(plan.tools.linker == Linker(path: #"C:\work\tools\lld-link.exe"#, kind: .lldLink))
    }

    @Test func visualStudioOptionsOnALinuxHostAreAUsageError() {
        for request in [
            VisualStudioRequest(path: #"C:\VS"#), VisualStudioRequest(toolset: "14.44"),
            VisualStudioRequest(sdk: "10.0.22621.0"),
            VisualStudioRequest(allowPrerelease: true),
        ] {
            let error = thrownError {
                try Planner.plan(
                    PlanRequest(target: "arm64", sysroot: "/xw", visualStudio: request),
                    in: Machine.standard().context())
            }
            #expect(
                error?.description
                    == "--vs, --toolset, --sdk and --prerelease apply to Windows hosts only (see `xenv --help`)")
            #expect(error?.exitCode == 64)
        }
    }
}

/// cc-rs's variables on a Windows host: the toolset's cl.exe and lib.exe, or Visual Studio's clang-cl.
@Suite struct WindowsCompilerTests {
    static let llvm = #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin"#

    @Test func clangClOnRequestTakesVisualStudiosLLVMWithATargetFlag() throws {
        let plan = try WindowsFixture.plan(PlanRequest(target: "arm64", compiler: .clangCl))
        #expect(WindowsFixture.value("CC_aarch64_pc_windows_msvc", in: plan) == Self.llvm + #"\clang-cl.exe"#)
        #expect(WindowsFixture.value("AR_aarch64_pc_windows_msvc", in: plan) == Self.llvm + #"\llvm-lib.exe"#)
        #expect(WindowsFixture.value("CFLAGS_aarch64_pc_windows_msvc", in: plan) == "--target=aarch64-pc-windows-msvc")
    }

    @Test func clangClNeedsTheClangComponentAndSaysHowToAddIt() throws {
        let copy = try FixtureCopy(removing: [Self.llvm])
        let error = thrownError {
            try WindowsFixture.plan(
                PlanRequest(target: "arm64", compiler: .clangCl),
                in: WindowsFixture.context(fileSystem: copy.fileSystem))
        }
        // What the machine lacks, not a command-line mistake: exit 1, not 64.
        #expect(error?.exitCode == 1)
        #expect(
            error?.description
                == #"Visual Studio Build Tools 2022 17.14.31 (April 2026) at C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools lacks the component Microsoft.VisualStudio.Component.VC.Llvm.Clang that --cc clang-cl needs; add it with `"C:\Program Files (x86)\Microsoft Visual Studio\Installer\vs_installer.exe" modify --installPath "C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools" --add Microsoft.VisualStudio.Component.VC.Llvm.Clang --passive`"#
        )
    }

    @Test func clOnALinuxHostIsAUsageError() throws {
        #expect(try Invocation(parsing: ["env", "--target", "arm64", "--cc", "clang-cl"]).request.compiler == .clangCl)
        #expect(
            thrownError { try Invocation(parsing: ["env", "--target", "arm64", "--cc", "gcc"]) }?.description
                == "--cc 'gcc' is not cl or clang-cl (see `xenv --help`)")
        #expect(
            thrownError {
                try Planner.plan(
                    PlanRequest(target: "arm64", sysroot: "/xw", compiler: .cl), in: Machine.standard().context())
            }?.description
                == "--cc cl applies to Windows hosts only; Linux and macOS hosts use clang-cl (see `xenv --help`)")
    }
}
