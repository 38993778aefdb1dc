import XenvSystem

/// The facts of a Windows host: its architecture, known folders and Windows SDK root, each with the standard
/// default, so a bare simulated host looks like a stock installation.
public struct WindowsHost: Equatable, Sendable {
    public var arch: Host.Arch
    public var programFiles: String
    public var programFilesX86: String
    public var programData: String
    public var localAppData: String
    public var systemRoot: String
    /// `KitsRoot10` from the registry, as winsdk.bat reads it; nil when the registry has none.
    public var registryKitsRoot: String?

    /// - Parameter calls: the host's system calls, asked for the native architecture and the registry; without
    ///   them (or when they cannot tell) the architecture comes from `PROCESSOR_ARCHITEW6432`, then
    ///   `PROCESSOR_ARCHITECTURE`, which an x64 process emulated on ARM64 sees as AMD64.
    public init(environment: Environment, calls: (any WindowsCalls)? = nil) {
        switch calls?.nativeMachine() {
        case ImageFileMachine.arm64?: arch = .arm64
        case ImageFileMachine.amd64?: arch = .x86_64
        default:
            // PROCESSOR_ARCHITEW6432 names the real host when a 32-bit process runs under WOW64.
            let named =
                environment.nonEmpty(.processorArchitectureWow64) ?? environment.nonEmpty(.processorArchitecture)
                ?? "AMD64"
            arch = named.uppercased() == "ARM64" ? .arm64 : .x86_64
        }
        registryKitsRoot = calls.flatMap {
            WindowsRegistry(calls: $0).string(#"SOFTWARE\Microsoft\Windows Kits\Installed Roots"#, "KitsRoot10")
        }
        func folder(_ variable: EnvironmentVariable, _ fallback: String) -> String {
            WindowsPath.withoutTrailingSeparator(environment.nonEmpty(variable) ?? fallback)
        }
        programFiles = folder(.programFiles, #"C:\Program Files"#)
        programFilesX86 = folder(.programFilesX86, #"C:\Program Files (x86)"#)
        programData = folder(.programData, #"C:\ProgramData"#)
        localAppData = folder(.localAppData, #"C:\Users\Default\AppData\Local"#)
        systemRoot = folder(.systemRoot, #"C:\Windows"#)
    }

    public var host: Host { Host(os: .windows, arch: arch) }

    /// Visual Studio's name for the host architecture (`VSCMD_ARG_HOST_ARCH`).
    public var vsArch: String { arch == .arm64 ? "arm64" : "x64" }

    /// The toolset's host tool directories to try, best first: an ARM64 host runs x64 tools under emulation.
    public var toolsetHostDirectories: [(directory: String, arch: String)] {
        arch == .arm64 ? [("HostARM64", "arm64"), ("HostX64", "x64")] : [("HostX64", "x64")]
    }

    /// Where the VS Installer keeps one record a Visual Studio instance.
    public var instanceRecordsDirectory: String {
        WindowsPath.join(programData, #"Microsoft\VisualStudio\Packages\_Instances"#)
    }

    public var vswherePath: String {
        WindowsPath.join(programFilesX86, #"Microsoft Visual Studio\Installer\vswhere.exe"#)
    }

    public var vsInstallerPath: String {
        WindowsPath.join(programFilesX86, #"Microsoft Visual Studio\Installer\vs_installer.exe"#)
    }

    /// The LLVM bin directory VsDevCmd puts on PATH for `VSCMD_ARG_HOST_ARCH`.
    static func llvmBinDirectory(hostArch: String) -> String {
        switch hostArch {
        case "arm64": #"VC\Tools\Llvm\ARM64\bin"#
        case "x86": #"VC\Tools\Llvm\bin"#
        default: #"VC\Tools\Llvm\x64\bin"#
        }
    }

    /// Visual Studio's LLVM bin directories for this host, best first: an ARM64 host prefers native tools and
    /// runs the x64 ones under emulation.
    public var llvmBinDirectories: [String] {
        arch == .arm64 ? [#"VC\Tools\Llvm\ARM64\bin"#, #"VC\Tools\Llvm\x64\bin"#] : [#"VC\Tools\Llvm\x64\bin"#]
    }

    /// Where Visual Studio installs by default, newest first: both Program Files roots, the release years
    /// (and `18`, which VS 2026 uses instead of a year), the editions.
    public var wellKnownInstallRoots: [String] {
        var roots: [String] = []
        for release in ["18", "2022", "2019", "2017"] {
            for base in [programFiles, programFilesX86] {
                // Preview is VS 2022's prerelease channel, Insiders VS 2026's.
                for edition in ["Enterprise", "Professional", "Community", "BuildTools", "Preview", "Insiders"] {
                    roots.append(WindowsPath.join(base, "Microsoft Visual Studio", release, edition))
                }
            }
        }
        return roots
    }

    /// The Windows SDK's default root, used when the registry has no `KitsRoot10`.
    public var defaultKitsRoot: String {
        WindowsPath.withTrailingSeparator(WindowsPath.join(programFilesX86, #"Windows Kits\10"#))
    }

    /// The Windows SDK root: the registry's `KitsRoot10`, else the default.
    public var kitsRoot: String { registryKitsRoot.map(WindowsPath.withTrailingSeparator) ?? defaultKitsRoot }
}
