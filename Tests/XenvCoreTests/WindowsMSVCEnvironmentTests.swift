import Testing
import XenvSystem

@testable import XenvCore

/// The variables `vcvarsall.bat x64_arm64` leaves behind, computed from the fixture's layout. The forms follow
/// the reference dumps (msvc-layout.md §1.2-1.3): directory variables end in `\`, UCRTVersion and
/// VCToolsVersion do not, and `%WindowsSdkDir%\include\%WindowsSDKVersion%\um` doubles two separators.
@Suite struct WindowsMSVCEnvironmentTests {
    static let include = [
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\include"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\ATLMFC\include"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Auxiliary\VS\include"#,
        #"C:\Program Files (x86)\Windows Kits\10\include\10.0.22621.0\ucrt"#,
        #"C:\Program Files (x86)\Windows Kits\10\\include\10.0.22621.0\\um"#,
        #"C:\Program Files (x86)\Windows Kits\10\\include\10.0.22621.0\\shared"#,
        #"C:\Program Files (x86)\Windows Kits\10\\include\10.0.22621.0\\winrt"#,
        #"C:\Program Files (x86)\Windows Kits\10\\include\10.0.22621.0\\cppwinrt"#,
    ]

    /// No `ATLMFC\lib\arm64`: the fixture has ATL for x64 only.
    static let lib = [
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\arm64"#,
        #"C:\Program Files (x86)\Windows Kits\10\lib\10.0.22621.0\ucrt\arm64"#,
        #"C:\Program Files (x86)\Windows Kits\10\\lib\10.0.22621.0\\um\arm64"#,
    ]

    static let libPath = [
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\arm64"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\x86\store\references"#,
        #"C:\Program Files (x86)\Windows Kits\10\UnionMetadata\10.0.22621.0"#,
        #"C:\Program Files (x86)\Windows Kits\10\References\10.0.22621.0"#,
        #"C:\Windows\Microsoft.NET\Framework64\v4.0.30319"#,
    ]

    /// The cross tools first, then the native host tools; SDK tools for the host (x64), never the target.
    static let pathPrepend = [
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\x64"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\VC\VCPackages"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\MSBuild\Current\bin\Roslyn"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin"#,
        #"C:\Program Files (x86)\Windows Kits\10\bin\10.0.22621.0\\x64"#,
        #"C:\Program Files (x86)\Windows Kits\10\bin\\x64"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\\MSBuild\Current\Bin\amd64"#,
        #"C:\Windows\Microsoft.NET\Framework64\v4.0.30319"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\"#,
        #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\Tools\"#,
    ]

