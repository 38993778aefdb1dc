import Testing
import XenvSystem
import XenvTestSupport

@testable import XenvArchive
@testable import XenvFetch

/// Selection, layout and download rules on literal inputs, without archives or a network.
@Suite struct SelectionTests {
    func payload(_ name: String, _ fill: Character = "a") -> ManifestPayload {
        ManifestPayload(
            fileName: name, sha256: String(repeating: fill, count: 64), size: 1, url: "https://example.invalid/\(name)")
    }

    func manifest(
        crtLines: [String] = ["14.43.17.13", "14.44.17.14", "14.9.1.1"],
        sdks: [String] = ["Win10SDK_10.0.22621", "Win11SDK_10.0.26100", "Win10SDK_10.0.26200"]
    ) -> PackageManifest {
        var packages = [
            ManifestItem(
                id: Selection.buildToolsId, version: "17", type: "Product",
                dependencies: crtLines.map { "Microsoft.VisualStudio.Component.VC.\($0).x86.x64" } + [
                    "Microsoft.VisualStudio.Component.VC.Tools.x86.x64"
                ])
        ]
        for line in crtLines {
            packages.append(
                .init(
                    id: "Microsoft.VC.\(line).CRT.Headers.base", version: line, type: "Vsix",
                    payloads: [payload("h-\(line).vsix")]))
            for arch in ["x64", "ARM64"] {
                packages.append(
                    .init(
                        id: "Microsoft.VC.\(line).CRT.\(arch).Desktop.base", version: line, type: "Vsix",
                        payloads: [payload("d-\(arch).vsix")]))
            }
        }
        for sdk in sdks {
            let names = [
                "Installers\\Windows SDK Desktop Headers x86-x86_en-us.msi",
                "Installers\\Windows SDK for Windows Store Apps Headers-x86_en-us.msi",
                "Installers\\Windows SDK Desktop Headers x64-x86_en-us.msi",
                "Installers\\Windows SDK Desktop Headers arm64-x86_en-us.msi",
                "Installers\\Windows SDK Desktop Libs x64-x86_en-us.msi",
                "Installers\\Windows SDK Desktop Libs arm64-x86_en-us.msi",
                "Installers\\Windows SDK for Windows Store Apps Libs-x86_en-us.msi",
            ]
            packages.append(
                .init(
                    id: sdk, version: "1", type: "Component",
                    payloads: names.map { payload($0, "b") } + [payload("Installers\\0123.cab", "c")]))
        }
        packages.append(
            .init(
                id: Selection.ucrtPackageId, version: "1", type: "Msi",
                payloads: [
                    payload("Universal CRT Headers Libraries and Sources-x86_en-us.msi", "d"), payload("u.cab", "e"),
                ]))
        return PackageManifest(packages: packages)
    }

    @Test func newestToolsetAndSDKAsXwinPicksThem() throws {
        let selection = try Selection(
            manifest: manifest(), arches: [.x86_64, .aarch64], crtVersion: nil, sdkVersion: nil)
        // 14.44 > 14.43 > 14.9 numerically; Win11 beats a higher Win10 version.
        #expect(selection.crtVersion == "14.44.17.14")
        #expect(selection.sdkPackageId == "Win11SDK_10.0.26100")
        #expect(selection.sdkVersion == "10.0.26100")
        let ids = selection.payloads.map(\.packageId)
        #expect(ids.contains("Microsoft.VC.14.44.17.14.CRT.ARM64.Desktop.base"))
        // The Store packages are missing here: a warning each, as xwin only warns.
        #expect(selection.warnings.count == 2)
        let ucrt = try #require(selection.payloads.first { $0.kind == .ucrt })
        #expect(ucrt.cabinets.keys.sorted() == ["u.cab"])
        let libs = try #require(selection.payloads.first { $0.kind == .sdkLibs && $0.arch == .aarch64 })
        #expect(libs.cabinets.keys.sorted() == ["0123.cab"], "Installers\\ stripped")
        #expect(!selection.payloads.contains { $0.payload.fileName.contains("Libs x86-") })
    }

