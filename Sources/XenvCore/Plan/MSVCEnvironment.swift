import XenvSystem

/// What `vcvarsall.bat <host>_<target>` leaves behind, computed from the layout instead of running batch files:
/// the variables of VsDevCmd's core scripts (`vsdevcmd_start`, `dotnet`, `msbuild`, `winsdk`) and of its
/// `ext\` scripts (`vcvars`, `netfxsdk` and the IDE's: F#, HTML Help, IntelliCode, CMake, vcpkg, ...), in their
/// exact forms (trailing `\`, the doubled `\\` that VsDevCmd's concatenations produce, list order), optional
/// entries only when their directories exist. List variables keep what the environment already holds after
/// xenv's entries, deduplicated, so nothing grows on a re-run. README's "Where xenv differs from vcvarsall"
/// lists the few places that differ on purpose.
struct MSVCEnvironment {
    var fileSystem: FileSystem
    var environment: Environment
    var windowsHost: WindowsHost
    /// The host's registry, for the .NET Framework SDK; nil when there is none to ask.
    var registry: WindowsRegistry?

    struct Result {
        var assignments: [EnvironmentAssignment]
        /// The directories put in front of PATH, in order.
        var pathPrepend: [String]
        /// The directories put after PATH's own entries (VS's CMake, Ninja and vcpkg: a prompt appends them, so
        /// the machine's own CMake keeps winning).
        var pathAppend: [String]
        /// The directories a link searches, as in LIB.
        var libraryDirectories: [String]
    }

