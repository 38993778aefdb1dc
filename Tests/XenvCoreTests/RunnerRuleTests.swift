import Foundation
import Testing
import XenvShimCore
import XenvSystem

@testable import XenvCore

/// The rules of vcvars.bat, winsdk.bat and netfxsdk.bat that decide a prompt, each on a runner it matters on
/// (Tests/Fixtures/runners), changed as little as the rule needs.
@Suite struct RunnerRuleTests {
    static let vs2022 = #"C:\Program Files\Microsoft Visual Studio\2022\Enterprise"#
    static let vs2026 = #"C:\Program Files\Microsoft Visual Studio\18\Enterprise"#
    static let build2022 = vs2022 + #"\VC\Auxiliary\Build\"#
    static let build2026 = vs2026 + #"\VC\Auxiliary\Build\"#

    // MARK: - The default toolset

    @Test func vs2022TakesTheV143FileWhenTheTwoDefaultFilesDisagree() throws {
        // SCons#3664: default.txt and v143.default.txt can name different toolsets; vcvars.bat takes v143's.
        let runner = try SimulatedRunner("windows-2022")
        try runner.write(Self.build2022 + "Microsoft.VCToolsVersion.default.txt", "14.29.30133\r\n")
        var notes: [String] = []
        let plan = try runner.plan(PlanRequest(target: "x64"), notes: &notes)
        #expect(plan.toolsetVersion == "14.44.35207")
        #expect(notes.contains("toolset: 14.44.35207 is named by Microsoft.VCToolsVersion.v143.default.txt"))

        // Without the v143 file, default.txt decides.
        let withoutV143 = try SimulatedRunner("windows-2022", editing: SimulatedRunner.leavingOut(["v143.default.txt"]))
        try withoutV143.write(Self.build2022 + "Microsoft.VCToolsVersion.default.txt", "14.29.30133\r\n")
        #expect(try withoutV143.plan(PlanRequest(target: "x64")).toolsetVersion == "14.29.30133")
    }

    @Test func vs2026TakesTheV145FileThenDefaultTxt() throws {
        // The v145 file wins (here it names the side-by-side 14.44, which has x64 tools).
        let runner = try SimulatedRunner("windows-2025")
        try runner.write(Self.build2026 + "Microsoft.VCToolsVersion.v145.default.txt", "14.44.35207\r\n")
        var notes: [String] = []
        #expect(try runner.plan(PlanRequest(target: "x64"), notes: &notes).toolsetVersion == "14.44.35207")
        #expect(notes.contains("toolset: 14.44.35207 is named by Microsoft.VCToolsVersion.v145.default.txt"))
        // A VS 2026 with only the v143 toolset writes no v145 file: default.txt decides.
        let withoutV145 = try SimulatedRunner("windows-2025", editing: SimulatedRunner.leavingOut(["v145.default.txt"]))
        try withoutV145.write(Self.build2026 + "Microsoft.VCToolsVersion.default.txt", "14.44.35207\r\n")
        #expect(try withoutV145.plan(PlanRequest(target: "x64")).toolsetVersion == "14.44.35207")
        // VS 2022's file means nothing to VS 2026.
        let v143 = try SimulatedRunner("windows-2025")
        try v143.write(Self.build2026 + "Microsoft.VCToolsVersion.v143.default.txt", "14.44.35207\r\n")
        #expect(try v143.plan(PlanRequest(target: "x64")).toolsetVersion == "14.51.36231")
    }

    @Test func aDefaultFileNamingARemovedToolsetGivesWayToTheNextFile() throws {
        // The v145 file names a removed 14.50, default.txt the installed 14.44: vcvars.bat would stop at the first.
        let runner = try SimulatedRunner("windows-2025")
        try runner.write(Self.build2026 + "Microsoft.VCToolsVersion.v145.default.txt", "14.50.35717\r\n")
        try runner.write(Self.build2026 + "Microsoft.VCToolsVersion.default.txt", "14.44.35207\r\n")
        var notes: [String] = []
        #expect(try runner.plan(PlanRequest(target: "x64"), notes: &notes).toolsetVersion == "14.44.35207")
        #expect(notes.contains("toolset: 14.44.35207 is named by Microsoft.VCToolsVersion.default.txt"))
    }

