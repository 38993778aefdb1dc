import Testing
import XenvShimCore
import XenvSystem

@testable import XenvCore

@Suite struct PlannerTests {
    static let request = PlanRequest(target: "arm64", sysroot: "/xw", stateDirectory: "/state")

    static func variables(_ plan: Plan) -> [String] { plan.environment.map { "\($0.name)=\($0.value)" } }

    /// A planned file's text, when its contents are bytes.
    static func text(_ file: PlannedFile?) -> String? {
        guard case .bytes(let bytes) = file?.contents else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func setsTheArm64VariablesInOrder() throws {
        let plan = try Planner.plan(Self.request, in: Machine.standard().context())
        #expect(
            Self.variables(plan) == [
                "CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER=/state/aarch64-pc-windows-msvc/xenv-link",
                "CC_aarch64_pc_windows_msvc=/llvm/bin/clang-cl",
                "CXX_aarch64_pc_windows_msvc=/llvm/bin/clang-cl",
                "CFLAGS_aarch64_pc_windows_msvc=--target=aarch64-pc-windows-msvc",
                "CXXFLAGS_aarch64_pc_windows_msvc=--target=aarch64-pc-windows-msvc",
                "AR_aarch64_pc_windows_msvc=/llvm/bin/llvm-lib",
                "CMAKE_TOOLCHAIN_FILE_aarch64_pc_windows_msvc=/state/aarch64-pc-windows-msvc-toolchain.cmake",
                "BINDGEN_EXTRA_CLANG_ARGS_aarch64_pc_windows_msvc=--target=aarch64-pc-windows-msvc",
                "INCLUDE=/xw/crt/include;/xw/sdk/include/ucrt;/xw/sdk/include/um;/xw/sdk/include/shared",
                "LIB=/xw/crt/lib/aarch64;/xw/sdk/lib/um/aarch64;/xw/sdk/lib/ucrt/aarch64",
            ])
        #expect(plan.shimPath == "/state/aarch64-pc-windows-msvc/xenv-link")
        #expect(plan.warnings.isEmpty)
    }