    func compute(
        target: TargetDescriptor, instance: VisualStudioInstance, toolset: MSVCToolset, sdk: WindowsSDK
    ) -> Result {
        let root = WindowsPath.withTrailingSeparator(instance.path)  // VSINSTALLDIR
        let tools = WindowsPath.withTrailingSeparator(toolset.directory)  // VCToolsInstallDir
        let kits = sdk.root
        let version = sdk.version
        let versionDirectory = version + "\\"
        let targetArch = target.vsArch
        let hostArch = toolset.hostArch
        let isCross = hostArch != targetArch
        let netfx = NETFrameworkSDK.find(registry: registry, visualStudioMajor: instance.majorVersion)

        func existing(_ path: String) -> String? { fileSystem.isDirectory(path) ? path : nil }

        // vcvars.bat, winsdk.bat and netfxsdk.bat each contribute their INCLUDE part; VsDevCmd (17.3 and later)
        // joins them in that order. `%WindowsSdkDir%\include\%WindowsSDKVersion%\um` gives the doubled separators
        // seen in real prompts; they are kept so values match a developer prompt exactly.
        let include: [String?] =
            [
                tools + "include",
                existing(tools + #"ATLMFC\include"#),
                existing(root + #"VC\Auxiliary\VS\include"#),
                kits + #"include\"# + version + #"\ucrt"#,
            ]
            + ["um", "shared", "winrt", "cppwinrt"].map {
                existing(kits + #"\include\"# + versionDirectory + "\\" + $0)
            }
            + [netfx.flatMap { existing($0.directory + #"include\um"#) }]
        // The prompt's own (ATL and MFC, then MSVC); an arm64ec link searches lib\arm64ec before the arm64 prompt's,
        // as cc-rs has it.
        let msvcLibraries: [String?] =
            (target.msvcPromptLibDir == nil ? [] : [tools + #"lib\"# + target.msvcLibDir]) + [
                existing(tools + #"ATLMFC\lib\"# + target.promptLibDir),
                tools + #"lib\"# + target.promptLibDir,
            ]
        // .NET Framework's libraries sit between MSVC's and the UCRT's, as netfxsdk.bat puts them.
        let lib: [String?] =
            msvcLibraries + [
                netfx.flatMap { existing($0.directory + #"lib\um\"# + target.sdkLibArch) },
                kits + #"lib\"# + version + #"\ucrt\"# + target.sdkLibArch,
                kits + #"\lib\"# + versionDirectory + #"\um\"# + target.sdkLibArch,
            ]
        // winsdk.bat falls back to the unversioned directories when the versioned UnionMetadata is missing.
        let windowsLibPath =
            existing(kits + #"UnionMetadata\"# + version) != nil
            ? [kits + #"UnionMetadata\"# + version, kits + #"References\"# + version]
            : [kits + "UnionMetadata", kits + "References"]
        let framework64 = WindowsPath.join(windowsHost.systemRoot, #"Microsoft.NET\Framework64\v4.0.30319"#)
        let libPath: [String?] =
            [
                existing(tools + #"ATLMFC\lib\"# + target.promptLibDir),
                tools + #"lib\"# + target.promptLibDir,
                existing(tools + #"lib\x86\store\references"#),
            ] + windowsLibPath + [existing(framework64)]

        let toolsBin = tools + #"bin\"# + toolset.hostDirectory + "\\"
        let sdkBinPath = kits + #"bin\"#
        let sdkVerBinPath = existing(sdkBinPath + versionDirectory)
        let htmlHelp = [windowsHost.programFilesX86, windowsHost.programFiles]
            .lazy.compactMap { existing(WindowsPath.join($0, "HTML Help Workshop")) }.first
        let fsharp = existing(root + #"Common7\IDE\CommonExtensions\Microsoft\FSharp\Tools"#)
        // netfxsdk.bat puts the x64 tools on PATH for an x64 host and the x86 ones for any other (ARM64 too).
        let netfxTools = hostArch == "x64" ? netfx?.x64Tools : netfx?.x86Tools
        // Each script prepends, so PATH lists them in the reverse of the order they run: IntelliCode's and vcvars'
        // entries first, then the other ext scripts', winsdk's, msbuild's, dotnet's and vsdevcmd_start's.
        let path: [String?] = [
            existing(root + #"Common7\IDE\\Extensions\Microsoft\IntelliCode\CLI"#),
            toolsBin + targetArch,
            isCross ? existing(toolsBin + hostArch) : nil,
            existing(root + #"Common7\IDE\VC\VCPackages"#),
            existing(root + #"Common7\IDE\CommonExtensions\Microsoft\TestWindow"#),
            existing(root + #"Common7\IDE\CommonExtensions\Microsoft\TeamFoundation\Team Explorer"#),
            existing(root + #"MSBuild\Current\bin\Roslyn"#),
            netfxTools.flatMap { $0.isEmpty ? nil : $0 },
            htmlHelp,
            fsharp,
            existing(root + #"Team Tools\DiagnosticsHub\Collector"#),
            existing(root + #"Common7\IDE\Extensions\Microsoft\CodeCoverage.Console"#),
            // The LLVM and SDK tools of VSCMD_ARG_HOST_ARCH: an ARM64 machine running `x64_arm64` gets the x64 ones.
            existing(root + WindowsHost.llvmBinDirectory(hostArch: hostArch)),
            sdkVerBinPath.flatMap { existing($0 + "\\" + hostArch) },
            existing(sdkBinPath + "\\" + hostArch),
            // msbuild.bat picks by the machine, not by -host_arch (an ARM64 machine's x64_arm64 prompt has arm64).
            existing(
                root + (windowsHost.arch == .arm64 ? #"\MSBuild\Current\Bin\arm64"# : #"\MSBuild\Current\Bin\amd64"#)),
            existing(framework64),
            existing(root + #"Common7\IDE\"#),
            existing(root + #"Common7\Tools\"#),
        ]
        let pathAppend = [
            existing(root + #"Common7\IDE\CommonExtensions\Microsoft\CMake\CMake\bin"#),
            existing(root + #"Common7\IDE\CommonExtensions\Microsoft\CMake\Ninja"#),
            existing(root + #"Common7\IDE\VC\Linux\bin\ConnectionManagerExe"#),
            existing(root + #"VC\vcpkg"#),
        ].compactMap { $0 }

        let includeEntries = include.compactMap { $0 }
        let libEntries = lib.compactMap { $0 }
        let pathEntries = path.compactMap { $0 }
        var assignments: [EnvironmentAssignment] = []
        func set(_ name: String, _ value: String?) {
            if let value { assignments.append(EnvironmentAssignment(name, value)) }
        }
        set("VSINSTALLDIR", root)
        set("VCINSTALLDIR", root + #"VC\"#)
        // vcvars.bat sets it whenever VC\ exists, and a toolset was found there, so always; the IDE's folder may be
        // missing (Build Tools).
        set("VCIDEInstallDir", root + #"Common7\IDE\VC\"#)
        set("VCToolsInstallDir", tools)
        set("VCToolsVersion", toolset.version)
        let redist = ToolsetResolver(fileSystem: fileSystem, windowsHost: windowsHost)
            .firstLine(of: root + #"VC\Auxiliary\Build\Microsoft.VCRedistVersion.default.txt"#)
        set("VCToolsRedistDir", redist.flatMap { existing(root + #"VC\Redist\MSVC\"# + $0 + "\\") })
        if let visualStudioVersion = instance.visualStudioVersion {
            set("VisualStudioVersion", visualStudioVersion)
            set("VSCMD_VER", instance.vscmdVersion)
            let major = visualStudioVersion.split(separator: ".")[0]
            set("VS\(major)0COMNTOOLS", existing(root + #"Common7\Tools\"#))
        }
        set("DevEnvDir", existing(root + #"Common7\IDE\"#))
        set("WindowsSdkDir", kits)
        set("WindowsSDKVersion", versionDirectory)
        set("WindowsSDKLibVersion", versionDirectory)
        set("WindowsSdkBinPath", sdkBinPath)
        set("WindowsSdkVerBinPath", sdkVerBinPath)
        set("WindowsLibPath", windowsLibPath.joined(separator: ";"))
        set("UniversalCRTSdkDir", kits)
        set("UCRTVersion", version)
        set("NETFXSDKDir", netfx?.directory)
        set("WindowsSDK_ExecutablePath_x64", netfx?.x64Tools)
        set("WindowsSDK_ExecutablePath_x86", netfx?.x86Tools)
        assignments += dotnetVariables(hostArch: hostArch, targetArch: targetArch)
        set("VSCMD_ARG_TGT_ARCH", targetArch)
        set("VSCMD_ARG_HOST_ARCH", hostArch)
        set("VSCMD_ARG_app_plat", "Desktop")
        set("Platform", targetArch)
        set("CommandPromptType", isCross ? "Cross" : "Native")
        // vcvars.bat sets it in a cross prompt on an x64 host and clears it in a native one.
        if isCross && hostArch == "x64" {
            set("PreferredToolArchitecture", "x64")
        } else if !isCross && environment.nonEmpty(.preferredToolArchitecture) != nil {
            set("PreferredToolArchitecture", "")
        }
        // vcvars.bat tries %ProgramFiles% first and lets %ProgramFiles(x86)% win.
        set(
            "ExtensionSdkDir",
            [windowsHost.programFilesX86, windowsHost.programFiles]
                .lazy.compactMap { existing(WindowsPath.join($0, #"Microsoft SDKs\Windows Kits\10\ExtensionSDKs"#)) }
                .first)
        // vcvars.bat keeps an IFCPATH already set; xenv keeps one only from a prompt for the same architecture (so
        // a re-run prints the same variables), not an x64 prompt's `ifc\x64` in an arm64 plan.
        let promptIFCPath =
            environment[.vsTargetArch]?.lowercased() == targetArch ? environment.nonEmpty(.ifcPath) : nil
        set("IFCPATH", promptIFCPath ?? existing(tools + #"ifc\"# + targetArch))
        set("FSHARPINSTALLDIR", fsharp)
        set("HTMLHelpDir", htmlHelp)
        set("VCPKG_ROOT", existing(root + #"VC\vcpkg"#))
        if let vssdk = existing(root + "VSSDK") {
            set("VSSDK150INSTALL", vssdk)
            set("VSSDKINSTALL", vssdk)
        }
        // VsDevCmd keeps the PATH it started from (only the first time), for `-clean_env`.
        set("__VSCMD_PREINIT_PATH", environment.nonEmpty(.vscmdPreinitPath) ?? environment[.path] ?? "")
        set("INCLUDE", merged(includeEntries, into: .include))
        set("EXTERNAL_INCLUDE", merged(includeEntries, into: .externalInclude))
        set("LIB", merged(libEntries, into: .lib))
        set("LIBPATH", merged(libPath.compactMap { $0 }, into: .libPath))
        set("PATH", merged(pathEntries, into: .path, appending: pathAppend))
        return Result(
            assignments: assignments, pathPrepend: pathEntries, pathAppend: pathAppend, libraryDirectories: libEntries)
    }

    /// core\dotnet.bat's variables: the framework of the host's bitness (x64 for an ARM64 host too: it runs the
    /// 64-bit .NET Framework), the 32-bit one as well when the host or the target is x86.
    private func dotnetVariables(hostArch: String, targetArch: String) -> [EnvironmentAssignment] {
        let frameworkRoot = WindowsPath.join(windowsHost.systemRoot, "Microsoft.NET")
        let framework64 = WindowsPath.withTrailingSeparator(WindowsPath.join(frameworkRoot, "Framework64"))
        var variables = [
            EnvironmentAssignment("Framework40Version", "v4.0"),
            EnvironmentAssignment(
                "FrameworkDir",
                hostArch == "x86"
                    ? WindowsPath.withTrailingSeparator(WindowsPath.join(frameworkRoot, "Framework")) : framework64),
            EnvironmentAssignment("FrameworkDir64", framework64),
            EnvironmentAssignment("FrameworkVersion", "v4.0.30319"),
            EnvironmentAssignment("FrameworkVersion64", "v4.0.30319"),
        ]
        if hostArch == "x86" || targetArch == "x86" {
            variables += [
                EnvironmentAssignment(
                    "FrameworkDir32", WindowsPath.withTrailingSeparator(WindowsPath.join(frameworkRoot, "Framework"))),
                EnvironmentAssignment("FrameworkVersion32", "v4.0.30319"),
            ]
        }
        variables += [
            EnvironmentAssignment("__DOTNET_ADD_64BIT", "1"),
            EnvironmentAssignment("__DOTNET_PREFERRED_BITNESS", hostArch == "x86" ? "32" : "64"),
        ]
        return variables
    }

    /// `entries`, then what the variable already holds, then `appending`, with later duplicates removed: the first
    /// one wins.
    private func merged(_ entries: [String], into variable: EnvironmentVariable, appending: [String] = []) -> String {
        let current = (environment[variable] ?? "").split(separator: ";").map(String.init)
        return WindowsPath.deduplicated(entries + current + appending).joined(separator: ";")
    }
}