    static let golden: [String] = [
        #"CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER=C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#,
        #"CC_aarch64_pc_windows_msvc=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64\cl.exe"#,
        #"CXX_aarch64_pc_windows_msvc=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64\cl.exe"#,
        #"AR_aarch64_pc_windows_msvc=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64\lib.exe"#,
        #"CMAKE_TOOLCHAIN_FILE_aarch64_pc_windows_msvc=C:\Users\me\AppData\Local\xenv\aarch64-pc-windows-msvc-toolchain.cmake"#,
        #"VSINSTALLDIR=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\"#,
        #"VCINSTALLDIR=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\"#,
        #"VCIDEInstallDir=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\VC\"#,
        #"VCToolsInstallDir=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\"#,
        "VCToolsVersion=14.38.33130",
        #"VCToolsRedistDir=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Redist\MSVC\14.38.33135\"#,
        "VisualStudioVersion=17.0",
        // The instance's productSemanticVersion before its `+`, as VsDevCmd.bat asks vswhere for it.
        "VSCMD_VER=17.14.31",
        #"VS170COMNTOOLS=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\Tools\"#,
        #"DevEnvDir=C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\"#,
        #"WindowsSdkDir=C:\Program Files (x86)\Windows Kits\10\"#,
        #"WindowsSDKVersion=10.0.22621.0\"#,
        #"WindowsSDKLibVersion=10.0.22621.0\"#,
        #"WindowsSdkBinPath=C:\Program Files (x86)\Windows Kits\10\bin\"#,
        #"WindowsSdkVerBinPath=C:\Program Files (x86)\Windows Kits\10\bin\10.0.22621.0\"#,
        #"WindowsLibPath=C:\Program Files (x86)\Windows Kits\10\UnionMetadata\10.0.22621.0;C:\Program Files (x86)\Windows Kits\10\References\10.0.22621.0"#,
        #"UniversalCRTSdkDir=C:\Program Files (x86)\Windows Kits\10\"#,
        "UCRTVersion=10.0.22621.0",
        // core\dotnet.bat: the 64-bit framework of an x64 host, found where Windows keeps it (no registry entry).
        "Framework40Version=v4.0",
        #"FrameworkDir=C:\Windows\Microsoft.NET\Framework64\"#,
        #"FrameworkDir64=C:\Windows\Microsoft.NET\Framework64\"#,
        "FrameworkVersion=v4.0.30319",
        "FrameworkVersion64=v4.0.30319",
        "__DOTNET_ADD_64BIT=1",
        "__DOTNET_PREFERRED_BITNESS=64",
        "VSCMD_ARG_TGT_ARCH=arm64",
        "VSCMD_ARG_HOST_ARCH=x64",
        "VSCMD_ARG_app_plat=Desktop",
        "Platform=arm64",
        "CommandPromptType=Cross",
        "PreferredToolArchitecture=x64",
        // The PATH the prompt started from, which `-clean_env` restores.
        #"__VSCMD_PREINIT_PATH=C:\Windows\system32;C:\Windows"#,
        "INCLUDE=" + include.joined(separator: ";"),
        "EXTERNAL_INCLUDE=" + include.joined(separator: ";"),
        "LIB=" + lib.joined(separator: ";"),
        "LIBPATH=" + libPath.joined(separator: ";"),
        "PATH=" + (pathPrepend + [#"C:\Windows\system32"#, #"C:\Windows"#]).joined(separator: ";"),
    ]

    static func variables(_ plan: Plan) -> [String] { plan.environment.map { "\($0.name)=\($0.value)" } }

    @Test func extensionSdkDirIsSetOnlyWhenTheExtensionSDKsAreInstalled() throws {
        #expect(WindowsFixture.value("ExtensionSdkDir", in: try WindowsFixture.plan()) == nil)
        let copy = try FixtureCopy()
        try copy.write(
            #"C:\Program Files (x86)\Microsoft SDKs\Windows Kits\10\ExtensionSDKs\Microsoft.UniversalCRT.Debug\SDKManifest.xml"#,
            "stub")
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(
            WindowsFixture.value("ExtensionSdkDir", in: plan)
                == #"C:\Program Files (x86)\Microsoft SDKs\Windows Kits\10\ExtensionSDKs"#)
    }

    @Test func arm64OnTheX64RunnerSetsEveryVariableInTheFormsVsDevCmdGives() throws {
        let plan = try WindowsFixture.plan()
        #expect(Self.variables(plan) == Self.golden)
        #expect(plan.pathPrepend == Self.pathPrepend)
    }

    @Test func aSecondRunOverTheFirstRunsListsChangesNothing() throws {
        let first = try WindowsFixture.plan()
        var environment = WindowsFixture.environment
        // Windows spells them as it likes: the names compare without regard to case.
        environment["Include"] = WindowsFixture.value("INCLUDE", in: first)
        environment["lib"] = WindowsFixture.value("LIB", in: first)
        environment["LibPath"] = WindowsFixture.value("LIBPATH", in: first)
        environment["Path"] = WindowsFixture.value("PATH", in: first)
        environment["__VSCMD_PREINIT_PATH"] = WindowsFixture.value("__VSCMD_PREINIT_PATH", in: first)
        let second = try WindowsFixture.plan(in: WindowsFixture.context(environment: environment))
        #expect(Self.variables(second) == Self.golden)
    }

    @Test func theUsersOwnEntriesStayBehindXenvsWithoutDuplicates() throws {
        var environment = WindowsFixture.environment
        environment["INCLUDE"] =
            #"C:\mine\include;;c:\program files (x86)\microsoft visual studio\2022\buildtools\vc\tools\msvc\14.38.33130\include\"#
        environment["LIB"] = #"D:\libs"#
        environment["Path"] =
            #"C:\Users\me\.cargo\bin;C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE;C:\Windows"#
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(environment: environment))
        #expect(
            WindowsFixture.value("INCLUDE", in: plan) == (Self.include + [#"C:\mine\include"#]).joined(separator: ";"))
        #expect(WindowsFixture.value("EXTERNAL_INCLUDE", in: plan) == Self.include.joined(separator: ";"))
        #expect(WindowsFixture.value("LIB", in: plan) == (Self.lib + [#"D:\libs"#]).joined(separator: ";"))
        #expect(
            WindowsFixture.value("PATH", in: plan)
                == (Self.pathPrepend + [#"C:\Users\me\.cargo\bin"#, #"C:\Windows"#]).joined(separator: ";"))
        // The link gets only xenv's directories, not the user's.
        #expect(plan.pathPrepend == Self.pathPrepend)
    }

    @Test func x64IsANativePromptWithTheNewestSDK() throws {
        let plan = try WindowsFixture.plan(PlanRequest(target: "x64"))
        #expect(WindowsFixture.value("CommandPromptType", in: plan) == "Native")
        #expect(WindowsFixture.value("PreferredToolArchitecture", in: plan) == nil)
        #expect(WindowsFixture.value("VSCMD_ARG_TGT_ARCH", in: plan) == "x64")
        #expect(WindowsFixture.value("UCRTVersion", in: plan) == "10.0.26100.0")
        #expect(
            WindowsFixture.value("LIB", in: plan)
                == [
                    #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\ATLMFC\lib\x64"#,
                    #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\lib\x64"#,
                    #"C:\Program Files (x86)\Windows Kits\10\lib\10.0.26100.0\ucrt\x64"#,
                    #"C:\Program Files (x86)\Windows Kits\10\\lib\10.0.26100.0\\um\x64"#,
                ].joined(separator: ";"))
        // The host tools directory is the target's: it is not listed twice.
        #expect(
            Array(plan.pathPrepend.prefix(2)) == [
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\x64"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\VC\VCPackages"#,
            ])
    }

    // MARK: - An ARM64 host

    static let arm64Host: [String: String] = WindowsFixture.environment.merging(["PROCESSOR_ARCHITECTURE": "ARM64"]) {
        $1
    }

    @Test func anARM64HostWithoutARM64HostToolsUsesTheX64OnesUnderEmulation() throws {
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(environment: Self.arm64Host))
        guard case .visualStudio(_, let toolset, _) = plan.toolchain else { Issue.record("not Visual Studio"); return }
        #expect(toolset.hostDirectory == "HostX64")
        #expect(toolset.hostArch == "x64")
        #expect(WindowsFixture.value("VSCMD_ARG_HOST_ARCH", in: plan) == "x64")
        #expect(WindowsFixture.value("CommandPromptType", in: plan) == "Cross")
        // The prompt's host architecture is x64, so its LLVM and SDK tools are the x64 ones, as a real ARM64
        // machine's `x64_arm64` prompt lists them (`bin\10.0.26100.0\\x64`, `Llvm\x64\bin`; the runners'
        // README, captured/windows-11-arm-x64_arm64.env). The fixture has no MSBuild\Current\Bin\arm64, so no MSBuild entry.
        #expect(
            plan.pathPrepend == [
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\x64"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\VC\VCPackages"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\MSBuild\Current\bin\Roslyn"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\Llvm\x64\bin"#,
                #"C:\Program Files (x86)\Windows Kits\10\bin\10.0.22621.0\\x64"#,
                #"C:\Program Files (x86)\Windows Kits\10\bin\\x64"#,
                #"C:\Windows\Microsoft.NET\Framework64\v4.0.30319"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\Tools\"#,
            ])
    }

    @Test func llvmFollowsThePromptsHostArchitectureNotTheMachines() throws {
        let llvmARM64 = FixturePath.buildTools + #"\VC\Tools\Llvm\ARM64\bin"#
        let llvmX64 = FixturePath.buildTools + #"\VC\Tools\Llvm\x64\bin"#
        let copy = try FixtureCopy()
        try copy.write(llvmARM64 + #"\lld-link.exe"#, "stub")
        // x64 host tools under emulation: an x64 prompt, x64 LLVM, though ARM64 LLVM is installed.
        let emulated = try WindowsFixture.plan(
            in: WindowsFixture.context(fileSystem: copy.fileSystem, environment: Self.arm64Host))
        #expect(emulated.pathPrepend.contains(llvmX64))
        #expect(!emulated.pathPrepend.contains(llvmARM64))
        // With ARM64 host tools the prompt is ARM64, and so is LLVM.
        try copy.write(FixturePath.buildTools + #"\VC\Tools\MSVC\14.38.33130\bin\HostARM64\arm64\link.exe"#, "stub")
        let native = try WindowsFixture.plan(
            in: WindowsFixture.context(fileSystem: copy.fileSystem, environment: Self.arm64Host))
        #expect(native.pathPrepend.contains(llvmARM64))
        #expect(!native.pathPrepend.contains(llvmX64))
    }

    @Test func anARM64HostWithARM64HostToolsIsNative() throws {
        let copy = try FixtureCopy()
        try copy.write(FixturePath.buildTools + #"\VC\Tools\MSVC\14.38.33130\bin\HostARM64\arm64\link.exe"#, "stub")
        let plan = try WindowsFixture.plan(
            in: WindowsFixture.context(fileSystem: copy.fileSystem, environment: Self.arm64Host))
        #expect(WindowsFixture.value("VSCMD_ARG_HOST_ARCH", in: plan) == "arm64")
        #expect(WindowsFixture.value("CommandPromptType", in: plan) == "Native")
        #expect(
            Array(plan.pathPrepend.prefix(2)) == [
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostARM64\arm64"#,
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\Common7\IDE\VC\VCPackages"#,
            ])
    }
}
