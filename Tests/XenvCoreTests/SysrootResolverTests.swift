import Testing
import XenvSystem

@testable import XenvCore

@Suite struct SysrootLayoutTests {
    static let arm64 = Catalog.descriptor("arm64")
    static let hint =
        "; fetch one with `xenv sysroot fetch --accept-license --arch aarch64` (naming every architecture you build "
        + "for) or splat one with `xwin --accept-license --arch aarch64 splat --output DIR`"

    static func resolver(
        _ fileSystem: InMemoryFileSystem, environment: [String: String] = [:], host: Host = linuxHost
    )
        -> SysrootResolver
    {
        SysrootResolver(
            fileSystem: fileSystem, environment: Environment(environment), host: host, workingDirectory: "/work")
    }

    @Test func readsXwinsDefaultSplat() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xw")
        let sysroot = try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64)
        #expect(sysroot.layout == .splat)
        #expect(
            sysroot.libraryDirectories == ["/xw/crt/lib/aarch64", "/xw/sdk/lib/um/aarch64", "/xw/sdk/lib/ucrt/aarch64"])
        #expect(
            sysroot.includeDirectories == [
                "/xw/crt/include", "/xw/sdk/include/ucrt", "/xw/sdk/include/um", "/xw/sdk/include/shared",
            ])
    }

    @Test func readsASplatInMicrosoftsArchitectureNotation() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xw", arch: "arm64")
        let sysroot = try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64)
        #expect(sysroot.libraryDirectories == ["/xw/crt/lib/arm64", "/xw/sdk/lib/um/arm64", "/xw/sdk/lib/ucrt/arm64"])
    }

    @Test func acceptsLibrariesInAnyLetterCase() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xw", leavingOut: ["kernel32.lib", "msvcrt.lib"])
        fileSystem.addFile("/xw/sdk/lib/um/aarch64/Kernel32.Lib")
        fileSystem.addFile("/xw/crt/lib/aarch64/MSVCRT.lib")
        let sysroot = try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64)
        #expect(
            sysroot.libraryDirectories == ["/xw/crt/lib/aarch64", "/xw/sdk/lib/um/aarch64", "/xw/sdk/lib/ucrt/aarch64"])
    }

    @Test func listsOnlyHeaderDirectoriesThatExistInDeveloperPromptOrder() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(
            at: "/xw",
            includes: [
                "sdk/include/cppwinrt", "sdk/include/winrt", "sdk/include/um", "crt/include", "sdk/include/ucrt",
            ])
        fileSystem.addFile("/xw/sdk/include/shared", "a file, not a directory")
        let sysroot = try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64)
        #expect(
            sysroot.includeDirectories == [
                "/xw/crt/include", "/xw/sdk/include/ucrt", "/xw/sdk/include/um", "/xw/sdk/include/winrt",
                "/xw/sdk/include/cppwinrt",
            ])
    }

    @Test func picksTheHighestVersionsOfAWinsysrootNumerically() throws {
        // String order would pick 14.9.0 and 10.0.9.0.
        let fileSystem = InMemoryFileSystem()
        fileSystem.addWinsysroot(at: "/ws", msvc: "14.9.0", sdk: "10.0.9.0")
        fileSystem.addWinsysroot(at: "/ws", msvc: "14.44.35207", sdk: "10.0.10.0")
        fileSystem.addDirectory("/ws/VC/Tools/MSVC/not-a-version")
        let sysroot = try Self.resolver(fileSystem).inspect("/ws", for: Self.arm64)
        #expect(sysroot.layout == .winsysroot(msvcVersion: "14.44.35207", sdkVersion: "10.0.10.0"))
        #expect(
            sysroot.libraryDirectories == [
                "/ws/VC/Tools/MSVC/14.44.35207/lib/arm64", "/ws/Windows Kits/10/Lib/10.0.10.0/um/arm64",
                "/ws/Windows Kits/10/Lib/10.0.10.0/ucrt/arm64",
            ])
        #expect(
            sysroot.includeDirectories == [
                "/ws/VC/Tools/MSVC/14.44.35207/include", "/ws/Windows Kits/10/Include/10.0.10.0/ucrt",
                "/ws/Windows Kits/10/Include/10.0.10.0/um", "/ws/Windows Kits/10/Include/10.0.10.0/shared",
            ])
    }

    @Test func namesTheFirstMissingLibraryAndWhereItLooked() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xw", leavingOut: ["vcruntime.lib"])
        #expect(
            thrownError { try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64) }?.description
                == "sysroot /xw does not serve aarch64-pc-windows-msvc: no vcruntime.lib in /xw/crt/lib/aarch64"
                + Self.hint)

        let both = InMemoryFileSystem()
        both.addSplat(at: "/xw", leavingOut: ["kernel32.lib", "ucrt.lib"])
        #expect(
            thrownError { try Self.resolver(both).inspect("/xw", for: Self.arm64) }?.description
                == "sysroot /xw does not serve aarch64-pc-windows-msvc: no kernel32.lib in /xw/sdk/lib/um/aarch64"
                + Self.hint)
    }

    @Test func namesBothArchitectureDirectoriesWhenNeitherExists() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xw", arch: "x86_64")
        #expect(
            thrownError { try Self.resolver(fileSystem).inspect("/xw", for: Self.arm64) }?.description
                == "sysroot /xw does not serve aarch64-pc-windows-msvc: no msvcrt.lib in /xw/crt/lib/aarch64 or /xw/crt/lib/arm64"
                + Self.hint)
    }

    @Test func rejectsADirectoryThatIsNoSplat() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addFile("/empty/readme.txt")
        fileSystem.addDirectory("/half/crt")
        for root in ["/empty", "/half"] {
            #expect(
                thrownError { try Self.resolver(fileSystem).inspect(root, for: Self.arm64) }?.description
                    == "sysroot \(root) is not an xwin splat: expected crt/ and sdk/, or VC/Tools/MSVC/ and "
                    + "'Windows Kits/10/'; pass the directory xwin splatted into")
        }
    }

    @Test func rejectsAPathThatIsNotADirectory() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addFile("/file")
        #expect(
            thrownError { try Self.resolver(fileSystem).inspect("/file", for: Self.arm64) }?.description
                == "sysroot '/file' cannot be used: it is not a directory; pass the directory xwin splatted into")
    }
}