    @Test func pinnedVersions() throws {
        let selection = try Selection(
            manifest: manifest(), arches: [.x86_64], crtVersion: "14.43.17.13", sdkVersion: "22621")
        #expect(selection.crtVersion == "14.43.17.13")
        #expect(selection.sdkPackageId == "Win10SDK_10.0.22621")
        #expect(throws: FetchError.self) {
            try Selection(manifest: manifest(), arches: [.x86_64], crtVersion: "14.50.1.1", sdkVersion: nil)
        }
        #expect(throws: FetchError.self) {
            try Selection(manifest: manifest(), arches: [.x86_64], crtVersion: nil, sdkVersion: "99999")
        }
        // An arch the SDK has no libraries for names the package.
        do {
            _ = try Selection(manifest: manifest(), arches: [.x86], crtVersion: nil, sdkVersion: nil)
            Issue.record("x86 has no Desktop Libs here")
        } catch {
            #expect(error.description.contains("Win11SDK_10.0.26100"))
        }
    }

    @Test func channelManifestShaIsNotChecked() throws {
        let json =
            #"{"channelItems":[{"id":"B","version":"1","type":"Bootstrapper"},{"id":"M","version":"1","type":"Manifest","payloads":[{"fileName":"VisualStudio.vsman","sha256":"00","size":5,"url":"https://x/VisualStudio.vsman"}]}]}"#
        let channel = try ChannelManifest.parse(Array(json.utf8), source: "c")
        #expect(try channel.packageManifestPayload(source: "c").url == "https://x/VisualStudio.vsman")
        #expect(throws: FetchError.self) { try ChannelManifest.parse(Array("{}".utf8), source: "c") }
        let error = #expect(throws: FetchError.self) {
            try PackageManifest.parse(Array(#"{"packages":[{"id":1}]}"#.utf8), source: "v")
        }
        #expect(error?.description.contains("packages[0]") == true)
    }
}

@Suite struct LayoutTests {
    @Test func vsixPaths() {
        #expect(SplatLayout.vsixPath("Contents/VC/Tools/MSVC/14.44.35207/lib/x64/msvcrt.lib") == "lib/x64/msvcrt.lib")
        #expect(SplatLayout.vsixPath("Contents/VC/Tools/MSVC/14.44.35207/include/vcruntime.h") == "include/vcruntime.h")
        #expect(
            SplatLayout.vsixPath("Contents/VC/Tools/MSVC/14.44.35207/atlmfc/lib/x64/atls.lib") == "lib/x64/atls.lib")
        #expect(SplatLayout.vsixPath("extension.vsixmanifest") == nil)
        #expect(SplatLayout.vsixPath("Contents/VC/Auxiliary/libinfo.txt") == nil)
    }

    @Test func destinations() {
        #expect(
            SplatLayout.destinations("lib/arm64/msvcrt.lib", kind: .crtDesktopLibs, arch: .aarch64, arches: [.aarch64])
                == ["crt/lib/aarch64/msvcrt.lib"])
        #expect(
            SplatLayout.destinations("lib/x64/store/msvcrt.lib", kind: .crtStoreLibs, arch: .x86_64, arches: []).isEmpty
        )
        #expect(
            SplatLayout.destinations("lib/x64/msvcrtd.lib", kind: .crtDesktopLibs, arch: .x86_64, arches: []).isEmpty)
        #expect(
            SplatLayout.destinations(
                "lib/um/x64/kernel32.Lib", kind: .sdkStoreLibs, arch: nil, arches: [.x86_64, .aarch64])
                == ["sdk/lib/um/x86_64/kernel32.Lib"])
        #expect(
            SplatLayout.destinations("lib/ucrt/arm64/ucrtd.lib", kind: .ucrt, arch: nil, arches: [.aarch64]).isEmpty)
        #expect(
            SplatLayout.destinations("include/ucrt/stdio.h", kind: .ucrt, arch: nil, arches: []) == [
                "sdk/include/ucrt/stdio.h"
            ])
        #expect(SplatLayout.isDebugLibrary("libcpmtd1.lib") && SplatLayout.isDebugLibrary("msvcmrtd_netcore.lib"))
        #expect(!SplatLayout.isDebugLibrary("libconcrt1.lib") && !SplatLayout.isDebugLibrary("oldnames.lib"))
    }

    @Test func msiDirectoriesAsXwinBuildsThem() throws {
        let rows = [
            MSIDirectoryRow(directory: "TARGETDIR", parent: nil, defaultDir: "SourceDir"),
            MSIDirectoryRow(directory: "P", parent: "TARGETDIR", defaultDir: "."),
            MSIDirectoryRow(directory: "K", parent: "P", defaultDir: "WINDOW~1|Windows Kits"),
            MSIDirectoryRow(directory: "T", parent: "K", defaultDir: "10"),
            MSIDirectoryRow(directory: "L", parent: "T", defaultDir: "Lib"),
            MSIDirectoryRow(directory: "V", parent: "L", defaultDir: "10.0.26100.0"),
            MSIDirectoryRow(directory: "U", parent: "V", defaultDir: "um:SRCUM"),
            MSIDirectoryRow(directory: "A", parent: "U", defaultDir: "arm64"),
            MSIDirectoryRow(directory: "B", parent: "T", defaultDir: "bin"),
            MSIDirectoryRow(directory: "E", parent: "V", defaultDir: ".."),
            MSIDirectoryRow(directory: "C1", parent: "C2", defaultDir: "x"),
            MSIDirectoryRow(directory: "C2", parent: "C1", defaultDir: "y"),
        ]
        let byId = Dictionary(uniqueKeysWithValues: rows.map { ($0.directory, $0) })
        #expect(try SplatLayout.msiDirectory("A", byId) == "lib/um/arm64")
        #expect(try SplatLayout.msiDirectory("B", byId) == nil)
        #expect(throws: SplatLayout.LayoutError.self) { try SplatLayout.msiDirectory("E", byId) }
        #expect(throws: SplatLayout.LayoutError.self) { try SplatLayout.msiDirectory("C1", byId) }
    }

    /// Names are judged by Unicode scalars, as the file system sees them: a combining mark after `/`, `.` or `:`
    /// joins it in one Swift Character and must not hide it.
    @Test func unsafeNamesByScalars() {
        #expect(SplatLayout.unsafePath("include/../\u{301}x") == "'..' component")
        #expect(SplatLayout.unsafePath("/\u{301}etc/x") == "absolute path")
        #expect(SplatLayout.unsafePath("include/C:\u{301}x") == "contains ':' (a drive letter or a stream)")
        #expect(SplatLayout.unsafePath("include/a:b") == "contains ':' (a drive letter or a stream)")
        #expect(SplatLayout.unsafePath("include/a\\..\\b") == "contains a path separator")
        #expect(SplatLayout.unsafePath("include/x\u{0}y") == "contains NUL")
        #expect(SplatLayout.unsafePath("include/.\u{301}/winnt.h") == nil, "a dot with a mark is a name")
        #expect(SplatLayout.unsafeComponent("/\u{301}") == "contains a path separator")
        let files = FetchFiles(fileSystem: SystemFileSystem.posix())
        #expect(files.join("/out", "a/\u{301}b/c") == "/out/a/\u{301}b/c")
    }

    @Test func caseLinks() {
        #expect(SplatLayout.sdkLibraryLinks("kernel32.Lib") == ["kernel32.lib", "Kernel32.lib", "KERNEL32.lib"])
        #expect(SplatLayout.sdkLibraryLinks("ws2_32.lib") == ["WS2_32.lib"])
        #expect(SplatLayout.sdkLibraryLinks("iphlpapi.lib") == ["Iphlpapi.lib", "IPHLPAPI.lib"])
        #expect(SplatLayout.sdkLibraryLinks("GlU32.Lib") == ["glu32.lib", "GLU32.lib"])
        #expect(SplatLayout.sdkLibraryLinks("Windows.Media.winmd.tlb") == ["windows.media.winmd.tlb"])
        #expect(SplatLayout.crtLibraryLinks("oldnames.lib") == ["OLDNAMES.lib"])
    }

    @Test func includeScanner() {
        var scanner = IncludeScanner()
        let text =
            "#include <WinDef.h>\n#  include \"no.h\"\n#include\t\"wrl/Client.h\"\n#include<nospace.h>\n#include <a\nb>\n# define X\n#include <"
        Array(text.utf8).withUnsafeBytes { scanner.scan($0) }
        #expect(scanner.names == ["WinDef.h", "wrl/Client.h", "a"])
    }
}

