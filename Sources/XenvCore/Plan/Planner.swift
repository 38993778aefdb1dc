import XenvSystem
import XenvShimCore

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

/// Everything a plan depends on that comes from outside: the machine and where xenv's own files are.
public struct PlanningContext: Sendable {
    public var host: Host
    public var environment: Environment
    /// The host's file system, in the host's path style: what the resolvers search, where the state directory
    /// and every file xenv writes live (on a simulated Windows host, the directories below its root).
    public var fileSystem: FileSystem
    /// The file system of the machine xenv really runs on, where its own executables are: the shim it installs
    /// and, on Windows, the runtime libraries beside it. The same as `fileSystem` but on a simulated host.
    public var installationFileSystem: FileSystem
    /// Starts the host's programs (on a simulated Windows host, those below its root).
    public var processRunner: ProcessRunner
    /// A Windows host's system calls, for its registry and native architecture; nil on Linux and macOS.
    public var windowsCalls: (any WindowsCalls)?
    /// A Windows host simulated with `XENV_WINDOWS_ROOT`: its shim is this machine's, so it cannot link.
    public var isSimulated: Bool
    public var workingDirectory: String
    /// The shim executable shipped next to xenv (on `installationFileSystem`), copied into the state directory.
    public var shimSource: String
    public var catalog: TargetCatalog
    /// The Windows host's facts (architecture, known folders, SDK root), asked of its calls once; only
    /// meaningful on a Windows host.
    public let windowsHost: WindowsHost

    public init(
        host: Host, environment: Environment, fileSystem: FileSystem, installationFileSystem: FileSystem? = nil,
        processRunner: ProcessRunner, windowsCalls: (any WindowsCalls)? = nil, isSimulated: Bool = false,
        workingDirectory: String, shimSource: String, catalog: TargetCatalog
    ) {
        self.host = host
        self.environment = environment
        self.fileSystem = fileSystem
        self.installationFileSystem = installationFileSystem ?? fileSystem
        self.processRunner = processRunner
        self.windowsCalls = windowsCalls
        self.isSimulated = isSimulated
        self.workingDirectory = workingDirectory
        self.shimSource = shimSource
        self.catalog = catalog
        windowsHost = WindowsHost(environment: environment, calls: windowsCalls)
    }

    /// Where programs are found on this host's PATH.
    var executables: ExecutableSearch {
        ExecutableSearch(fileSystem: fileSystem, environment: environment, workingDirectory: workingDirectory)
    }
}

public enum Planner {
    /// Resolves the target, what to build with (an xwin sysroot, or Visual Studio on a Windows host) and the
    /// linker, and computes the variables and files for them.
    public static func plan(_ request: PlanRequest, in context: PlanningContext) throws(XenvError) -> Plan {
        var notes: [String] = []
        return try plan(request, in: context, notes: &notes)
    }

