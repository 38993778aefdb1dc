// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// A plain CMake + Ninja project (Tests/Fixtures/clients/cmake-project) configured with nothing but
/// `-DCMAKE_TOOLCHAIN_FILE=$(xenv setup --print-cmake ...)`, for ARM64 and x64; each x64 program runs under Wine
/// and exits with the code its C code computed.
@Suite(.serialized)
struct CMakeClientTests {
    struct Built {
        var configure: E2E.Output
        var build: E2E.Output
        var directory: String
        var state: String
        var toolchainText: String
    }

    /// `xenv setup --print-cmake`, then cmake -G Ninja with the toolchain file and `extra` definitions, then
    /// cmake --build.
    func configureAndBuild(
        _ target: Clients.Target, _ name: String, extra: [String] = [], path: String = E2E.basePath
    ) throws -> Built {
        let cmake = try #require(E2E.onPath("cmake"), "cmake is not installed; .ci/run installs it")
        let sysroot = try Clients.sysroot.get()
        let base = try E2E.temporaryDirectory(name)
        let setup = try E2E.run(
            E2E.xenv,
            [
                "setup", "--target", target.alias, "--sysroot", sysroot, "--out", Path.join(base, "state"),
                "--print-cmake",
            ],
            environment: ["PATH": path])
        #expect(setup.status == 0, "\(setup.standardError)")
        let toolchain = setup.standardOutput.trimmingCharacters(in: .newlines)
        let build = Path.join(base, "build")
        let configure = try E2E.run(
            cmake,
            [
                "-S", Path.join(Clients.fixtures, "cmake-project"), "-B", build, "-G", "Ninja",
                "-DCMAKE_TOOLCHAIN_FILE=\(toolchain)",
            ] + extra,
            environment: ["PATH": path])
        let compile =
            configure.status == 0
            ? try E2E.run(cmake, ["--build", build], environment: ["PATH": path]) : configure
        return Built(
            configure: configure, build: compile, directory: build, state: Path.join(base, "state"),
            toolchainText: E2E.read(toolchain) ?? "")
    }

    /// CMake's default configuration for an MSVC-like compiler, Debug, whose default runtime (/MDd) names
    /// msvcrtd.lib: the test sysroot, like an xwin splat without --include-debug-libs, has none, so the toolchain
    /// file picks the release DLL runtime.
    @Test(arguments: Clients.targets)
    func theToolchainFileAloneBuildsAProgramInTheDefaultConfiguration(target: Clients.Target) throws {
        let built = try configureAndBuild(target, "cmake-\(target.alias)")
        #expect(built.configure.status == 0, "\(built.configure.standardOutput)\n\(built.configure.standardError)")
        #expect(built.build.status == 0, "\(built.build.standardOutput)\n\(built.build.standardError)")
        #expect(built.toolchainText.contains("set(CMAKE_MSVC_RUNTIME_LIBRARY MultiThreadedDLL)"))
        // The release DLL runtime, not the debug one, on the compiler's command line.
        let commands = E2E.read(Path.join(built.directory, "build.ninja")) ?? ""
        #expect(
            (commands.contains(" -MD\n") || commands.contains(" -MD ")) && !commands.contains("MDd"), "\(commands)")
        #expect(FileManager.default.fileExists(atPath: Path.join(built.directory, "part.lib")))
        let program = Path.join(built.directory, "app.exe")
        #expect(E2E.peMachine(program) == target.machine)
        if target.machine == Clients.x64.machine {
            let run = try Wine.run([program])
            #expect(run.status == 188, "\(run.standardError)")
        }
    }

    /// Swift's toolchain ships clang-cl, lld-link and llvm-ar but no llvm-lib. CMake's MSVC rules call the
    /// archiver with lib.exe's options (`/nologo /machine:x64 /out:x.lib`), which llvm-ar rejects under its own
    /// name: xenv names its `llvm-lib` link to llvm-ar instead, under which llvm-ar acts as lib.exe. Release,
    /// and the x64 program runs under Wine.
    @Test func withOnlyLLVMArOnPathTheToolchainFileArchivesThroughTheLink() throws {
        let tools = try Clients.llvmArOnlyTools()
        let built = try configureAndBuild(
            Clients.x64, "cmake-llvm-ar", extra: ["-DCMAKE_BUILD_TYPE=Release"], path: tools)
        let link = Path.join(built.state, "x86_64-pc-windows-msvc/llvm-lib")
        #expect(built.toolchainText.contains("set(CMAKE_AR \"\(link)\")"))
        #expect(
            (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) == Path.join(tools, "llvm-ar"))
        #expect(built.configure.status == 0, "\(built.configure.standardOutput)\n\(built.configure.standardError)")
        #expect(built.build.status == 0, "\(built.build.standardOutput)\n\(built.build.standardError)")
        #expect(FileManager.default.fileExists(atPath: Path.join(built.directory, "part.lib")))
        let program = Path.join(built.directory, "app.exe")
        #expect(E2E.peMachine(program) == 0x8664)
        // 86 + 100 + XENV_DEMO_SDK_HEADER + XENV_DEMO_CRT_HEADER, from part.c and app.c.
        let run = try Wine.run([program])
        #expect(run.status == 188, "\(run.standardError)")
    }
}
#endif