@Suite struct DownloadRuleTests {
    @Test func onlyLoopbackMayUsePlainHTTP() throws {
        #expect(
            try PayloadDownloader.allowedProtocols("https://download.visualstudio.microsoft.com/x", name: "p")
                == "=https")
        #expect(try PayloadDownloader.allowedProtocols("http://127.0.0.1:8000/x", name: "p") == "=http,https")
        #expect(try PayloadDownloader.allowedProtocols("http://[::1]:8000/x", name: "p") == "=http,https")
        #expect(try PayloadDownloader.allowedProtocols("http://localhost/x", name: "p") == "=http,https")
        for url in [
            "http://example.com/x", "http://127.0.0.1.evil.com/x", "http://user@10.0.0.1/x", "ftp://127.0.0.1/x",
            "file:///etc/passwd",
        ] {
            #expect(throws: FetchError.self, "\(url)") { try PayloadDownloader.allowedProtocols(url, name: "p") }
        }
        #expect(PayloadDownloader.host(of: "http://u:p@127.0.0.1:99/a?b") == "127.0.0.1")
    }

    @Test func sha256KnownVectors() {
        #expect(
            SHA256.hex(SHA256.digest(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func archNames() {
        #expect(
            SysrootArch(name: "arm64") == .aarch64 && SysrootArch(name: "x64") == .x86_64
                && SysrootArch(name: "sparc") == nil)
        #expect(SysrootArch.aarch64.crtPackageName == "ARM64" && SysrootArch.x86_64.crtPackageName == "x64")
        #expect(ManifestSource(argument: "/tmp/channel.json") == .file("/tmp/channel.json"))
    }
}