@Suite struct SysrootDiscoveryTests {
    static let arm64 = Catalog.descriptor("arm64")

    /// Every place a sysroot can come from, each holding a valid arm64 splat.
    static func everywhere() -> InMemoryFileSystem {
        let fileSystem = InMemoryFileSystem()
        for root in [
            "/explicit", "/env", "/xwin-cache/xwin", "/home/u/.cache/cargo-xwin/xwin", "/work/.xwin-cache/splat",
        ] {
            fileSystem.addSplat(at: root)
        }
        return fileSystem
    }

    static let allVariables = ["XENV_SYSROOT": "/env", "XWIN_CACHE_DIR": "/xwin-cache", "HOME": "/home/u"]

    static func resolve(
        _ fileSystem: InMemoryFileSystem, _ environment: [String: String], explicit: String? = nil,
        host: Host = linuxHost
    ) throws -> (root: String, notes: [String]) {
        var notes: [String] = []
        let sysroot = try SysrootResolver(
            fileSystem: fileSystem, environment: Environment(environment), host: host, workingDirectory: "/work"
        ).resolve(for: arm64, explicit: explicit, notes: &notes)
        return (sysroot.root, notes)
    }

    @Test func takesTheFirstSourceInPrecedenceOrder() throws {
        let fileSystem = Self.everywhere()
        var environment = Self.allVariables
        #expect(try Self.resolve(fileSystem, environment, explicit: "/explicit").root == "/explicit")
        #expect(try Self.resolve(fileSystem, environment).root == "/env")
        environment["XENV_SYSROOT"] = ""  // empty means unset
        #expect(try Self.resolve(fileSystem, environment).root == "/xwin-cache/xwin")
        environment["XWIN_CACHE_DIR"] = nil
        #expect(try Self.resolve(fileSystem, environment).root == "/home/u/.cache/cargo-xwin/xwin")
        environment["HOME"] = nil
        #expect(try Self.resolve(fileSystem, environment).root == "/work/.xwin-cache/splat")
    }

