import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsSDKResolverTests {
    static let kitsRoot = #"C:\Program Files (x86)\Windows Kits\10\"#

    static func resolve(
        _ fileSystem: FileSystem = WindowsFixture.fileSystem, root: String = kitsRoot, target: String = "arm64",
        requested: String? = nil
    ) throws(XenvError) -> (sdk: WindowsSDK, notes: [String]) {
        var notes: [String] = []
        let sdk = try WindowsSDKResolver(fileSystem: fileSystem).resolve(
            root: root, target: Catalog.descriptor(target),
            requested: requested.map { VersionPin($0, origin: "--sdk") }, notes: &notes)
        return (sdk, notes)
    }

    @Test func arm64PassesOverTheNewestSDKWithoutARM64Libraries() throws {
        let (sdk, notes) = try Self.resolve()
        #expect(sdk == WindowsSDK(root: #"C:\Program Files (x86)\Windows Kits\10\"#, version: "10.0.22621.0"))
        #expect(
            notes == [
                #"Windows SDK: 10.0.26100.0 passed over: no Lib\10.0.26100.0\um\arm64\kernel32.lib"#,
                "Windows SDK: 10.0.22621.0 taken",
            ])
    }

    @Test func x64TakesTheNewestSDK() throws {
        let (sdk, notes) = try Self.resolve(target: "x64")
        #expect(sdk == WindowsSDK(root: #"C:\Program Files (x86)\Windows Kits\10\"#, version: "10.0.26100.0"))
        #expect(notes == ["Windows SDK: 10.0.26100.0 taken"])
    }

    @Test func theRootGetsItsTrailingBackslash() throws {
        let (sdk, _) = try Self.resolve(root: "C:/Program Files (x86)/Windows Kits/10")
        #expect(sdk.root == #"C:\Program Files (x86)\Windows Kits\10\"#)
    }

    @Test func sdkOptionTakesThatVersionOnly() throws {
        #expect(try Self.resolve(target: "x64", requested: "10.0.19041.0").sdk.version == "10.0.19041.0")
        #expect(
            thrownError { try Self.resolve(requested: "10.0.19041.0") }?.description
                == #"no Windows SDK matching --sdk 10.0.19041.0 in C:\Program Files (x86)\Windows Kits\10\ has the arm64 libraries for aarch64-pc-windows-msvc (10.0.19041.0: no Lib\10.0.19041.0\um\arm64\kernel32.lib); install the SDK option OptionId.DesktopCPParm64 ("Windows SDK for Desktop C++ arm64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer"#
        )
        #expect(
            thrownError { try Self.resolve(target: "x64", requested: "10.0.99999.0") }?.description
                == #"no Windows SDK matching --sdk 10.0.99999.0 in C:\Program Files (x86)\Windows Kits\10\ has the x64 libraries for x86_64-pc-windows-msvc (none installed); install the SDK option OptionId.DesktopCPPx64 ("Windows SDK for Desktop C++ x64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer"#
        )
    }

    @Test func libraryAndHeaderNamesMatchInAnyCase() throws {
        let memory = InMemoryFileSystem()
        let kits = "/w/C/Program Files (x86)/Windows Kits/10"
        memory.addFile("\(kits)/Include/10.0.22621.0/um/WinSDKVer.h")
        memory.addFile("\(kits)/Lib/10.0.22621.0/um/ARM64/kernel32.Lib")
        memory.addFile("\(kits)/Lib/10.0.22621.0/ucrt/arm64/UCRT.LIB")
        // Not versions: passed by without a note.
        memory.addDirectory("\(kits)/Include/wdf")
        memory.addDirectory("\(kits)/Include/8.1")
        let (sdk, notes) = try Self.resolve(simulatedWindows(memory))
        #expect(sdk.version == "10.0.22621.0")
        #expect(notes == ["Windows SDK: 10.0.22621.0 taken"])
    }

    @Test func eachMissingFileIsNamed() {
        let memory = InMemoryFileSystem()
        let kits = "/w/C/Program Files (x86)/Windows Kits/10"
        // 10.0.26100.0 lacks the header, 10.0.22621.0 the UCRT library.
        memory.addFile("\(kits)/Lib/10.0.26100.0/um/arm64/kernel32.lib")
        memory.addFile("\(kits)/Lib/10.0.26100.0/ucrt/arm64/ucrt.lib")
        memory.addDirectory("\(kits)/Include/10.0.26100.0/um")
        memory.addFile("\(kits)/Include/10.0.22621.0/um/winsdkver.h")
        memory.addFile("\(kits)/Lib/10.0.22621.0/um/arm64/kernel32.lib")
        #expect(
            thrownError { try Self.resolve(simulatedWindows(memory)) }?.description
                == #"no Windows SDK in C:\Program Files (x86)\Windows Kits\10\ has the arm64 libraries for aarch64-pc-windows-msvc (10.0.26100.0: no Include\10.0.26100.0\um\winsdkver.h; 10.0.22621.0: no Lib\10.0.22621.0\ucrt\arm64\ucrt.lib); install the SDK option OptionId.DesktopCPParm64 ("Windows SDK for Desktop C++ arm64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer"#
        )
    }
}
