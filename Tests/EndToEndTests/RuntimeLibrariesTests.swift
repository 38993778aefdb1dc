#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// Finding 10: a Windows build of xenv loads the Swift runtime's DLLs, so a release ships them beside xenv.exe and
/// setup installs them beside each shim. Which ones comes from the import tables of real PE files, made here by
/// clang-cl and lld-link: a "shim" that imports one DLL directly (which imports a second) and delay-loads a third.
@Suite(.serialized)
struct RuntimeLibrariesTests {
    /// The PE files, built once: `bin/` holds the shim (`xenv-link`, no extension, as the Linux build names it)
    /// and the runtime DLLs beside it, as a Windows release unpacks them.
    struct Images {
        let bin: String
        var shim: String { Path.join(bin, "xenv-link") }

        static let shared: Result<Images, any Error> = Result {
            let base = try E2E.temporaryDirectory("pe images")
            let bin = Path.join(base, "bin")
            let sources = [
                "core.c": "__declspec(dllexport) int core_value(void) { return 7; }\n",
                "overlay.c": """
                __declspec(dllimport) int core_value(void);
                __declspec(dllexport) int overlay_value(void) { return core_value() + 1; }

                """,
                "lazy.c": "__declspec(dllexport) int lazy_value(void) { return 3; }\n",
                "shim.c": """
                __declspec(dllimport) int overlay_value(void);
                __declspec(dllimport) void __stdcall ExitProcess(unsigned);
                int lazy_value(void);
                void start(void) { ExitProcess(overlay_value() + lazy_value()); }
                /* The delay-load helper is delayimp.lib's; the link only needs the symbol. */
                void *__delayLoadHelper2(void *descriptor, void *slot) { return 0; }

                """,
            ]
            for (name, text) in sources { try E2E.write(Path.join(base, name), text) }
            func tool(_ name: String) throws -> String {
                guard let path = E2E.onPath(name) else { throw SetupFailure(message: "no \(name) on PATH") }
                return path
            }
            let kernel32 = Path.join(base, "kernel32.lib")
            try check(
                E2E.run(
                    try tool("llvm-dlltool"),
                    [
                        "-m", "i386:x86-64", "-d", Path.join(E2E.packageRoot, "Tests/Fixtures/sysroot/kernel32.def"),
                        "-l", kernel32,
                    ]))
            for name in sources.keys.sorted() {
                try check(
                    E2E.run(
                        try tool("clang-cl"),
                        ["--target=x86_64-pc-windows-msvc", "/nologo", "/c", "/Zl", "/GS-", name], directory: base))
            }
            func link(_ arguments: [String]) throws {
                try check(E2E.run(try tool("lld-link"), ["/nologo", "/machine:x64"] + arguments, directory: base))
            }
            try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
            try link(["/dll", "/noentry", "/out:bin/swiftCore.dll", "/implib:swiftCore.lib", "core.obj"])
            try link([
                "/dll", "/noentry", "/out:bin/swiftWinSDK.dll", "/implib:swiftWinSDK.lib", "overlay.obj",
                "swiftCore.lib",
            ])
            try link(["/dll", "/noentry", "/out:bin/Lazy.dll", "/implib:Lazy.lib", "lazy.obj"])
            try link([
                "/entry:start", "/subsystem:console", "/out:bin/xenv-link", "shim.obj", "swiftWinSDK.lib", "Lazy.lib",
                "kernel32.lib", "/delayload:Lazy.dll",
            ])
            // Not imported by anything: must stay out.
            try link(["/dll", "/noentry", "/out:bin/Unused.dll", "lazy.obj"])
            return Images(bin: bin)
        }

        static func check(_ output: E2E.Output) throws {
            guard output.status == 0 else { throw SetupFailure(message: output.standardOutput + output.standardError) }
        }
    }