    @Test func notesWhereTheSysrootCameFrom() throws {
        let fileSystem = Self.everywhere()
        #expect(
            try Self.resolve(fileSystem, Self.allVariables, explicit: "/explicit").notes == [
                "sysroot: /explicit (--sysroot)"
            ])
        #expect(try Self.resolve(fileSystem, Self.allVariables).notes == ["sysroot: /env (XENV_SYSROOT)"])
    }

    @Test func resolvesARelativeSysrootAgainstTheWorkingDirectory() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/work/sdk/xw")
        #expect(try Self.resolve(fileSystem, [:], explicit: "sdk/./other/../xw").root == "/work/sdk/xw")
        #expect(try Self.resolve(fileSystem, ["XENV_SYSROOT": "sdk/xw"]).root == "/work/sdk/xw")
    }

    @Test func anExplicitSysrootThatFailsIsAnErrorNotASkip() {
        let fileSystem = Self.everywhere()
        fileSystem.addDirectory("/elsewhere")
        #expect(
            thrownError { try Self.resolve(fileSystem, Self.allVariables, explicit: "/elsewhere") }?.description
                == "sysroot /elsewhere is not an xwin splat: expected crt/ and sdk/, or VC/Tools/MSVC/ and "
                + "'Windows Kits/10/'; pass the directory xwin splatted into")
    }

    @Test func searchesTheCacheDirectoriesOfEachHost() {
        func candidates(_ environment: [String: String], host: Host = linuxHost) -> [String] {
            SysrootResolver(
                fileSystem: InMemoryFileSystem(), environment: Environment(environment), host: host,
                workingDirectory: "/work"
            ).defaultCandidates
        }
        #expect(
            candidates(["HOME": "/home/u"])
                == ["/home/u/.cache/xenv/sysroot", "/home/u/.cache/cargo-xwin/xwin", "/work/.xwin-cache/splat"])
        #expect(
            candidates(["HOME": "/home/u", "XDG_CACHE_HOME": "/xdg", "XWIN_CACHE_DIR": "cache"])
                == ["/xdg/xenv/sysroot", "/work/cache/xwin", "/xdg/cargo-xwin/xwin", "/work/.xwin-cache/splat"])
        #expect(
            candidates(["HOME": "/Users/u", "XDG_CACHE_HOME": "/xdg"], host: Host(os: .macOS, arch: .arm64))
                == [
                    "/Users/u/Library/Caches/xenv/sysroot", "/Users/u/Library/Caches/cargo-xwin/xwin",
                    "/work/.xwin-cache/splat",
                ])
        #expect(candidates([:]) == ["/work/.xwin-cache/splat"])
        // XDG_CACHE_HOME counts without HOME, and only when absolute (as the `dirs` crate reads it).
        #expect(
            candidates(["XDG_CACHE_HOME": "/xdg"])
                == ["/xdg/xenv/sysroot", "/xdg/cargo-xwin/xwin", "/work/.xwin-cache/splat"])
        #expect(
            candidates(["HOME": "/home/u", "XDG_CACHE_HOME": "relative"])
                == ["/home/u/.cache/xenv/sysroot", "/home/u/.cache/cargo-xwin/xwin", "/work/.xwin-cache/splat"])
    }

    @Test func xenvsOwnFetchedSysrootComesBeforeTheOthers() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/home/u/.cache/xenv/sysroot")
        fileSystem.addSplat(at: "/home/u/.cache/cargo-xwin/xwin")
        #expect(try Self.resolve(fileSystem, ["HOME": "/home/u"]).root == "/home/u/.cache/xenv/sysroot")
        // XENV_SYSROOT still wins.
        fileSystem.addSplat(at: "/named")
        #expect(try Self.resolve(fileSystem, ["HOME": "/home/u", "XENV_SYSROOT": "/named"]).root == "/named")
    }

    @Test func passesOverACandidateThatDoesNotServeTheTarget() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/xwin-cache/xwin", arch: "x86_64")
        fileSystem.addSplat(at: "/home/u/.cache/cargo-xwin/xwin")
        let (root, notes) = try Self.resolve(fileSystem, ["XWIN_CACHE_DIR": "/xwin-cache", "HOME": "/home/u"])
        #expect(root == "/home/u/.cache/cargo-xwin/xwin")
        #expect(
            notes == [
                "sysroot: /home/u/.cache/xenv/sysroot passed over: not a directory",
                "sysroot: /xwin-cache/xwin passed over: sysroot /xwin-cache/xwin does not serve aarch64-pc-windows-msvc: "
                    + "no msvcrt.lib in /xwin-cache/xwin/crt/lib/aarch64 or /xwin-cache/xwin/crt/lib/arm64"
                    + SysrootLayoutTests.hint,
                "sysroot: /home/u/.cache/cargo-xwin/xwin taken",
            ])
    }

    @Test func reportsTheFirstCandidatesFailureWhenNoneServes() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addSplat(at: "/home/u/.cache/cargo-xwin/xwin", leavingOut: ["ucrt.lib"])
        fileSystem.addDirectory("/work/.xwin-cache/splat")
        #expect(
            thrownError { try Self.resolve(fileSystem, ["HOME": "/home/u"]) }?.description
                == "sysroot /home/u/.cache/cargo-xwin/xwin does not serve aarch64-pc-windows-msvc: "
                + "no ucrt.lib in /home/u/.cache/cargo-xwin/xwin/sdk/lib/ucrt/aarch64" + SysrootLayoutTests.hint)
    }

    @Test func saysWhereItLookedWhenThereIsNoSysrootAtAll() {
        #expect(
            thrownError { try Self.resolve(InMemoryFileSystem(), ["HOME": "/home/u"]) }?.description
                == "no sysroot for aarch64-pc-windows-msvc found (looked in /home/u/.cache/xenv/sysroot, "
                + "/home/u/.cache/cargo-xwin/xwin, /work/.xwin-cache/splat); make one with "
                + "`xenv sysroot fetch --accept-license`, or splat one with "
                + "`xwin --accept-license --arch aarch64 splat --output DIR` and pass --sysroot DIR "
                + "(or set XENV_SYSROOT=DIR)")
    }
}