    @Test func aDefaultFileNamingARemovedToolsetFallsToTheNewestThatServes() throws {
        // The v145 file can still name a toolset an uninstall removed (reported on a VS 2026 Build Tools install).
        let runner = try SimulatedRunner("windows-2025")
        try runner.write(Self.build2026 + "Microsoft.VCToolsVersion.v145.default.txt", "14.50.35717\r\n")
        #expect(try runner.plan(PlanRequest(target: "arm64")).toolsetVersion == "14.51.36231")
    }

    // MARK: - A developer prompt's choices

    /// An x64 prompt of windows-2022's Visual Studio, opened with `-vcvars_ver=<version>`.
    static func x64Prompt2022(_ version: String) -> [String: String] {
        ["VSINSTALLDIR": vs2022 + "\\", "VSCMD_ARG_TGT_ARCH": "x64", "VCToolsVersion": version]
    }

    @Test func aPromptsVCToolsVersionStands() throws {
        // An x64 prompt: arm64 is another architecture of the same instance, and the prompt's toolset stays, as
        // vcvarsall x64_arm64 run inside it keeps it.
        let runner = try SimulatedRunner("windows-2022")
        var notes: [String] = []
        let plan = try runner.plan(
            PlanRequest(target: "arm64"), environment: Self.x64Prompt2022("14.29.30133"), notes: &notes)
        #expect(plan.toolsetVersion == "14.29.30133")
        #expect(plan.value("VCToolsVersion") == "14.29.30133")
        #expect(notes.contains("toolset: VCToolsVersion=14.29.30133 (kept from the developer prompt)"))
        // VCVARS_USER_VERSION comes before it, and --toolset before both.
        #expect(
            try runner.plan(
                PlanRequest(target: "arm64"),
                environment: Self.x64Prompt2022("14.44.35207").merging(["VCVARS_USER_VERSION": "14.29"]) { $1 }
            ).toolsetVersion == "14.29.30133")
        #expect(
            try runner.plan(
                PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.44")),
                environment: Self.x64Prompt2022("14.29.30133")
            ).toolsetVersion == "14.44.35207")
    }

    @Test func aPromptsVCToolsVersionThatCannotServeTheTargetNamesTheComponentAndTheVariable() throws {
        // windows-2025's 14.44 is the x86.x64 side-by-side set only (runner-images#14552).
        let runner = try SimulatedRunner("windows-2025")
        #expect(
            thrownError {
                try runner.plan(
                    PlanRequest(target: "arm64"),
                    environment: [
                        "VSINSTALLDIR": Self.vs2026 + "\\", "VSCMD_ARG_TGT_ARCH": "x64",
                        "VCToolsVersion": "14.44.35207",
                    ])
            }?.description
                == #"no MSVC toolset matching VCToolsVersion=14.44.35207 (kept from the developer prompt) in C:\Program Files\Microsoft Visual Studio\18\Enterprise\VC\Tools\MSVC serves aarch64-pc-windows-msvc (14.44.35207: no lib\arm64\msvcrt.lib); install the component Microsoft.VisualStudio.Component.VC.14.44.17.14.ARM64 with the Visual Studio Installer, or clear VCToolsVersion to let xenv choose"#
        )
    }

    @Test func aPromptsWindowsSDKVersionStands() throws {
        let runner = try SimulatedRunner("windows-2022")
        var notes: [String] = []
        let plan = try runner.plan(
            PlanRequest(target: "arm64"), environment: ["WindowsSDKVersion": #"10.0.22621.0\"#], notes: &notes)
        #expect(plan.value("WindowsSDKVersion") == #"10.0.22621.0\"#)
        #expect(plan.value("UCRTVersion") == "10.0.22621.0")
        #expect(plan.value("LIB")?.contains(#"\lib\10.0.22621.0\ucrt\arm64"#) == true)
        #expect(notes.contains("Windows SDK: WindowsSDKVersion=10.0.22621.0 (kept from the developer prompt)"))
        // --sdk wins over it.
        #expect(
            try runner.plan(
                PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(sdk: "10.0.19041.0")),
                environment: ["WindowsSDKVersion": #"10.0.22621.0\"#]
            ).value("UCRTVersion") == "10.0.19041.0")
        #expect(
            thrownError {
                try runner.plan(PlanRequest(target: "arm64"), environment: ["WindowsSDKVersion": #"10.0.99999.0\"#])
            }?
            .description
                == #"no Windows SDK matching WindowsSDKVersion=10.0.99999.0 (kept from the developer prompt) in C:\Program Files (x86)\Windows Kits\10\ has the arm64 libraries for aarch64-pc-windows-msvc (none installed); install the SDK option OptionId.DesktopCPParm64 ("Windows SDK for Desktop C++ arm64 Apps"), or add Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio Installer, or clear WindowsSDKVersion to let xenv choose"#
        )
    }

    @Test func aPromptOfTheInstanceGivesItsOwnVersionsNotTheToolsets() throws {
        // VS 2026 with the v143 toolset: its prompt says 18.0 (node-gyp and cc-rs read these), not 17.0.
        let runner = try SimulatedRunner("windows-2025")
        let environment = [
            "VSINSTALLDIR": Self.vs2026 + "\\", "VSCMD_ARG_TGT_ARCH": "x64", "VCToolsVersion": "14.44.35207",
        ]
        let plan = try runner.plan(PlanRequest(target: "x64"), environment: environment)
        #expect(plan.toolsetVersion == "14.44.35207")
        #expect(plan.visualStudioInstance?.source == .developerPrompt)
        #expect(plan.visualStudioInstance?.version == DottedVersion("18.9.12112.369"))
        #expect(plan.value("VisualStudioVersion") == "18.0")
        #expect(plan.value("VSCMD_VER") == "18.9.2")
        #expect(plan.value("VS180COMNTOOLS") == Self.vs2026 + #"\Common7\Tools\"#)
        #expect(plan.value("VS170COMNTOOLS") == nil)
    }

    @Test func aPromptWithoutAnInstanceRecordIsKnownByItsOwnVariables() throws {
        // Records gone (a copied or portable install): the prompt's VisualStudioVersion and VSCMD_VER stand.
        let runner = try SimulatedRunner(
            "windows-2025", editing: SimulatedRunner.leavingOut(["state.json", "vswhere.exe"]))
        let environment = [
            "VSINSTALLDIR": Self.vs2026 + "\\", "VSCMD_ARG_TGT_ARCH": "arm64", "VisualStudioVersion": "18.0",
            "VSCMD_VER": "18.9.2",
        ]
        let plan = try runner.plan(PlanRequest(target: "arm64"), environment: environment)
        #expect(plan.visualStudioInstance?.source == .developerPrompt)
        #expect(plan.value("VisualStudioVersion") == "18.0")
        #expect(plan.value("VSCMD_VER") == "18.9.2")
        // Without them, the directory's `18` says VS 2026.
        let bare = try runner.plan(
            PlanRequest(target: "arm64"),
            environment: ["VSINSTALLDIR": Self.vs2026 + "\\", "VSCMD_ARG_TGT_ARCH": "arm64"])
        #expect(bare.value("VisualStudioVersion") == "18.0")
        #expect(bare.value("VSCMD_VER") == "18.0")
    }

    // MARK: - VS 2026 Insiders

    /// A VS 2026 Insiders install beside the runner's Enterprise, newer than it, with ARM64 tools.
    static func addInsiders(to runner: SimulatedRunner, record: Bool = true) throws {
        let root = #"C:\Program Files\Microsoft Visual Studio\18\Insiders"#
        if record {
            try runner.write(
                #"C:\ProgramData\Microsoft\VisualStudio\Packages\_Instances\0badf00d\state.json"#,
                #"""
                {"installationName":"VisualStudio/18.11.0-insiders.3.0+12215.8","catalogInfo":{"buildVersion":"18.11.12215.8",\#
                "productDisplayVersion":"18.11.0 Insiders [12215.8]","productSemanticVersion":"18.11.0-insiders.3.0+12215.8"},\#
                "installationPath":"C:\\Program Files\\Microsoft Visual Studio\\18\\Insiders","installationVersion":"18.11.12215.8",\#
                "channelId":"VisualStudio.18.Insiders","channelUri":"https://aka.ms/vs/18/insiders/channel",\#
                "localizedResources":[{"language":"en-us","title":"Visual Studio Enterprise 2026 Insiders"}],\#
                "selectedPackages":[{"id":"Microsoft.VisualStudio.Component.VC.Tools.ARM64","type":"Component","selectedState":"IndividuallySelected"}]}
                """#)
        }
        try runner.write(root + #"\VC\Auxiliary\Build\Microsoft.VCToolsVersion.default.txt"#, "14.52.36310\r\n")
        try runner.write(root + #"\VC\Tools\MSVC\14.52.36310\lib\arm64\msvcrt.lib"#, "stub")
        try runner.write(root + #"\VC\Tools\MSVC\14.52.36310\bin\HostX64\arm64\link.exe"#, "stub")
    }

    @Test func insidersIsAPrereleaseTakenOnlyWithThePrereleaseOption() throws {
        let runner = try SimulatedRunner("windows-2025")
        try Self.addInsiders(to: runner)
        let release = try runner.plan(PlanRequest(target: "arm64"))
        #expect(release.visualStudioInstance?.path == Self.vs2026)
        let insiders = try runner.plan(
            PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(allowPrerelease: true)))
        #expect(insiders.visualStudioInstance?.path == #"C:\Program Files\Microsoft Visual Studio\18\Insiders"#)
        #expect(insiders.visualStudioInstance?.isPrerelease == true)
        #expect(insiders.value("VSCMD_VER") == "18.11.0-insiders.3.0")
        #expect(insiders.value("VisualStudioVersion") == "18.0")
    }

    @Test func insidersIsFoundWhereVisualStudioInstallsItWithoutARecord() throws {
        let runner = try SimulatedRunner(
            "windows-2025", editing: SimulatedRunner.leavingOut(["state.json", "vswhere.exe"]))
        try Self.addInsiders(to: runner, record: false)
        let instances = VisualStudioResolver(
            fileSystem: runner.fileSystem, environment: runner.context().environment,
            windowsHost: runner.context().windowsHost,
            processRunner: FakeProcessRunner()
        ).discoverForTest()
        let insiders = try #require(instances.first { $0.path.hasSuffix(#"\18\Insiders"#) })
        #expect(insiders.isPrerelease)
        #expect(insiders.source == .wellKnownRoot)
        #expect(try runner.plan(PlanRequest(target: "arm64")).visualStudioInstance?.path == Self.vs2026)
    }

    // MARK: - Side-by-side toolsets

    @Test func aSideBySideToolsetServesTheTargetItsComponentInstalls() throws {
        // VC.14.29.16.11.ARM64 installs 14.29's ARM64 libraries: --toolset 14.29 counts it, in both spellings.
        let runner = try SimulatedRunner("windows-2025")
        #expect(
            try runner.plan(PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.29")))
                .toolsetVersion
                == "14.29.30133")
        var notes: [String] = []
        let plan = try runner.plan(
            PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.29.16.11")), notes: &notes)
        #expect(plan.toolsetVersion == "14.29.30133")
        #expect(notes.contains("toolset: 14.29.16.11 is the side-by-side set 14.29.30133"))
    }

    @Test func aSideBySideComponentCountsWhenTheLatestToolsetsComponentIsMissing() throws {
        // Without VC.Tools.ARM64 the instance still serves arm64 through VC.14.29.16.11.ARM64, for 14.29 only.
        let runner = try SimulatedRunner("windows-2025") {
            $0.replacingOccurrences(
                of:
                    #"{"id":"Microsoft.VisualStudio.Component.VC.Tools.ARM64","type":"Component","selectedState":"IndividuallySelected"},"#,
                with: "")
        }
        #expect(
            try runner.plan(PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.29")))
                .toolsetVersion
                == "14.29.30133")
        #expect(
            thrownError { try runner.plan(PlanRequest(target: "arm64")) }?.description.contains(
                "lacks the component Microsoft.VisualStudio.Component.VC.Tools.ARM64 that aarch64-pc-windows-msvc needs"
            ) == true)
    }

    @Test func aSideBySideSetWithoutTheTargetNamesItsOwnComponent() throws {
        let runner = try SimulatedRunner("windows-2025")
        #expect(
            thrownError {
                try runner.plan(PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.44")))
            }?.description
                == #"no MSVC toolset matching --toolset 14.44 in C:\Program Files\Microsoft Visual Studio\18\Enterprise\VC\Tools\MSVC serves aarch64-pc-windows-msvc (14.44.35207: no lib\arm64\msvcrt.lib); install the component Microsoft.VisualStudio.Component.VC.14.44.17.14.ARM64 with the Visual Studio Installer"#
        )
    }

    // MARK: - The .NET Framework SDK

    @Test func theNETFrameworkSDKIsTheFirstVersionTheScriptKnowsAndOnlyWhereInstalled() throws {
        // VS 2022's script knows 4.8 and older: 4.8 although 4.8.1 is installed; its libraries only where they exist.
        let vs2022 = try SimulatedRunner("windows-2022").plan(PlanRequest(target: "x64"))
        #expect(vs2022.value("NETFXSDKDir") == #"C:\Program Files (x86)\Windows Kits\NETFXSDK\4.8\"#)
        #expect(
            vs2022.value("LIB")?.split(separator: ";").dropFirst(2).first
                == #"C:\Program Files (x86)\Windows Kits\NETFXSDK\4.8\lib\um\x64"#)
        let arm64 = try SimulatedRunner("windows-2022").plan(PlanRequest(target: "arm64"))
        #expect(arm64.value("LIB")?.contains("NETFXSDK") == false)
        #expect(
            arm64.value("INCLUDE")?.hasSuffix(#"C:\Program Files (x86)\Windows Kits\NETFXSDK\4.8\include\um"#) == true)
        // Not installed (no registry key): nothing of it.
        let none = try SimulatedRunner("windows-2022", editing: SimulatedRunner.leavingOut(["NETFX"])).plan(
            PlanRequest(target: "x64"))
        for name in ["NETFXSDKDir", "WindowsSDK_ExecutablePath_x64", "WindowsSDK_ExecutablePath_x86"] {
            #expect(none.value(name) == nil)
        }
        for name in ["INCLUDE", "LIB", "PATH"] { #expect(none.value(name)?.contains("NETFX") == false) }
    }

    // MARK: - Smaller conditions

    @Test func preferredToolArchitectureIsSetForX64HostsCrossingAndClearedInNativePrompts() throws {
        let x64Host = try SimulatedRunner("windows-2022")
        #expect(try x64Host.plan(PlanRequest(target: "arm64")).value("PreferredToolArchitecture") == "x64")
        // A native prompt clears a value left in the environment; with none there is nothing to clear.
        let native = try x64Host.plan(PlanRequest(target: "x64"), environment: ["PreferredToolArchitecture": "x64"])
        #expect(native.value("PreferredToolArchitecture") == "")
        #expect(
            try x64Host.plan(PlanRequest(target: "x64")).environment.contains { $0.name == "PreferredToolArchitecture" }
                == false)
        // An ARM64 host crossing to x64 leaves it alone.
        let arm64Host = try SimulatedRunner("windows-11-arm")
        #expect(
            try arm64Host.plan(PlanRequest(target: "x64"), environment: ["PreferredToolArchitecture": "x64"])
                .environment.contains { $0.name == "PreferredToolArchitecture" } == false)
    }

    @Test func extensionSdkDirIsTheX86OneWhenBothExist() throws {
        let onlyProgramFiles = try SimulatedRunner(
            "windows-2022", editing: SimulatedRunner.leavingOut(["ExtensionSDKs"]))
        #expect(try onlyProgramFiles.plan(PlanRequest(target: "x64")).value("ExtensionSdkDir") == nil)
        try onlyProgramFiles.write(
            #"C:\Program Files\Microsoft SDKs\Windows Kits\10\ExtensionSDKs\SDKManifest.xml"#, "stub")
        #expect(
            try onlyProgramFiles.plan(PlanRequest(target: "x64")).value("ExtensionSdkDir")
                == #"C:\Program Files\Microsoft SDKs\Windows Kits\10\ExtensionSDKs"#)
        let both = try SimulatedRunner("windows-2022")
        try both.write(#"C:\Program Files\Microsoft SDKs\Windows Kits\10\ExtensionSDKs\SDKManifest.xml"#, "stub")
        #expect(
            try both.plan(PlanRequest(target: "x64")).value("ExtensionSdkDir")
                == #"C:\Program Files (x86)\Microsoft SDKs\Windows Kits\10\ExtensionSDKs"#)
    }

    @Test func vcToolsRedistDirOnlyWhenItsFolderExists() throws {
        let runner = try SimulatedRunner("windows-2022", editing: SimulatedRunner.leavingOut([#"VC\Redist\MSVC"#]))
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        #expect(plan.value("VCToolsRedistDir") == nil)
        #expect(
            try SimulatedRunner("windows-2022").plan(PlanRequest(target: "arm64")).value("VCToolsRedistDir")
                == Self.vs2022 + #"\VC\Redist\MSVC\14.44.35112\"#)
    }

    @Test func vcIDEInstallDirWheneverVCExists() throws {
        // The IDE's VC folder is absent on a Build Tools install; vcvars.bat sets the variable all the same.
        let runner = try SimulatedRunner("windows-2022", editing: SimulatedRunner.leavingOut([#"Common7\IDE\VC\"#]))
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        #expect(plan.value("VCIDEInstallDir") == Self.vs2022 + #"\Common7\IDE\VC\"#)
        #expect(plan.pathPrepend.contains(Self.vs2022 + #"\Common7\IDE\VC\VCPackages"#) == false)
    }

    @Test func windowsLibPathFallsBackToTheUnversionedDirectories() throws {
        let runner = try SimulatedRunner("windows-2022", editing: SimulatedRunner.leavingOut([#"\UnionMetadata\"#]))
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        #expect(
            plan.value("WindowsLibPath")
                == #"C:\Program Files (x86)\Windows Kits\10\UnionMetadata;C:\Program Files (x86)\Windows Kits\10\References"#
        )
    }

    @Test func theSDKsToolsFollowThePromptsHostArchitecture() throws {
        // An ARM64 machine's x64_arm64 prompt (x64 host tools only) has the x64 SDK tools, as captured there; with
        // ARM64 host tools the arm64 ones.
        let emulated = try SimulatedRunner("windows-11-arm", editing: SimulatedRunner.leavingOut(["HostARM64"]))
            .plan(PlanRequest(target: "arm64"))
        #expect(emulated.pathPrepend.contains(#"C:\Program Files (x86)\Windows Kits\10\bin\10.0.26100.0\\x64"#))
        #expect(emulated.pathPrepend.contains { $0.hasSuffix(#"\\arm64"#) && $0.contains("Windows Kits") } == false)
        let native = try SimulatedRunner("windows-11-arm").plan(PlanRequest(target: "arm64"))
        #expect(native.pathPrepend.contains(#"C:\Program Files (x86)\Windows Kits\10\bin\10.0.26100.0\\arm64"#))
    }

    @Test func ifcPathIsTheTargetsAndAPromptsOwnStands() throws {
        let runner = try SimulatedRunner("windows-2022")
        #expect(
            try runner.plan(PlanRequest(target: "arm64")).value("IFCPATH") == Self.vs2022
                + #"\VC\Tools\MSVC\14.44.35207\ifc\arm64"#)
        #expect(
            try runner.plan(
                PlanRequest(target: "arm64"), environment: ["VSCMD_ARG_TGT_ARCH": "arm64", "IFCPATH": #"D:\modules"#]
            )
            .value("IFCPATH")
                == #"D:\modules"#)
    }

    // MARK: - arm64ec

    @Test func arm64ecIsAnARM64PromptWhoseLinksSearchLibArm64ecFirst() throws {
        let runner = try SimulatedRunner("windows-2022")
        let plan = try runner.plan(PlanRequest(target: "arm64ec"))
        let tools = Self.vs2022 + #"\VC\Tools\MSVC\14.44.35207\"#
        // cc-rs's order: lib\arm64ec, then what an arm64 prompt lists (ATL/MFC's arm64 libraries included).
        let lib = [
            tools + #"lib\arm64ec"#,
            tools + #"ATLMFC\lib\arm64"#,
            tools + #"lib\arm64"#,
            #"C:\Program Files (x86)\Windows Kits\10\lib\10.0.26100.0\ucrt\arm64"#,
            #"C:\Program Files (x86)\Windows Kits\10\\lib\10.0.26100.0\\um\arm64"#,
        ]
        #expect(plan.value("LIB")?.split(separator: ";").map(String.init) == lib)
        // LIBPATH, IFCPATH and the prompt variables are the arm64 prompt's.
        #expect(
            plan.value("LIBPATH")?.split(separator: ";").prefix(2).map(String.init) == [
                tools + #"ATLMFC\lib\arm64"#, tools + #"lib\arm64"#,
            ])
        #expect(plan.value("VSCMD_ARG_TGT_ARCH") == "arm64")
        #expect(plan.value("IFCPATH") == tools + #"ifc\arm64"#)
        // The shim hands lld-link the same directories, in the same order.
        let shimPath = try #require(plan.shimPath)
        let sidecar = try #require(plan.files.first { $0.path == ShimConfig.sidecarPath(forExecutable: shimPath) })
        guard case .bytes(let bytes) = sidecar.contents else { Issue.record("the shim's config is no text"); return }
        #expect(try ShimConfig(parsing: String(decoding: bytes, as: UTF8.self)).libraryDirectories == lib)
    }

    // MARK: - What a prompt leaves behind, for its own instance and architecture only

    @Test func aPromptsVCToolsVersionPinsOnlyItsOwnInstance() throws {
        // A VS 2019 x64 prompt with 14.29: arm64 needs another instance, whose own default then stands (VS 2022
        // Build Tools has a 14.29 without ARM64 libraries, which the prompt's pin would have forced).
        var environment = WindowsFixture.environment
        environment["VSINSTALLDIR"] = #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise\"#
        environment["VSCMD_ARG_TGT_ARCH"] = "x64"
        environment["VCToolsVersion"] = "14.29.30133"
        let plan = try WindowsFixture.plan(
            PlanRequest(target: "arm64"), in: WindowsFixture.context(environment: environment))
        #expect(plan.visualStudioInstance?.path == #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#)
        #expect(plan.toolsetVersion == "14.38.33130")
        // --vs naming another instance: the pin is not its either.
        let named = try WindowsFixture.plan(
            PlanRequest(
                target: "x64",
                visualStudio: VisualStudioRequest(
                    path: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#)),
            in: WindowsFixture.context(environment: environment))
        #expect(named.toolsetVersion == "14.38.33130")
        // The same instance for another architecture keeps it, as vcvarsall run inside the prompt does.
        let same = try WindowsFixture.plan(
            PlanRequest(
                target: "x64",
                visualStudio: VisualStudioRequest(path: #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#)),
            in: WindowsFixture.context(environment: environment))
        #expect(same.toolsetVersion == "14.29.30133")
    }

    @Test func anIFCPathFromAPromptForAnotherArchitectureIsNotKept() throws {
        let runner = try SimulatedRunner("windows-2022")
        let environment = [
            "VSCMD_ARG_TGT_ARCH": "x64", "IFCPATH": Self.vs2022 + #"\VC\Tools\MSVC\14.44.35207\ifc\x64"#,
        ]
        #expect(
            try runner.plan(PlanRequest(target: "arm64"), environment: environment).value("IFCPATH")
                == Self.vs2022 + #"\VC\Tools\MSVC\14.44.35207\ifc\arm64"#)
        #expect(
            try runner.plan(PlanRequest(target: "x64"), environment: environment).value("IFCPATH")
                == Self.vs2022 + #"\VC\Tools\MSVC\14.44.35207\ifc\x64"#)
    }

    @Test func aSideBySideSetWithoutItsAliasFileFallsBackToItsMinorVersion() throws {
        let runner = try SimulatedRunner("windows-2025", editing: SimulatedRunner.leavingOut([#"Build\14.44.17.14\"#]))
        var notes: [String] = []
        let plan = try runner.plan(
            PlanRequest(target: "x64", visualStudio: VisualStudioRequest(toolset: "14.44.17.14")), notes: &notes)
        #expect(plan.toolsetVersion == "14.44.35207")
        #expect(notes.contains("toolset: no alias file for the side-by-side set 14.44.17.14; taking 14.44.*"))
    }

    @Test func theIntelliCodeCommandLineComesFirstOnPathWhenInstalled() throws {
        // VS 2019 16.11 and VS 2022 17.0 prompts list it first; 17.14's captured prompt has none.
        let runner = try SimulatedRunner("windows-2022")
        let cli = Self.vs2022 + #"\Common7\IDE\\Extensions\Microsoft\IntelliCode\CLI"#
        #expect(try runner.plan(PlanRequest(target: "arm64")).pathPrepend.contains(cli) == false)
        try runner.write(Self.vs2022 + #"\Common7\IDE\Extensions\Microsoft\IntelliCode\CLI\IntelliCode.exe"#, "stub")
        #expect(try runner.plan(PlanRequest(target: "arm64")).pathPrepend.first == cli)
    }

    @Test func anInstallWithoutRecordOrStandardDirectoryTakesItsVersionFromTheToolset() throws {
        let runner = try SimulatedRunner("windows-2022")
        let root = #"C:\Tools\MSVC-portable"#
        try runner.write(root + #"\VC\Tools\MSVC\14.44.35207\lib\x64\msvcrt.lib"#, "stub")
        try runner.write(root + #"\VC\Tools\MSVC\14.44.35207\bin\HostX64\x64\link.exe"#, "stub")
        var notes: [String] = []
        let plan = try runner.plan(
            PlanRequest(target: "x64", visualStudio: VisualStudioRequest(path: root)), notes: &notes)
        #expect(plan.value("VisualStudioVersion") == "17.0")
        #expect(plan.value("VSCMD_VER") == "17.0")
        #expect(
            notes.contains(
                #"Visual Studio: C:\Tools\MSVC-portable has no instance record; taken as version 17 from toolset 14.44.35207"#
            ))
    }
}

extension VisualStudioResolver {
    /// Every instance found, for tests that look at one the resolver would not pick.
    func discoverForTest() -> [VisualStudioInstance] {
        var notes: [String] = []
        return discover(notes: &notes)
    }
}
