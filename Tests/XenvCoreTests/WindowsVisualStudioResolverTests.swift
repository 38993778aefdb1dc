import Foundation
import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsVisualStudioResolverTests {
    struct Resolved {
        var instance: VisualStudioInstance
        var toolset: MSVCToolset
        var notes: [String]
    }

    static func resolve(
        _ fileSystem: FileSystem = WindowsFixture.fileSystem, target: String = "arm64",
        request: VisualStudioRequest = VisualStudioRequest(),
        environment: [String: String] = WindowsFixture.environment,
        processRunner: ProcessRunner = FakeProcessRunner()
    ) throws(XenvError) -> Resolved {
        let environment = Environment(environment, caseInsensitiveNames: true)
        var notes: [String] = []
        let (instance, toolset) = try VisualStudioResolver(
            fileSystem: fileSystem, environment: environment, windowsHost: WindowsHost(environment: environment),
            processRunner: processRunner
        ).resolve(target: Catalog.descriptor(target), request: request, notes: &notes)
        return Resolved(instance: instance, toolset: toolset, notes: notes)
    }

    static let buildTools2022 = VisualStudioInstance(
        path: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#,
        version: DottedVersion("17.14.37216.2"),
        name: "Visual Studio Build Tools 2022 17.14.31 (April 2026)", isPrerelease: false,
        components: [
            "Microsoft.VisualStudio.Workload.VCTools", "Microsoft.VisualStudio.Component.VC.Tools.x86.x64",
            "Microsoft.VisualStudio.Component.VC.Tools.ARM64", "Microsoft.VisualStudio.Component.VC.Llvm.Clang",
            "Microsoft.VisualStudio.Component.Windows11SDK.22621", "Microsoft.VisualStudio.Product.BuildTools",
        ],
        source: .instanceRecord, semanticVersion: "17.14.31")

    static func toolset2022(_ version: String) -> MSVCToolset {
        MSVCToolset(
            version: version,
            directory: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\"# + version,
            hostDirectory: "HostX64", hostArch: "x64")
    }

    /// VS 2026 Preview (18.0) with the ARM64 component and a complete ARM64 toolset, newer than everything else.
    static func addPrerelease(
        to copy: FixtureCopy, components: [String] = ["Microsoft.VisualStudio.Component.VC.Tools.ARM64"]
    ) throws {
        let packages = components.map { #"{"id":"\#($0)","type":"Component","selectedState":"IndividuallySelected"}"# }
        try copy.write(
            FixturePath.instances + #"\f00dcafe\state.json"#,
            """
            {"installationName":"VisualStudioPreview/18.0.0-pre.1.0+11010.1",\
            "catalogInfo":{"buildVersion":"18.0.11010.1","productDisplayVersion":"18.0.0 Preview 1.0","productMilestoneIsPreRelease":"True"},\
            "installationPath":"C:\\\\Program Files\\\\Microsoft Visual Studio\\\\18\\\\Preview","installationVersion":"18.0.11010.1",\
            "channelId":"VisualStudio.18.Preview",\
            "localizedResources":[{"language":"en-us","title":"Visual Studio Enterprise 2026 Preview"}],\
            "selectedPackages":[\(packages.joined(separator: ","))]}
            """)
        let toolset = #"C:\Program Files\Microsoft Visual Studio\18\Preview\VC\Tools\MSVC\14.50.35503"#
        try copy.write(toolset + #"\lib\arm64\msvcrt.lib"#, "stub")
        try copy.write(toolset + #"\bin\HostX64\arm64\link.exe"#, "stub")
    }

    /// The 2022 record with the ARM64 component taken out (ARM64EC stays: a near miss must not count).
    static func dropARM64Component(in copy: FixtureCopy) throws {
        let text = try #require(copy.read(FixturePath.buildToolsRecord))
        let edited = text.replacingOccurrences(
            of: #""Microsoft.VisualStudio.Component.VC.Tools.ARM64""#,
            with: #""Microsoft.VisualStudio.Component.VC.Tools.ARM64EC""#)
        #expect(edited != text)
        try copy.write(FixturePath.buildToolsRecord, edited)
    }

    // MARK: - Instance records on the fixture

    @Test func arm64TakesBuildTools2022WithTheToolsetNamedByDefaultTxt() throws {
        let resolved = try Self.resolve()
        #expect(resolved.instance == Self.buildTools2022)
        // 14.44.35207 is newer and complete, but default.txt names 14.38.33130.
        #expect(resolved.toolset == Self.toolset2022("14.38.33130"))
        #expect(
            resolved.notes == [
                "toolset: 14.38.33130 is named by Microsoft.VCToolsVersion.default.txt",
                "toolset: 14.38.33130 taken (HostX64)",
                #"Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools (instance record, Visual Studio Build Tools 2022 17.14.31 (April 2026)) taken"#,
                #"Visual Studio: C:\Program Files\Microsoft Visual Studio\2019\Enterprise (instance record, Visual Studio Enterprise 2019 16.11.45) passed over: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools ranks first"#,
            ])
    }

    @Test func withoutDefaultTxtTheStubIsPassedOverForTheNewestCompleteToolset() throws {
        let copy = try FixtureCopy(removing: [FixturePath.defaultToolsetFile])
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(resolved.toolset == Self.toolset2022("14.44.35207"))
        #expect(
            Array(resolved.notes.prefix(2)) == [
                #"toolset: 14.51.36014 passed over: no lib\arm64\msvcrt.lib"#,
                "toolset: 14.44.35207 taken (HostX64)",
            ])
    }

    @Test func toolsetOptionTakesTheNewestVersionWithThatPrefix() throws {
        #expect(
            try Self.resolve(request: VisualStudioRequest(toolset: "14.44")).toolset == Self.toolset2022("14.44.35207"))
        #expect(
            try Self.resolve(request: VisualStudioRequest(toolset: "14.44.35207")).toolset
                == Self.toolset2022("14.44.35207"))
        #expect(
            try Self.resolve(target: "x64", request: VisualStudioRequest(toolset: "14.29")).toolset
                == Self.toolset2022("14.29.30133"))
        // A prefix ends at a dot: 14.3 is not 14.38.
        #expect(
            thrownError { try Self.resolve(target: "x64", request: VisualStudioRequest(toolset: "14.3")) }?.description
                == #"no MSVC toolset matching --toolset 14.3 in C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC serves x86_64-pc-windows-msvc (installed: 14.51.36014, 14.44.35207, 14.38.33130, 14.29.30133); install the component Microsoft.VisualStudio.Component.VC.Tools.x86.x64 with the Visual Studio Installer"#
        )
    }

    @Test func toolsetOptionWithoutARM64LibrariesIsToolsetNotFound() {
        #expect(
            thrownError { try Self.resolve(request: VisualStudioRequest(toolset: "14.29")) }?.description
                == #"no MSVC toolset matching --toolset 14.29 in C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC serves aarch64-pc-windows-msvc (14.29.30133: no lib\arm64\msvcrt.lib); install the component Microsoft.VisualStudio.Component.VC.Tools.ARM64 with the Visual Studio Installer"#
        )
    }

    @Test func x64TakesBuildTools2022Too() throws {
        let resolved = try Self.resolve(target: "x64")
        #expect(resolved.instance == Self.buildTools2022)
        #expect(resolved.toolset == Self.toolset2022("14.38.33130"))
    }

    // MARK: - --vs and the developer prompt

    @Test func vsOptionTakesThatInstallationOnly() throws {
        let resolved = try Self.resolve(
            target: "x64",
            request: VisualStudioRequest(path: "C:/Program Files/Microsoft Visual Studio/2019/Enterprise/"))
        // The install's own record names it: the prompt variables come from its real version.
        #expect(resolved.instance.path == #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#)
        #expect(resolved.instance.source == .option)
        #expect(resolved.instance.version == DottedVersion("16.11.35431.28"))
        #expect(resolved.instance.vscmdVersion == "16.11.45")
        #expect(resolved.toolset.version == "14.29.30133")
    }

    @Test func vsOptionWithoutARM64ToolsIsToolsetNotFound() {
        #expect(
            thrownError {
                try Self.resolve(
                    request: VisualStudioRequest(path: #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#))
            }?
            .description
                == #"no MSVC toolset in C:\Program Files\Microsoft Visual Studio\2019\Enterprise\VC\Tools\MSVC serves aarch64-pc-windows-msvc (14.29.30133: no lib\arm64\msvcrt.lib); install the component Microsoft.VisualStudio.Component.VC.Tools.ARM64 with the Visual Studio Installer"#
        )
    }

    @Test func vsOptionThatIsNoDirectoryIsAnInvalidPath() {
        #expect(
            thrownError { try Self.resolve(request: VisualStudioRequest(path: #"C:\VS\nowhere"#)) }?.description
                == #"--vs 'C:\VS\nowhere' cannot be used: it is not a directory; pass a Visual Studio installation directory"#
        )
    }

    @Test func aDeveloperPromptForTheTargetIsTakenFirst() throws {
        var environment = WindowsFixture.environment
        environment["VSINSTALLDIR"] = #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\"#
        environment["VSCMD_ARG_TGT_ARCH"] = "arm64"
        let resolved = try Self.resolve(environment: environment)
        // The prompt's directory has an instance record: that is the instance, found through the prompt.
        var promptInstance = Self.buildTools2022
        promptInstance.source = .developerPrompt
        #expect(resolved.instance == promptInstance)
        #expect(resolved.toolset == Self.toolset2022("14.38.33130"))
        #expect(
            resolved.notes.last
                == #"Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools (developer prompt) taken"#
        )

        // It wins over a newer instance: a 2019 prompt for x64 keeps 2019.
        environment["VSINSTALLDIR"] = #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise\"#
        environment["VSCMD_ARG_TGT_ARCH"] = "x64"
        let x64 = try Self.resolve(target: "x64", environment: environment)
        #expect(x64.instance.path == #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#)
        #expect(x64.instance.source == .developerPrompt)
        #expect(x64.instance.version == DottedVersion("16.11.35431.28"))
    }

    @Test func aDeveloperPromptForAnotherArchitectureIsPassedOverWithANote() throws {
        var environment = WindowsFixture.environment
        environment["VSINSTALLDIR"] = #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\"#
        environment["VSCMD_ARG_TGT_ARCH"] = "x64"
        let resolved = try Self.resolve(environment: environment)
        #expect(resolved.instance == Self.buildTools2022)
        #expect(
            resolved.notes.first
                == #"Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\ (developer prompt) passed over: it targets 'x64', not arm64"#
        )
    }

    // MARK: - Prerelease instances

    @Test func aNewerPrereleaseIsNotTakenByDefault() throws {
        let copy = try FixtureCopy()
        try Self.addPrerelease(to: copy)
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(resolved.instance == Self.buildTools2022)
        #expect(
            resolved.notes.contains(
                #"Visual Studio: C:\Program Files\Microsoft Visual Studio\18\Preview (instance record, Visual Studio Enterprise 2026 Preview 18.0.0 Preview 1.0) passed over: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools ranks first"#
            ))
    }

    @Test func aNewerPrereleaseIsTakenWithPrerelease() throws {
        let copy = try FixtureCopy()
        try Self.addPrerelease(to: copy)
        let resolved = try Self.resolve(copy.fileSystem, request: VisualStudioRequest(allowPrerelease: true))
        #expect(
            resolved.instance
                == VisualStudioInstance(
                    path: #"C:\Program Files\Microsoft Visual Studio\18\Preview"#,
                    version: DottedVersion("18.0.11010.1"),
                    name: "Visual Studio Enterprise 2026 Preview 18.0.0 Preview 1.0", isPrerelease: true,
                    components: ["Microsoft.VisualStudio.Component.VC.Tools.ARM64"], source: .instanceRecord))
        #expect(
            resolved.toolset
                == MSVCToolset(
                    version: "14.50.35503",
                    directory: #"C:\Program Files\Microsoft Visual Studio\18\Preview\VC\Tools\MSVC\14.50.35503"#,
                    hostDirectory: "HostX64", hostArch: "x64"))
    }

    @Test func aPrereleaseIsTakenWhenNothingElseServes() throws {
        let copy = try FixtureCopy()
        try Self.addPrerelease(to: copy)
        try Self.dropARM64Component(in: copy)
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(resolved.instance.path == #"C:\Program Files\Microsoft Visual Studio\18\Preview"#)
        #expect(resolved.instance.isPrerelease)
        #expect(
            resolved.notes.contains(
                #"Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools (instance record, Visual Studio Build Tools 2022 17.14.31 (April 2026)) passed over: no component Microsoft.VisualStudio.Component.VC.Tools.ARM64"#
            ))
    }

    // MARK: - Discovery

    @Test func aRecordWhoseDirectoryIsGoneIsPassedOver() throws {
        let copy = try FixtureCopy()
        // Newer than the 2022 Build Tools and with the component, but uninstalled by hand.
        try copy.write(
            FixturePath.instances + #"\0badf00d\state.json"#,
            #"""
            {"installationPath":"C:\\Program Files\\Microsoft Visual Studio\\2022\\Community","installationVersion":"17.20.1.0",
             "localizedResources":[{"language":"en-us","title":"Visual Studio Community 2022"}],
             "catalogInfo":{"productDisplayVersion":"17.20.0"},
             "selectedPackages":[{"id":"Microsoft.VisualStudio.Component.VC.Tools.ARM64","selectedState":"GroupSelected"}]}
            """#)
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(resolved.instance == Self.buildTools2022)
        #expect(
            resolved.notes.contains(
                #"Visual Studio: C:\Program Files\Microsoft Visual Studio\2022\Community (instance record, Visual Studio Community 2022 17.20.0) passed over: the directory does not exist"#
            ))
    }

    @Test func aFileThatIsNoRecordIsPassedOverWithANote() throws {
        let copy = try FixtureCopy()
        try copy.write(FixturePath.instances + #"\deadbeef\state.json"#, "{ truncated")
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(resolved.instance == Self.buildTools2022)
        #expect(
            resolved.notes.first
                == #"Visual Studio: C:\ProgramData\Microsoft\VisualStudio\Packages\_Instances\deadbeef\state.json passed over: not an instance record"#
        )
    }

    @Test func withoutInstanceRecordsTheWellKnownRootsAreScanned() throws {
        let copy = try FixtureCopy(removing: [FixturePath.instances])
        let resolved = try Self.resolve(copy.fileSystem)
        #expect(
            resolved.instance
                == VisualStudioInstance(
                    path: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#,
                    version: DottedVersion("17"),
                    name: "Visual Studio 2022 BuildTools", isPrerelease: false, components: nil, source: .wellKnownRoot)
        )
        #expect(resolved.toolset == Self.toolset2022("14.38.33130"))
        #expect(
            resolved.notes.last
                == #"Visual Studio: C:\Program Files\Microsoft Visual Studio\2019\Enterprise (well-known root, Visual Studio 2019 Enterprise) passed over: C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools ranks first"#
        )
    }

    @Test func visualStudioWithoutTheARM64ComponentNamesTheInstallerCommand() throws {
        for removing in [[], [FixturePath.enterpriseRecord]] {
            // With or without the (equally lacking) 2019 record, the answer names the 2022 Build Tools.
            let copy = try FixtureCopy(removing: removing)
            try Self.dropARM64Component(in: copy)
            #expect(
                thrownError { try Self.resolve(copy.fileSystem) }?.description == Self.buildToolsLackARM64,
                "\(removing)")
        }
    }

    static let buildToolsLackARM64 =
        #"Visual Studio Build Tools 2022 17.14.31 (April 2026) at C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools lacks the component Microsoft.VisualStudio.Component.VC.Tools.ARM64 that aarch64-pc-windows-msvc needs; add it with `"C:\Program Files (x86)\Microsoft Visual Studio\Installer\vs_installer.exe" modify --installPath "C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools" --add Microsoft.VisualStudio.Component.VC.Tools.ARM64 --passive`"#

    @Test func noVisualStudioAtAllSaysWhereItLookedAndWhatToInstall() {
        let memory = InMemoryFileSystem()
        memory.addDirectory("/w/C")
        let windows = simulatedWindows(memory)
        #expect(
            thrownError { try Self.resolve(windows) }?.description
                == #"no Visual Studio with the C++ tools for aarch64-pc-windows-msvc found (looked in C:\ProgramData\Microsoft\VisualStudio\Packages\_Instances, C:\Program Files and C:\Program Files (x86)\Microsoft Visual Studio); install the Build Tools with `vs_BuildTools.exe --add Microsoft.VisualStudio.Workload.VCTools --add Microsoft.VisualStudio.Component.VC.Tools.ARM64` or pass --vs DIR, or build without Visual Studio from the CRT and SDK that `xenv sysroot fetch --accept-license --arch aarch64` downloads"#
        )
        // No sysroot can build arm64ec, so the error does not offer one.
        let arm64ec = thrownError { try Self.resolve(windows, target: "arm64ec") }?.description ?? ""
        #expect(arm64ec.hasSuffix("or pass --vs DIR"), "\(arm64ec)")
    }

    // MARK: - vswhere

    static let vswhere = #"C:\Program Files (x86)\Microsoft Visual Studio\Installer\vswhere.exe"#
    static let vswhereArguments = ["-products", "*", "-prerelease", "-format", "json", "-utf8"]

    /// The fixture's vswhere.exe is a stub, no program: the simulated host's calls fail to start it, as
    /// Windows fails to start a broken executable, and the well-known roots stand in.
    @Test func aVswhereThatCannotStartLeavesTheWellKnownRoots() throws {
        let copy = try FixtureCopy(removing: [FixturePath.instances])
        #expect(copy.fileSystem.isFile(Self.vswhere))
        let environment = Environment(WindowsFixture.environment, caseInsensitiveNames: true)
        let resolved = try Self.resolve(
            copy.fileSystem, processRunner: WindowsProcessRunner(calls: copy.calls, environment: environment))
        #expect(resolved.instance.source == .wellKnownRoot)
        #expect(resolved.notes.contains("Visual Studio: \(Self.vswhere) failed"))
    }

    @Test func vswhereRunsOnlyWhenThereAreNoInstanceRecords() throws {
        let runner = RecordingProcessRunner(answers: [
            ([Self.vswhere] + Self.vswhereArguments).joined(separator: " "): output(
                #"""
                [{"installationPath":"C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools",
                  "installationVersion":"17.14.37216.2","isPrerelease":false,"displayName":"Visual Studio Build Tools 2022",
                  "catalog":{"productDisplayVersion":"17.14.31 (April 2026)"}}]
                """#)
        ])
        // Records present: they are read and vswhere is not asked.
        #expect(try Self.resolve(processRunner: runner).instance == Self.buildTools2022)
        #expect(runner.calls.isEmpty)

        let copy = try FixtureCopy(removing: [FixturePath.instances])
        let resolved = try Self.resolve(copy.fileSystem, processRunner: runner)
        #expect(runner.calls == [[Self.vswhere] + Self.vswhereArguments])
        #expect(
            resolved.instance
                == VisualStudioInstance(
                    path: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#,
                    version: DottedVersion("17.14.37216.2"),
                    name: "Visual Studio Build Tools 2022 17.14.31 (April 2026)", isPrerelease: false, components: nil,
                    source: .vswhere))
    }

    @Test func aFailingVswhereLeavesTheWellKnownRoots() throws {
        let copy = try FixtureCopy(removing: [FixturePath.instances])
        let runner = RecordingProcessRunner()
        let resolved = try Self.resolve(copy.fileSystem, processRunner: runner)
        #expect(runner.calls.count == 1)
        #expect(resolved.instance.source == .wellKnownRoot)
        #expect(
            resolved.notes.contains(
                #"Visual Studio: C:\Program Files (x86)\Microsoft Visual Studio\Installer\vswhere.exe failed"#))
    }
}
