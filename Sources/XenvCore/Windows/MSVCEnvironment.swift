import XenvSystem
/// What `vcvarsall.bat <host>_<target>` leaves behind for a build, computed from the layout instead of running
/// batch files: the variables compilers, linkers, cc-rs and CMake read (not the .NET Framework ones), in the
/// same exact forms (trailing `\`, the doubled `\\` that VsDevCmd's
/// concatenations produce, list order), optional entries only when their directories exist. List variables
/// keep what the environment already holds after xenv's entries, deduplicated, so nothing grows on a re-run.
struct MSVCEnvironment {
    var fileSystem: FileSystem
    var environment: Environment
    var windowsHost: WindowsHost

    struct Result {
        var assignments: [EnvironmentAssignment]
        /// The directories put in front of PATH, in order.
        var pathPrepend: [String]
        /// The directories a link searches, as in LIB.
        var libraryDirectories: [String]
    }

    func compute(
        target: TargetDescriptor, instance: VisualStudioInstance, toolset: MSVCToolset, sdk: WindowsSDK
    ) -> Result {
        let vsInstallDir = WindowsPath.withTrailingSeparator(instance.path)
        let vcToolsInstallDir = WindowsPath.withTrailingSeparator(toolset.directory)
        let sdkDir = sdk.root
        let version = sdk.version
        let sdkVersionDir = version + "\\"
        let targetArch = target.vsArch
        let libArch = target.msvcLibDir
        let sdkArch = target.sdkLibArch
        let hostArch = toolset.hostArch
        let isCross = hostArch != targetArch

        func existing(_ path: String) -> String? { fileSystem.isDirectory(path) ? path : nil }

        // VsDevCmd spells these by concatenation: `%WindowsSdkDir%\include\%WindowsSDKVersion%\um` gives the
        // doubled separators seen in real prompts; they are kept so values match a developer prompt exactly.
        let include: [String?] = [
            vcToolsInstallDir + "include",
            existing(vcToolsInstallDir + #"ATLMFC\include"#),
            existing(vsInstallDir + #"VC\Auxiliary\VS\include"#),
            sdkDir + #"include\"# + version + #"\ucrt"#,
        ] + ["um", "shared", "winrt", "cppwinrt"].map { existing(sdkDir + #"\include\"# + sdkVersionDir + "\\" + $0) }
        let lib: [String?] = [
            existing(vcToolsInstallDir + #"ATLMFC\lib\"# + libArch),
            vcToolsInstallDir + #"lib\"# + libArch,
            sdkDir + #"lib\"# + version + #"\ucrt\"# + sdkArch,
            sdkDir + #"\lib\"# + sdkVersionDir + #"\um\"# + sdkArch,
        ]
        let libPath: [String?] = [
            existing(vcToolsInstallDir + #"ATLMFC\lib\"# + libArch),
            vcToolsInstallDir + #"lib\"# + libArch,
            existing(vcToolsInstallDir + #"lib\x86\store\references"#),
            existing(sdkDir + #"UnionMetadata\"# + version),
            existing(sdkDir + #"References\"# + version),
            existing(WindowsPath.join(windowsHost.systemRoot, #"Microsoft.NET\Framework64\v4.0.30319"#)),
        ]
        let toolsBin = vcToolsInstallDir + #"bin\"# + toolset.hostDirectory + "\\"
        let sdkBinPath = sdkDir + #"bin\"#
        let sdkVerBinPath = existing(sdkBinPath + sdkVersionDir)
        // VsDevCmd puts only the host's native LLVM directory on PATH.
        let llvmBin = windowsHost.llvmBinDirectories[0]
        let msbuildBin = windowsHost.arch == .arm64 ? #"\MSBuild\Current\Bin\arm64"# : #"\MSBuild\Current\Bin\amd64"#
        let path: [String?] = [
            toolsBin + targetArch,
            isCross ? existing(toolsBin + hostArch) : nil,
            existing(vsInstallDir + #"Common7\IDE\VC\VCPackages"#),
            existing(vsInstallDir + #"Common7\IDE\CommonExtensions\Microsoft\TestWindow"#),
            existing(vsInstallDir + #"Common7\IDE\CommonExtensions\Microsoft\TeamFoundation\Team Explorer"#),
            existing(vsInstallDir + #"MSBuild\Current\bin\Roslyn"#),
            existing(vsInstallDir + #"Team Tools\DiagnosticsHub\Collector"#),
            existing(vsInstallDir + llvmBin),
            sdkVerBinPath.flatMap { existing($0 + "\\" + windowsHost.vsArch) },
            existing(sdkBinPath + "\\" + windowsHost.vsArch),
            existing(vsInstallDir + msbuildBin),
            existing(WindowsPath.join(windowsHost.systemRoot, #"Microsoft.NET\Framework64\v4.0.30319"#)),
            existing(vsInstallDir + #"Common7\IDE\"#),
            existing(vsInstallDir + #"Common7\Tools\"#),
        ]

        let includeEntries = include.compactMap { $0 }
        let libEntries = lib.compactMap { $0 }
        let pathEntries = path.compactMap { $0 }
        var assignments: [EnvironmentAssignment] = [
            EnvironmentAssignment("VSINSTALLDIR", vsInstallDir),
            EnvironmentAssignment("VCINSTALLDIR", vsInstallDir + #"VC\"#),
        ]
        if let ideDir = existing(vsInstallDir + #"Common7\IDE\VC\"#) {
            assignments.append(EnvironmentAssignment("VCIDEInstallDir", ideDir))
        }
        assignments += [
            EnvironmentAssignment("VCToolsInstallDir", vcToolsInstallDir),
            EnvironmentAssignment("VCToolsVersion", toolset.version),
        ]
        if let redist = ToolsetResolver(fileSystem: fileSystem, windowsHost: windowsHost).firstLine(
            of: vsInstallDir + #"VC\Auxiliary\Build\Microsoft.VCRedistVersion.default.txt"#)
        {
            assignments.append(EnvironmentAssignment("VCToolsRedistDir", vsInstallDir + #"VC\Redist\MSVC\"# + redist + "\\"))
        }
        if let visualStudioVersion = instance.visualStudioVersion {
            assignments.append(EnvironmentAssignment("VisualStudioVersion", visualStudioVersion))
            let major = visualStudioVersion.split(separator: ".")[0]
            if let tools = existing(vsInstallDir + #"Common7\Tools\"#) {
                assignments.append(EnvironmentAssignment("VS\(major)0COMNTOOLS", tools))
            }
        }
        if let devEnv = existing(vsInstallDir + #"Common7\IDE\"#) {
            assignments.append(EnvironmentAssignment("DevEnvDir", devEnv))
        }
        assignments += [
            EnvironmentAssignment("WindowsSdkDir", sdkDir),
            EnvironmentAssignment("WindowsSDKVersion", sdkVersionDir),
            EnvironmentAssignment("WindowsSDKLibVersion", sdkVersionDir),
            EnvironmentAssignment("WindowsSdkBinPath", sdkBinPath),
        ]
        if let sdkVerBinPath { assignments.append(EnvironmentAssignment("WindowsSdkVerBinPath", sdkVerBinPath)) }
        assignments += [
            EnvironmentAssignment("WindowsLibPath", sdkDir + #"UnionMetadata\"# + version + ";" + sdkDir + #"References\"# + version),
            EnvironmentAssignment("UniversalCRTSdkDir", sdkDir),
            EnvironmentAssignment("UCRTVersion", version),
            EnvironmentAssignment("VSCMD_ARG_TGT_ARCH", targetArch),
            EnvironmentAssignment("VSCMD_ARG_HOST_ARCH", hostArch),
            EnvironmentAssignment("VSCMD_ARG_app_plat", "Desktop"),
            EnvironmentAssignment("Platform", targetArch),
            EnvironmentAssignment("CommandPromptType", isCross ? "Cross" : "Native"),
        ]
        if isCross { assignments.append(EnvironmentAssignment("PreferredToolArchitecture", hostArch)) }
        if let extensionSDKs = existing(WindowsPath.join(windowsHost.programFilesX86, #"Microsoft SDKs\Windows Kits\10\ExtensionSDKs"#)) {
            assignments.append(EnvironmentAssignment("ExtensionSdkDir", extensionSDKs))
        }
        assignments += [
            EnvironmentAssignment("INCLUDE", merged(includeEntries, into: .include)),
            EnvironmentAssignment("EXTERNAL_INCLUDE", merged(includeEntries, into: .externalInclude)),
            EnvironmentAssignment("LIB", merged(libEntries, into: .lib)),
            EnvironmentAssignment("LIBPATH", merged(libPath.compactMap { $0 }, into: .libPath)),
            EnvironmentAssignment("PATH", merged(pathEntries, into: .path)),
        ]
        return Result(assignments: assignments, pathPrepend: pathEntries, libraryDirectories: libEntries)
    }

    /// `entries`, then what the variable already holds, with later duplicates removed: first one wins.
    private func merged(_ entries: [String], into variable: EnvironmentVariable) -> String {
        let current = (environment[variable] ?? "").split(separator: ";").map(String.init)
        return WindowsPath.deduplicated(entries + current).joined(separator: ";")
    }
}