    /// - Parameter notes: receives how each choice was made, also when planning fails (`-v`).
    public static func plan(_ request: PlanRequest, in context: PlanningContext, notes: inout [String]) throws(XenvError)
        -> Plan
    {
        var warnings: [String] = []
        let target = try context.catalog.descriptor(named: request.target)
        notes.append("host: \(context.host)")
        notes.append("target: \(target.triple)")
        guard context.installationFileSystem.isExecutableFile(context.shimSource) else {
            throw .shimNotFound(lookedAt: context.shimSource)
        }
        if context.host.os == .windows {
            return try planWindows(request, target: target, context: context, notes: &notes)
        }
        guard request.visualStudio.isEmpty else {
            throw .usage("--vs, --toolset, --sdk and --prerelease apply to Windows hosts only")
        }
        guard request.compiler != .cl else {
            throw .usage("--cc cl applies to Windows hosts only; Linux and macOS hosts use clang-cl")
        }
        let sysroot = try SysrootResolver(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            workingDirectory: context.workingDirectory
        ).resolve(for: target, explicit: request.sysroot, notes: &notes)
        let tools = try ToolResolver(context: context).resolve(linker: request.linker, notes: &notes, warnings: &warnings)
        let stateRoot = try StateDirectory.resolve(
            explicit: request.stateDirectory, environment: context.environment,
            workingDirectory: context.workingDirectory)
        let targetDirectory = Path.join(stateRoot, target.triple)
        let shimPath = Path.join(targetDirectory, "xenv-link")
        let cargoConfigPath = Path.join(targetDirectory, "cargo-config.toml")

        let cmakeToolchain = tools.cCompiler.map { _ in Path.join(stateRoot, "\(target.triple)-toolchain.cmake") }
        let crossVariables = crossCompileVariables(target: target, sysroot: sysroot, tools: tools, cmakeToolchain: cmakeToolchain)
        let environment = [linkerAssignment(target, shimPath)] + crossVariables
        // `;` separates LIB and INCLUDE entries: a directory holding one would be split in two.
        for directory in sysroot.libraryDirectories + sysroot.includeDirectories where directory.contains(";") {
            throw .invalidPath(
                what: "sysroot directory", path: directory,
                reason: "it contains ';', which separates LIB and INCLUDE entries; move the sysroot to a path without one")
        }
        let files = shimFiles(
            shimPath: shimPath, linker: tools.linker, target: target, libraries: sysroot.libraryDirectories,
            context: context)
            + [PlannedFile(
                path: cargoConfigPath,
                contents: .bytes(Array(CargoConfigRenderer.render(
                    triple: target.triple, linker: shimPath, environment: crossVariables).utf8)))]
            + cmakeFiles(cmakeToolchain, target: target, tools: tools, shimPath: shimPath, sysroot: sysroot)
        return Plan(
            target: target, host: context.host, toolchain: .sysroot(sysroot), tools: tools,
            targetDirectory: targetDirectory, shimPath: shimPath, cargoConfigPath: cargoConfigPath,
            cmakeToolchain: cmakeToolchain, environment: environment, pathPrepend: [], pathAppend: [], files: files, notes: notes,
            warnings: warnings)
    }

    /// A Windows host: Visual Studio's toolset, the Windows SDK and a VsDevCmd-equal environment.
    static func planWindows(
        _ request: PlanRequest, target: TargetDescriptor, context: PlanningContext, notes: inout [String]
    ) throws(XenvError) -> Plan {
        guard request.sysroot == nil else {
            throw .usage("--sysroot applies to Linux and macOS hosts; on Windows xenv uses Visual Studio (see --vs)")
        }
        let windowsHost = context.windowsHost
        let (instance, toolset) = try VisualStudioResolver(
            fileSystem: context.fileSystem, environment: context.environment, windowsHost: windowsHost,
            processRunner: context.processRunner
        ).resolve(target: target, request: request.visualStudio, notes: &notes)
        let kitsRoot = windowsHost.kitsRoot
        // A developer prompt's `-winsdk` choice stands, as winsdk.bat and cc-rs keep `WindowsSDKVersion`.
        let sdkPin = request.visualStudio.sdk.map { VersionPin($0, origin: "--sdk") }
            ?? context.environment.nonEmpty(.windowsSDKVersion).map {
                VersionPin(WindowsPath.withoutTrailingSeparator($0), origin: EnvironmentVariable.windowsSDKVersion.rawValue)
            }
        let sdk = try WindowsSDKResolver(fileSystem: context.fileSystem).resolve(
            root: kitsRoot, target: target, requested: sdkPin, notes: &notes)
        let msvc = MSVCEnvironment(
            fileSystem: context.fileSystem, environment: context.environment, windowsHost: windowsHost,
            registry: context.windowsCalls.map(WindowsRegistry.init)
        ).compute(target: target, instance: instance, toolset: toolset, sdk: sdk)
        let compilerVariables = try windowsCompilerVariables(
            request.compiler, target: target, instance: instance, toolset: toolset, windowsHost: windowsHost,
            fileSystem: context.fileSystem)
        let linker = try WindowsLinkerResolver(context: context, windowsHost: windowsHost)
            .resolve(request.linker, target: target, instance: instance, toolset: toolset, notes: &notes)
        notes.append("linker: \(linker.path) (\(linker.kind.rawValue))")

        let stateRoot = try StateDirectory.resolveWindows(
            explicit: request.stateDirectory, environment: context.environment, windowsHost: windowsHost,
            workingDirectory: context.workingDirectory)
        let targetDirectory = WindowsPath.join(stateRoot, target.triple)
        // link.exe takes /arm64hazardfree as it is: cargo runs it directly.
        let shimPath = linker.kind.shimKind == nil ? nil : WindowsPath.join(targetDirectory, "xenv-link.exe")
        let cargoLinker = shimPath ?? linker.path
        let cargoConfigPath = WindowsPath.join(targetDirectory, "cargo-config.toml")
        let cmakeToolchain = WindowsPath.join(stateRoot, "\(target.triple)-toolchain.cmake")
        let suffix = target.environmentSuffix
        let cmakeText = CMakeToolchainRenderer.render(
            target: target, compiler: compilerVariables.first { $0.name == "CC_\(suffix)" }!.value,
            archiver: compilerVariables.first { $0.name == "AR_\(suffix)" }?.value, linker: cargoLinker,
            includeDirectories: [], overridePath: nil)
        let environment = [linkerAssignment(target, cargoLinker)] + compilerVariables
            + [EnvironmentAssignment("CMAKE_TOOLCHAIN_FILE_\(suffix)", cmakeToolchain)] + msvc.assignments
        let files = (shimPath.map {
            shimFiles(shimPath: $0, linker: linker, target: target, libraries: msvc.libraryDirectories, context: context)
        } ?? []) + [
            // No [env] here: cc-rs finds Visual Studio itself, and a PATH in [env] would replace the user's.
            PlannedFile(
                path: cargoConfigPath,
                contents: .bytes(Array(CargoConfigRenderer.render(triple: target.triple, linker: cargoLinker, environment: []).utf8))),
            PlannedFile(path: cmakeToolchain, contents: .bytes(Array(cmakeText.utf8))),
        ]
        return Plan(
            target: target, host: context.host,
            toolchain: .visualStudio(instance: instance, toolset: toolset, sdk: sdk),
            tools: Tools(linker: linker, cCompiler: nil, archiver: nil), targetDirectory: targetDirectory,
            shimPath: shimPath, cargoConfigPath: cargoConfigPath, cmakeToolchain: cmakeToolchain, environment: environment,
            pathPrepend: msvc.pathPrepend, pathAppend: msvc.pathAppend, files: files, notes: notes, warnings: [])
    }