    static func images() throws -> Images { try Images.shared.get() }

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try #require(FileManager.default.contents(atPath: path)))
    }

    @Test func theImportTablesNameEachDirectAndDelayLoadedDLL() throws {
        let images = try Self.images()
        let shim = try #require(PEImage(bytes: try Self.bytes(images.shim)))
        #expect(shim.machine == 0x8664)
        #expect(shim.importedLibraries == ["swiftWinSDK.dll", "kernel32.dll", "Lazy.dll"])
        #expect(
            PEImage(bytes: try Self.bytes(Path.join(images.bin, "swiftWinSDK.dll")))?.importedLibraries == [
                "swiftCore.dll"
            ])
        #expect(PEImage(bytes: try Self.bytes(Path.join(images.bin, "swiftCore.dll")))?.importedLibraries == [])
    }

    @Test func theClosureHoldsWhatTheDirectoryHasAndNothingElse() throws {
        let images = try Self.images()
        #expect(
            RuntimeLibraries.closure(of: [images.shim], in: images.bin, fileSystem: SystemFileSystem.posix())
                == ["Lazy.dll", "swiftCore.dll", "swiftWinSDK.dll"])
    }

    @Test func aTruncatedOrCorruptedImageGivesFewerNamesNeverACrash() throws {
        let bytes = try Self.bytes(Path.join(try Self.images().bin, "xenv-link"))
        let all = Set(try #require(PEImage(bytes: bytes)).importedLibraries)
        for length in stride(from: 0, through: bytes.count, by: 97) {
            if let image = PEImage(bytes: Array(bytes.prefix(length))) {
                #expect(Set(image.importedLibraries).isSubset(of: all))
            }
        }
        // Every byte of the headers set to 0xFF in turn: whatever the fields then claim, reading stays in bounds.
        for offset in 0..<min(bytes.count, 0x400) {
            var corrupted = bytes
            corrupted[offset] = 0xFF
            _ = PEImage(bytes: corrupted)
        }
        #expect(PEImage(bytes: Array("MZ not a PE".utf8)) == nil)
    }

    @Test func runtimeDllsCopiesTheClosureForARelease() throws {
        let images = try Self.images()
        let into = Path.join(try E2E.temporaryDirectory("release stage"), "stage")
        let result = try E2E.run(
            Path.join(E2E.binDirectory, "runtime-dlls"), ["--from", images.bin, "--into", into, images.shim])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == "Lazy.dll\nswiftCore.dll\nswiftWinSDK.dll\n")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: into).sorted() == [
                "Lazy.dll", "swiftCore.dll", "swiftWinSDK.dll",
            ])
        #expect(
            FileManager.default.contents(atPath: Path.join(into, "swiftCore.dll"))
                == FileManager.default.contents(atPath: Path.join(images.bin, "swiftCore.dll")))

        let notPE = try E2E.run(
            Path.join(E2E.binDirectory, "runtime-dlls"), ["--from", images.bin, "--into", into, "/etc/hostname"])
        #expect(notPE.status == 1)
        #expect(notPE.standardError == "runtime-dlls: /etc/hostname is not a PE image (a Windows .exe or .dll)\n")
    }

    /// Setup on a Windows host installs the shim with the DLLs it loads beside it, and a re-run changes nothing.
    @Test func setupInstallsEachShimWithTheRuntimeDLLsItLoads() throws {
        let images = try Self.images()
        let runner = try WindowsHostTests.Runner("runtime dlls")
        // xenv beside the PE shim and its DLLs, as a Windows release unpacks.
        let xenv = Path.join(images.bin, "xenv")
        if !FileManager.default.fileExists(atPath: xenv) { try E2E.copyExecutable(E2E.xenv, to: xenv) }
        func setup() throws -> E2E.Output {
            try E2E.run(
                xenv, ["setup", "--target", "arm64", "-v"], environment: runner.environment(), inheritEnvironment: false
            )
        }
        let first = try setup()
        #expect(first.status == 0, "\(first.standardError)")
        let state = Path.join(runner.root, "D/a/_temp/xenv/aarch64-pc-windows-msvc")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: state).sorted() == [
                "Lazy.dll", "cargo-config.toml", "swiftCore.dll", "swiftWinSDK.dll", "xenv-link.conf", "xenv-link.exe",
            ])
        #expect(
            FileManager.default.contents(atPath: Path.join(state, "swiftWinSDK.dll"))
                == FileManager.default.contents(atPath: Path.join(images.bin, "swiftWinSDK.dll")))
        let second = try setup()
        #expect(
            second.standardError.contains(#"xenv: unchanged D:\a\_temp\xenv\aarch64-pc-windows-msvc\swiftCore.dll"#))
        #expect(!second.standardError.contains("xenv: wrote"))
    }
}
#endif
