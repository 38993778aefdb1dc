import XenvSystem

/// What a command was asked to do; the command line parses into this.
public struct PlanRequest: Equatable, Sendable {
    public var target: String
    public var sysroot: String?
    public var linker: LinkerChoice
    public var stateDirectory: String?
    /// `--vs`, `--toolset`, `--sdk`, `--prerelease`: Windows hosts only.
    public var visualStudio: VisualStudioRequest
    /// `--cc`: the C compiler cc-rs gets on a Windows host.
    public var compiler: CCompilerChoice

    public init(
        target: String, sysroot: String? = nil, linker: LinkerChoice = .automatic, stateDirectory: String? = nil,
        visualStudio: VisualStudioRequest = VisualStudioRequest(), compiler: CCompilerChoice = .automatic
    ) {
        self.target = target
        self.sysroot = sysroot
        self.linker = linker
        self.stateDirectory = stateDirectory
        self.visualStudio = visualStudio
        self.compiler = compiler
    }
}

/// `--cc`: on a Windows host, the toolset's cl.exe and lib.exe (the default), or Visual Studio's clang-cl and
/// llvm-lib. Linux and macOS hosts always use clang-cl.
public enum CCompilerChoice: String, Equatable, Sendable, CaseIterable {
    case automatic = "auto"
    case cl
    case clangCl = "clang-cl"
}