    /// cc-rs's per-target variables on a Windows host. With `VSCMD_ARG_TGT_ARCH` exported cc-rs trusts the
    /// environment; naming the compiler makes the choice explicit and lets `--cc clang-cl` take VS's clang-cl.
    static func windowsCompilerVariables(
        _ choice: CCompilerChoice, target: TargetDescriptor, instance: VisualStudioInstance, toolset: MSVCToolset,
        windowsHost: WindowsHost, fileSystem: FileSystem
    ) throws(XenvError) -> [EnvironmentAssignment] {
        let suffix = target.environmentSuffix
        switch choice {
        case .automatic, .cl:
            let bin = WindowsPath.join(toolset.directory, "bin", toolset.hostDirectory, target.vsArch)
            return [
                EnvironmentAssignment("CC_\(suffix)", WindowsPath.join(bin, "cl.exe")),
                EnvironmentAssignment("CXX_\(suffix)", WindowsPath.join(bin, "cl.exe")),
                EnvironmentAssignment("AR_\(suffix)", WindowsPath.join(bin, "lib.exe")),
            ]
        case .clangCl:
            guard let bin = windowsHost.llvmBinDirectories.map({ WindowsPath.join(instance.path, $0) })
                .first(where: { fileSystem.isFile(WindowsPath.join($0, "clang-cl.exe")) })
            else {
                throw .usage("--cc clang-cl needs Visual Studio's C++ Clang component (Microsoft.VisualStudio.Component.VC.Llvm.Clang)")
            }
            let flag = "--target=\(target.clangTarget)"
            return [
                EnvironmentAssignment("CC_\(suffix)", WindowsPath.join(bin, "clang-cl.exe")),
                EnvironmentAssignment("CXX_\(suffix)", WindowsPath.join(bin, "clang-cl.exe")),
                EnvironmentAssignment("AR_\(suffix)", WindowsPath.join(bin, "llvm-lib.exe")),
                EnvironmentAssignment("CFLAGS_\(suffix)", flag),
                EnvironmentAssignment("CXXFLAGS_\(suffix)", flag),
            ]
        }
    }

    static func linkerAssignment(_ target: TargetDescriptor, _ linker: String) -> EnvironmentAssignment {
        EnvironmentAssignment("CARGO_TARGET_\(target.environmentSuffix.uppercased())_LINKER", linker)
    }

