import XenvSystem

/// Windows hosts: Visual Studio's toolset, the Windows SDK and the environment a developer prompt has
/// (`MSVCEnvironment`), with the linker from the Rust toolchain or Visual Studio.
struct VisualStudioToolchain: HostToolchain {
    var context: PlanningContext

    /// Every option applies: `--sysroot` never reaches here (`Planner` takes the sysroot instead).
    func check(_ request: PlanRequest) throws(XenvError) {}

    func resolve(
        _ request: PlanRequest, target: TargetDescriptor, files: TargetFiles, notes: inout [String]
    )
        throws(XenvError) -> HostPlan
    {
        let windowsHost = context.windowsHost
        let (instance, toolset) = try VisualStudioResolver(
            fileSystem: context.fileSystem, environment: context.environment, windowsHost: windowsHost,
            processRunner: context.processRunner
        ).resolve(target: target, request: request.visualStudio, notes: &notes)
        // A developer prompt's `-winsdk` choice stands, as cc-rs keeps `WindowsSDKVersion`.
        let sdkPin =
            request.visualStudio.sdk.map { VersionPin($0, origin: "--sdk") }
            ?? context.environment.nonEmpty(.windowsSDKVersion).map {
                VersionPin(
                    WindowsPath.withoutTrailingSeparator($0), origin: EnvironmentVariable.windowsSDKVersion.rawValue)
            }
        let sdk = try WindowsSDKResolver(fileSystem: context.fileSystem).resolve(
            root: windowsHost.kitsRoot, target: target, requested: sdkPin, notes: &notes)
        let msvc = MSVCEnvironment(
            fileSystem: context.fileSystem, environment: context.environment, windowsHost: windowsHost,
            registry: context.windowsCalls.map(WindowsRegistry.init)
        ).compute(target: target, instance: instance, toolset: toolset, sdk: sdk)
        let compiler = try compilerTools(request.compiler, target: target, instance: instance, toolset: toolset)
        let linker = try WindowsLinkerResolver(context: context)
            .resolve(request.linker, target: target, instance: instance, toolset: toolset, notes: &notes)
        notes.append("linker: \(linker.path) (\(linker.kind.rawValue))")
        let suffix = target.environmentSuffix
        return HostPlan(
            toolchain: .visualStudio(instance: instance, toolset: toolset, sdk: sdk),
            tools: Tools(linker: linker, cCompiler: nil, archiver: nil),
            variables: compiler.variables + [
                EnvironmentAssignment("CMAKE_TOOLCHAIN_FILE_\(suffix)", files.cmakeToolchain)
            ]
                + msvc.assignments,
            libraryDirectories: msvc.libraryDirectories,
            // No [env] in the cargo config: cc-rs finds Visual Studio itself, and a PATH there would replace the
            // user's.
            cmake: CMakeInputs(compiler: compiler.compiler, archiver: compiler.archiver, overridesRules: false),
            pathPrepend: msvc.pathPrepend, pathAppend: msvc.pathAppend)
    }

    /// cc-rs's per-target variables. With `VSCMD_ARG_TGT_ARCH` exported cc-rs trusts the environment; naming
    /// the compiler makes the choice explicit and lets `--cc clang-cl` take Visual Studio's clang-cl.
    func compilerTools(
        _ choice: CCompilerChoice, target: TargetDescriptor, instance: VisualStudioInstance, toolset: MSVCToolset
    ) throws(XenvError) -> (compiler: String, archiver: String, variables: [EnvironmentAssignment]) {
        let suffix = target.environmentSuffix
        switch choice {
        case .automatic, .cl:
            let bin = WindowsPath.join(toolset.directory, "bin", toolset.hostDirectory, target.vsArch)
            let (compiler, archiver) = (WindowsPath.join(bin, "cl.exe"), WindowsPath.join(bin, "lib.exe"))
            return (
                compiler, archiver,
                [
                    EnvironmentAssignment("CC_\(suffix)", compiler), EnvironmentAssignment("CXX_\(suffix)", compiler),
                    EnvironmentAssignment("AR_\(suffix)", archiver),
                ]
            )
        case .clangCl:
            let clang = "Microsoft.VisualStudio.Component.VC.Llvm.Clang"
            guard
                let bin = context.windowsHost.llvmBinDirectories.map({ WindowsPath.join(instance.path, $0) })
                    .first(where: { context.fileSystem.isFile(WindowsPath.join($0, "clang-cl.exe")) })
            else {
                throw .visualStudioComponentMissing(
                    name: instance.name, path: instance.path, target: "--cc clang-cl", component: clang,
                    installer: context.windowsHost.vsInstallerPath)
            }
            let (compiler, archiver) = (WindowsPath.join(bin, "clang-cl.exe"), WindowsPath.join(bin, "llvm-lib.exe"))
            let flag = "--target=\(target.clangTarget)"
            return (
                compiler, archiver,
                [
                    EnvironmentAssignment("CC_\(suffix)", compiler), EnvironmentAssignment("CXX_\(suffix)", compiler),
                    EnvironmentAssignment("AR_\(suffix)", archiver), EnvironmentAssignment("CFLAGS_\(suffix)", flag),
                    EnvironmentAssignment("CXXFLAGS_\(suffix)", flag),
                ]
            )
        }
    }
}
