import XenvSystem

/// Every environment variable xenv reads, in one place. `main` reads the process environment once and
/// hands it to the resolvers as an `Environment` value.
public enum EnvironmentVariable: String, CaseIterable, Sendable {
    /// A sysroot to use when `--sysroot` is not given.
    case sysroot = "XENV_SYSROOT"
    /// The state directory when `--out` is not given.
    case home = "XENV_HOME"
    /// cargo-xwin's cache directory; its splat lives in `xwin/` below it.
    case xwinCacheDirectory = "XWIN_CACHE_DIR"
    case path = "PATH"
    case userHome = "HOME"
    case xdgCacheHome = "XDG_CACHE_HOME"
    /// Which rustc to ask for its sysroot (cargo honours it too).
    case rustc = "RUSTC"
    case githubActions = "GITHUB_ACTIONS"
    case runnerTemp = "RUNNER_TEMP"
    case githubEnv = "GITHUB_ENV"
    case githubPath = "GITHUB_PATH"
    case githubOutput = "GITHUB_OUTPUT"
    case githubStepSummary = "GITHUB_STEP_SUMMARY"
    case azurePipelines = "TF_BUILD"
    case gitlabCI = "GITLAB_CI"
    /// Set in Git Bash and other MSYS shells on Windows.
    case msystem = "MSYSTEM"

    // Windows hosts.
    /// Simulates a Windows host whose drives are directories of this path (see `SimulatedWindowsCalls`).
    case windowsRoot = "XENV_WINDOWS_ROOT"
    case processorArchitecture = "PROCESSOR_ARCHITECTURE"
    /// Set for a 32-bit process on a 64-bit Windows: the real host architecture.
    case processorArchitectureWow64 = "PROCESSOR_ARCHITEW6432"
    case programFiles = "ProgramFiles"
    case programFilesX86 = "ProgramFiles(x86)"
    case programData = "ProgramData"
    case localAppData = "LOCALAPPDATA"
    /// `xenv sysroot fetch`: the license accepted without `--accept-license` (CI).
    case acceptLicense = "XENV_ACCEPT_LICENSE"
    case systemRoot = "SystemRoot"
    /// An initialised developer prompt: its Visual Studio and target architecture.
    case vsInstallDirectory = "VSINSTALLDIR"
    case vsTargetArch = "VSCMD_ARG_TGT_ARCH"
    /// A prompt's Visual Studio release (`17.0`) and product version (`17.14.31`).
    case visualStudioVersion = "VisualStudioVersion"
    case vscmdVersion = "VSCMD_VER"
    /// The toolset a prompt was opened with (`-vcvars_ver`), which vcvars.bat keeps; `VCVARS_USER_VERSION` too.
    case vcToolsVersion = "VCToolsVersion"
    case vcvarsUserVersion = "VCVARS_USER_VERSION"
    /// The Windows SDK a prompt was opened with (`-winsdk`), with vcvars' trailing `\`.
    case windowsSDKVersion = "WindowsSDKVersion"
    case include = "INCLUDE"
    case externalInclude = "EXTERNAL_INCLUDE"
    case lib = "LIB"
    case libPath = "LIBPATH"
    case preferredToolArchitecture = "PreferredToolArchitecture"
    case ifcPath = "IFCPATH"
    /// The PATH a first VsDevCmd started from, kept for `-clean_env`.
    case vscmdPreinitPath = "__VSCMD_PREINIT_PATH"
}

extension Environment {
    public subscript(variable: EnvironmentVariable) -> String? {
        self[variable.rawValue]
    }

    /// The value of `variable`, or nil when it is unset or empty (an empty value means "not set" for xenv).
    public func nonEmpty(_ variable: EnvironmentVariable) -> String? {
        guard let value = self[variable], !value.isEmpty else { return nil }
        return value
    }
}