    /// The shim binary and its sidecar config, for an lld linker.
    static func shimFiles(
        shimPath: String, linker: Linker, target: TargetDescriptor, libraries: [String], context: PlanningContext
    ) -> [PlannedFile] {
        guard let kind = linker.kind.shimKind else { return [] }
        let config = ShimConfig(
            linker: linker.path, linkerKind: kind, dropFlags: target.shim.dropFlags, addFlags: target.shim.addFlags,
            libraryDirectories: libraries)
        return [
            PlannedFile(path: shimPath, contents: .copy(of: context.shimSource), executable: true),
            PlannedFile(path: ShimConfig.sidecarPath(forExecutable: shimPath), contents: .bytes(Array(config.rendered.utf8))),
        ] + runtimeLibraryFiles(beside: shimPath, context: context)
    }

    /// A Windows shim built without a static Swift runtime loads the runtime's DLLs, which a release ships
    /// beside `xenv.exe`: each installed shim gets its own copies (the ones its import tables name, found
    /// beside the shipped shim), so it starts on a runner without Swift.
    static func runtimeLibraryFiles(beside shimPath: String, context: PlanningContext) -> [PlannedFile] {
        guard context.host.os == .windows else { return [] }
        let installation = context.installationFileSystem
        let directory = installation.pathStyle.parent(context.shimSource)
        let target = context.host.pathStyle.parent(shimPath)
        return RuntimeLibraries.closure(of: [context.shimSource], in: directory, fileSystem: installation).map { library in
            PlannedFile(
                path: context.host.pathStyle.join(target, library), contents: .copy(of: installation.pathStyle.join(directory, library)))
        }
    }

    /// The variables cc-rs, bindgen, lld-link and clang read. No path goes into a flags variable, since cargo
    /// and cc-rs split those on spaces: headers and libraries travel in `INCLUDE` and `LIB`, which clang,
    /// clang-cl, lld-link and rust-lld read for `*-windows-msvc` targets on every host.
    /// The CMake toolchain file and the rules override it loads, when there is a C compiler to name.
    static func cmakeFiles(_ toolchain: String?, target: TargetDescriptor, tools: Tools, shimPath: String, sysroot: Sysroot)
        -> [PlannedFile]
    {
        guard let toolchain, let compiler = tools.cCompiler else { return [] }
        let override = String(toolchain.dropLast(".cmake".count)) + "-override.cmake"
        let text = CMakeToolchainRenderer.render(
            target: target, compiler: compiler, archiver: tools.archiver, linker: shimPath,
            includeDirectories: sysroot.includeDirectories, overridePath: override)
        return [
            PlannedFile(path: toolchain, contents: .bytes(Array(text.utf8))),
            PlannedFile(path: override, contents: .bytes(Array(CMakeToolchainRenderer.rulesOverride.utf8))),
        ]
    }

    static func crossCompileVariables(
        target: TargetDescriptor, sysroot: Sysroot, tools: Tools, cmakeToolchain: String? = nil
    ) -> [EnvironmentAssignment] {
        let suffix = target.environmentSuffix
        let targetFlag = "--target=\(target.clangTarget)"
        var variables: [EnvironmentAssignment] = []
        if let compiler = tools.cCompiler {
            variables += [
                EnvironmentAssignment("CC_\(suffix)", compiler),
                EnvironmentAssignment("CXX_\(suffix)", compiler),
                EnvironmentAssignment("CFLAGS_\(suffix)", targetFlag),
                EnvironmentAssignment("CXXFLAGS_\(suffix)", targetFlag),
            ]
        }
        if let archiver = tools.archiver {
            variables.append(EnvironmentAssignment("AR_\(suffix)", archiver))
        }
        if let cmakeToolchain {
            variables.append(EnvironmentAssignment("CMAKE_TOOLCHAIN_FILE_\(suffix)", cmakeToolchain))
        }
        variables += [
            EnvironmentAssignment("BINDGEN_EXTRA_CLANG_ARGS_\(suffix)", targetFlag),
            EnvironmentAssignment("INCLUDE", sysroot.includeDirectories.joined(separator: ";")),
            EnvironmentAssignment("LIB", sysroot.libraryDirectories.joined(separator: ";")),
        ]
        return variables
    }

}