    @Test func leavesOutCompilerVariablesWithoutClangCl() throws {
        let machine = Machine.standard()
        machine.fileSystem.addFile("/llvm/bin/clang-cl", "not executable")
        machine.fileSystem.addSplat(at: "/x64", arch: "x86_64")
        let plan = try Planner.plan(
            PlanRequest(target: "x64", sysroot: "/x64", stateDirectory: "/state"), in: machine.context())
        #expect(
            Self.variables(plan) == [
                "CARGO_TARGET_X86_64_PC_WINDOWS_MSVC_LINKER=/state/x86_64-pc-windows-msvc/xenv-link",
                "AR_x86_64_pc_windows_msvc=/llvm/bin/llvm-lib",
                "BINDGEN_EXTRA_CLANG_ARGS_x86_64_pc_windows_msvc=--target=x86_64-pc-windows-msvc",
                "INCLUDE=/x64/crt/include;/x64/sdk/include/ucrt;/x64/sdk/include/um;/x64/sdk/include/shared",
                "LIB=/x64/crt/lib/x86_64;/x64/sdk/lib/um/x86_64;/x64/sdk/lib/ucrt/x86_64",
            ])
        #expect(
            plan.warnings == [
                "no clang-cl on PATH: CC_*, CXX_*, CFLAGS_* and CXXFLAGS_* are left out; Rust-only builds still work"
            ])
    }

    @Test func plansTheShimItsConfigAndACargoConfig() throws {
        let plan = try Planner.plan(Self.request, in: Machine.standard().context())
        #expect(
            plan.files.map(\.path) == [
                "/state/aarch64-pc-windows-msvc/xenv-link", "/state/aarch64-pc-windows-msvc/xenv-link.conf",
                "/state/aarch64-pc-windows-msvc/cargo-config.toml", "/state/aarch64-pc-windows-msvc-toolchain.cmake",
                "/state/aarch64-pc-windows-msvc-toolchain-override.cmake",
            ])
        #expect(plan.files.map(\.executable) == [true, false, false, false, false])
        #expect(plan.files[0].contents == .copy(of: "/opt/xenv/bin/xenv-link"))
        #expect(
            plan.files[1].contents
                == .bytes(
                    Array(
                        """
                        # Written by xenv for its linker shim. `xenv setup` rewrites it; edits are lost.
                        linker=/llvm/bin/lld-link
                        linker-kind=lld-link
                        drop=/arm64hazardfree
                        add=/defaultlib:ucrt
                        add=/nodefaultlib:libucrt
                        lib=/xw/crt/lib/aarch64
                        lib=/xw/sdk/lib/um/aarch64
                        lib=/xw/sdk/lib/ucrt/aarch64

                        """.utf8)))
        #expect(
            plan.files[2].contents
                == .bytes(
                    Array(
                        """
                        # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                        # Use: cargo --config <this file> build --target aarch64-pc-windows-msvc

                        [target.aarch64-pc-windows-msvc]
                        linker = "/state/aarch64-pc-windows-msvc/xenv-link"

                        [env]
                        CC_aarch64_pc_windows_msvc = "/llvm/bin/clang-cl"
                        CXX_aarch64_pc_windows_msvc = "/llvm/bin/clang-cl"
                        CFLAGS_aarch64_pc_windows_msvc = "--target=aarch64-pc-windows-msvc"
                        CXXFLAGS_aarch64_pc_windows_msvc = "--target=aarch64-pc-windows-msvc"
                        AR_aarch64_pc_windows_msvc = "/llvm/bin/llvm-lib"
                        CMAKE_TOOLCHAIN_FILE_aarch64_pc_windows_msvc = "/state/aarch64-pc-windows-msvc-toolchain.cmake"
                        BINDGEN_EXTRA_CLANG_ARGS_aarch64_pc_windows_msvc = "--target=aarch64-pc-windows-msvc"
                        INCLUDE = "/xw/crt/include;/xw/sdk/include/ucrt;/xw/sdk/include/um;/xw/sdk/include/shared"
                        LIB = "/xw/crt/lib/aarch64;/xw/sdk/lib/um/aarch64;/xw/sdk/lib/ucrt/aarch64"

                        """.utf8)))
        #expect(
            plan.files[3].contents
                == .bytes(
                    Array(
                        #"""
                        # Written by xenv for aarch64-pc-windows-msvc; `xenv setup` rewrites it.
                        set(CMAKE_SYSTEM_NAME Windows)
                        set(CMAKE_SYSTEM_PROCESSOR ARM64)
                        set(CMAKE_C_COMPILER "/llvm/bin/clang-cl")
                        set(CMAKE_CXX_COMPILER "/llvm/bin/clang-cl")
                        set(CMAKE_C_COMPILER_TARGET aarch64-pc-windows-msvc)
                        set(CMAKE_CXX_COMPILER_TARGET aarch64-pc-windows-msvc)
                        set(CMAKE_AR "/llvm/bin/llvm-lib")
                        set(CMAKE_LINKER "/state/aarch64-pc-windows-msvc/xenv-link")
                        set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES "/xw/crt/include;/xw/sdk/include/ucrt;/xw/sdk/include/um;/xw/sdk/include/shared")
                        set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES "/xw/crt/include;/xw/sdk/include/ucrt;/xw/sdk/include/um;/xw/sdk/include/shared")
                        # No manifest tool is needed for a cross build.
                        set(CMAKE_EXE_LINKER_FLAGS_INIT /manifest:no)
                        set(CMAKE_SHARED_LINKER_FLAGS_INIT /manifest:no)
                        set(CMAKE_MODULE_LINKER_FLAGS_INIT /manifest:no)
                        set(CMAKE_USER_MAKE_RULES_OVERRIDE "/state/aarch64-pc-windows-msvc-toolchain-override.cmake")
                        set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
                        # The sysroot has no debug CRT (msvcrtd.lib; xwin splats it with --include-debug-libs): every
                        # configuration links the release DLL runtime, as Rust does, unless the project chose a runtime.
                        set(CMAKE_POLICY_DEFAULT_CMP0091 NEW)
                        if(NOT DEFINED CMAKE_MSVC_RUNTIME_LIBRARY)
                          set(CMAKE_MSVC_RUNTIME_LIBRARY MultiThreadedDLL)
                        endif()

                        """#.utf8)))
    }

    /// A splat with the debug CRT (`xwin --include-debug-libs`) leaves CMake's runtime default alone.
    @Test func leavesCMakesRuntimeDefaultToASysrootWithTheDebugCRT() throws {
        let machine = Machine.standard()
        machine.fileSystem.addFile("/xw/crt/lib/aarch64/MSVCRTD.lib", "!<arch>\n")
        let plan = try Planner.plan(Self.request, in: machine.context())
        let text = try #require(Self.text(plan.files.first { $0.path == plan.cmakeToolchain }))
        #expect(text.hasSuffix("set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)\n"))
        #expect(!text.contains("MSVC_RUNTIME"))
    }

    /// Swift's toolchain has llvm-ar and no llvm-lib: AR_<t> and CMAKE_AR name a `llvm-lib` link to llvm-ar in the
    /// target's directory, under which name llvm-ar takes lib.exe's options.
    @Test func withOnlyLLVMArTheArchiverIsALLVMLibLinkToIt() throws {
        var machine = Machine()
        machine.fileSystem.addSplat(at: "/xw")
        machine.fileSystem.addExecutables("/llvm/bin/clang-cl", "/llvm/bin/lld-link", "/llvm/bin/llvm-ar-21")
        machine.fileSystem.addFile("/opt/xenv/bin/xenv-link", "SHIM", executable: true)
        machine.environment["PATH"] = "/llvm/bin"
        var notes: [String] = []
        let plan = try Planner.plan(Self.request, in: machine.context(), notes: &notes)
        let link = "/state/aarch64-pc-windows-msvc/llvm-lib"
        #expect(
            plan.files.map(\.path) == [
                "/state/aarch64-pc-windows-msvc/xenv-link", "/state/aarch64-pc-windows-msvc/xenv-link.conf", link,
                "/state/aarch64-pc-windows-msvc/cargo-config.toml", "/state/aarch64-pc-windows-msvc-toolchain.cmake",
                "/state/aarch64-pc-windows-msvc-toolchain-override.cmake",
            ])
        #expect(
            plan.files[2] == PlannedFile(path: link, contents: .symlink(to: "/llvm/bin/llvm-ar-21"), executable: true))
        #expect(Self.variables(plan).contains("AR_aarch64_pc_windows_msvc=\(link)"))
        #expect(plan.tools.archiver == link)
        #expect(try #require(Self.text(plan.files[4])).contains("set(CMAKE_AR \"\(link)\")\n"))
        #expect(
            notes.contains("archiver: \(link), a link to /llvm/bin/llvm-ar-21, which acts as lib.exe under that name"))
        #expect(plan.warnings.isEmpty)
    }

    /// cmake-rs 0.1.46 and later read CMAKE_GENERATOR_<t>; without one, it picks Visual Studio for a *-msvc target.
    @Test func namesNinjaAsCMakeRsGeneratorWhenNinjaIsOnPath() throws {
        let machine = Machine.standard()
        machine.fileSystem.addExecutables("/usr/bin/ninja")
        let plan = try Planner.plan(Self.request, in: machine.context())
        let variables = Self.variables(plan)
        let toolchain = try #require(
            variables.firstIndex(
                of: "CMAKE_TOOLCHAIN_FILE_aarch64_pc_windows_msvc=/state/aarch64-pc-windows-msvc-toolchain.cmake"))
        #expect(variables[toolchain + 1] == "CMAKE_GENERATOR_aarch64_pc_windows_msvc=Ninja")
        // The cargo config's [env] carries it to build scripts too.
        #expect(
            try #require(Self.text(plan.files[2])).contains("CMAKE_GENERATOR_aarch64_pc_windows_msvc = \"Ninja\"\n"))

        // Without clang-cl there is no toolchain file, and a generator alone would not help cmake-rs.
        machine.fileSystem.addFile("/llvm/bin/clang-cl", "not executable")
        let withoutCompiler = try Planner.plan(Self.request, in: machine.context())
        #expect(!Self.variables(withoutCompiler).contains { $0.hasPrefix("CMAKE_GENERATOR_") })
    }

    @Test func quotesCMakeStringsAndLeavesOutCMakeWithoutACompiler() throws {
        #expect(CMakeToolchainRenderer.quote(#"/a "b" $HOME\c;d"#) == #""/a \"b\" \$HOME\\c;d""#)
        let machine = Machine.standard()
        machine.fileSystem.addFile("/llvm/bin/clang-cl", "not executable")
        let plan = try Planner.plan(Self.request, in: machine.context())
        #expect(plan.cmakeToolchain == nil)
        #expect(!plan.files.contains { $0.path.hasSuffix(".cmake") })
    }

    @Test func writesRustLLDIntoTheShimConfigWhenThatIsTheLinker() throws {
        var machine = Machine.standard()
        machine.fileSystem.addExecutables("/rust/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld", "/usr/bin/rustc")
        machine.processRunner = FakeProcessRunner(answers: [
            "/usr/bin/rustc --print sysroot": output("/rust\n")
        ])
        var request = Self.request
        request.linker = .rustLLD
        let plan = try Planner.plan(request, in: machine.context())
        guard case .bytes(let bytes) = plan.files[1].contents else { Issue.record("config is not bytes"); return }
        let config = try ShimConfig(parsing: String(decoding: bytes, as: UTF8.self))
        #expect(config.linker == "/rust/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld")
        #expect(config.linkerKind == .rustLLD)
    }

    @Test func putsNoPathIntoFlagsVariablesAndNeverSetsRUSTFLAGS() throws {
        // cargo and cc-rs split flags on spaces, so a sysroot with spaces must not reach them.
        let machine = Machine.standard()
        machine.fileSystem.addSplat(at: "/my sdk/xw")
        for descriptor in Catalog.embedded.descriptors where descriptor.sysrootUnavailable == nil {
            let target = descriptor.triple
            machine.fileSystem.addSplat(at: "/my sdk/xw", arch: descriptor.xwinArch)
            let plan = try Planner.plan(PlanRequest(target: target, sysroot: "/my sdk/xw"), in: machine.context())
            let flags = plan.environment.filter {
                $0.name.contains("FLAGS") || $0.name.hasPrefix("BINDGEN_EXTRA_CLANG_ARGS")
            }
            #expect(flags.count == 3)
            #expect(flags.allSatisfy { $0.value == "--target=\(descriptor.clangTarget)" })
            #expect(!plan.environment.contains { $0.name.contains("RUSTFLAGS") })
        }
    }

    @Test func arm64ecIsRefusedOnASysrootWithTheReasonEvenWhenTheARM64SplatIsComplete() {
        // The aarch64 splat has every file an arm64ec link would be pointed at; the link would still fail.
        let machine = Machine.standard()
        let message =
            "arm64ec-pc-windows-msvc cannot be built from an xwin sysroot: xwin makes no ARM64EC C runtime, "
            + "and lld-link refuses the ARM64 one in an arm64ec link (llvm/llvm-project#113658); build it on a Windows "
            + "host with Visual Studio's Microsoft.VisualStudio.Component.VC.Tools.ARM64EC"
        #expect(
            thrownError { try Planner.plan(PlanRequest(target: "arm64ec"), in: machine.context()) }?.description
                == message)
        #expect(
            thrownError { try Planner.plan(PlanRequest(target: "arm64ec", sysroot: "/xw"), in: machine.context()) }?
                .description == message)
        #expect(
            thrownError { try Planner.plan(PlanRequest(target: "arm64ec", sysroot: "/xw"), in: machine.context()) }?
                .exitCode == 1)
        #expect(
            Catalog.embedded.descriptors.filter { $0.sysrootUnavailable != nil }.map(\.triple) == [
                "arm64ec-pc-windows-msvc"
            ])
    }

    @Test func passesPathsWithSpacesAndQuotesThroughUnchanged() throws {
        let sysroot = #"/home/o'neil/my "sdk" dir/xw"#
        var machine = Machine.standard()
        machine.fileSystem.addSplat(at: sysroot)
        machine.fileSystem.addExecutables(#"/opt/llvm "18"/bin/lld-link"#)
        machine.environment["PATH"] = #"/opt/llvm "18"/bin:/llvm/bin"#
        let plan = try Planner.plan(
            PlanRequest(target: "arm64", sysroot: sysroot, stateDirectory: "/home/o'neil/state dir"),
            in: machine.context())
        let values = Dictionary(uniqueKeysWithValues: plan.environment.map { ($0.name, $0.value) })
        #expect(
            values["CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER"]
                == "/home/o'neil/state dir/aarch64-pc-windows-msvc/xenv-link")
        #expect(
            values["LIB"] == "\(sysroot)/crt/lib/aarch64;\(sysroot)/sdk/lib/um/aarch64;\(sysroot)/sdk/lib/ucrt/aarch64")
        guard case .bytes(let bytes) = plan.files[1].contents else { Issue.record("config is not bytes"); return }
        let config = try ShimConfig(parsing: String(decoding: bytes, as: UTF8.self))
        #expect(config.linker == #"/opt/llvm "18"/bin/lld-link"#)
        #expect(config.libraryDirectories.first == "\(sysroot)/crt/lib/aarch64")
    }

    @Test func carriesALineBreakInAPathThroughEveryValueAndTheShimConfig() throws {
        // Every output format escapes line breaks (cmd and GitLab refuse them when rendering), so a path may hold one.
        let machine = Machine.standard()
        machine.fileSystem.addSplat(at: "/x\ny")
        let plan = try Planner.plan(
            PlanRequest(target: "arm64", sysroot: "/x\ny", stateDirectory: "/st\rate"), in: machine.context())
        #expect(
            plan.environment.first { $0.name == "LIB" }?.value
                == "/x\ny/crt/lib/aarch64;/x\ny/sdk/lib/um/aarch64;/x\ny/sdk/lib/ucrt/aarch64")
        #expect(plan.shimPath == "/st\rate/aarch64-pc-windows-msvc/xenv-link")
        guard case .bytes(let bytes) = plan.files[1].contents else { Issue.record("config is not bytes"); return }
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("lib=/x%0Ay/crt/lib/aarch64\n"))
        #expect(try ShimConfig(parsing: text).libraryDirectories.first == "/x\ny/crt/lib/aarch64")
    }

    @Test func rejectsASemicolonInASysrootDirectory() {
        // `;` separates LIB and INCLUDE entries, so such a directory would be split in two.
        let machine = Machine.standard()
        machine.fileSystem.addSplat(at: "/a;b")
        #expect(
            thrownError { try Planner.plan(PlanRequest(target: "arm64", sysroot: "/a;b"), in: machine.context()) }?
                .description
                == "sysroot directory '/a;b/crt/lib/aarch64' cannot be used: it contains ';', which separates LIB and "
                + "INCLUDE entries; move the sysroot to a path without one")
    }

    @Test func needsTheShimNextToXenv() {
        let machine = Machine.standard()
        machine.fileSystem.addFile("/opt/xenv/bin/xenv-link", "not executable")
        #expect(
            thrownError { try Planner.plan(Self.request, in: machine.context()) }?.description
                == "the linker shim is not at /opt/xenv/bin/xenv-link; reinstall xenv (`make install`) so xenv-link sits next to xenv"
        )
    }
}
