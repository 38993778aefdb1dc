import XenvSystem

/// How a host builds for a Windows target, as a strategy (swift-driver's `Toolchain` per platform): an xwin
/// sysroot and LLVM (`SysrootToolchain`: Linux and macOS, and Windows without Visual Studio), or Visual Studio and
/// the Windows SDK (`VisualStudioToolchain`: Windows). `Planner` picks one and does everything else the same way:
/// where the files go, the shim, the cargo config and the CMake toolchain file.
protocol HostToolchain {
    /// Refuses options this toolchain cannot honour, before anything is looked at.
    func check(_ request: PlanRequest) throws(XenvError)
    /// Finds the headers, libraries and tools for `target` and computes the host's variables; `files` says
    /// where xenv's own files for the target go.
    func resolve(
        _ request: PlanRequest, target: TargetDescriptor, files: TargetFiles, notes: inout [String]
    )
        throws(XenvError) -> HostPlan
}

/// Where a target's files go: one directory a target in the state directory, the CMake toolchain file beside it.
struct TargetFiles: Equatable, Sendable {
    var stateRoot: String
    /// `<state>/<triple>`.
    var directory: String
    /// The installed shim, when the linker needs one.
    var shim: String
    var cargoConfig: String
    var cmakeToolchain: String

    init(stateRoot: String, target: TargetDescriptor, host: Host) {
        let style = host.pathStyle
        self.stateRoot = stateRoot
        directory = style.join(stateRoot, target.triple)
        shim = style.join(directory, host.executableName("xenv-link"))
        cargoConfig = style.join(directory, "cargo-config.toml")
        cmakeToolchain = style.join(stateRoot, "\(target.triple)-toolchain.cmake")
    }
}

/// What a host resolved for a target.
struct HostPlan {
    var toolchain: Plan.Toolchain
    var tools: Tools
    /// The variables after `CARGO_TARGET_<T>_LINKER`, in order.
    var variables: [EnvironmentAssignment]
    /// The variables the standalone cargo config carries in `[env]`.
    var cargoEnvironment: [EnvironmentAssignment] = []
    /// The directories the shim hands the linker.
    var libraryDirectories: [String]
    /// What the CMake toolchain file names; nil when there is no C compiler (and so no file).
    var cmake: CMakeInputs?
    var pathPrepend: [String] = []
    var pathAppend: [String] = []
    /// The host's own files in the target's directory (the `llvm-lib` link to llvm-ar), after the shim's.
    var files: [PlannedFile] = []
    var warnings: [String] = []
}

/// The CMake toolchain file's inputs besides the target and the linker.
struct CMakeInputs {
    var compiler: String
    var archiver: String?
    /// Standard include directories (a sysroot's); none where the environment carries INCLUDE.
    var includeDirectories: [String] = []
    /// Whether the file loads the rules override that keeps clang-cl from reading `/Users/x.c` as an option:
    /// only where a POSIX path can reach it.
    var overridesRules: Bool
    /// Whether the file makes every configuration use the release DLL runtime unless the project chose one:
    /// for a sysroot without the debug CRT (`msvcrtd.lib`), which CMake's Debug configuration would name.
    var releaseRuntimeOnly = false
}
