import XenvShimCore
import XenvSystem

/// Makes the plan for a target: the host's toolchain (`HostToolchain`) resolves what to build with, and the
/// rest is the same on every host.
public enum Planner {
    public static func plan(_ request: PlanRequest, in context: PlanningContext) throws(XenvError) -> Plan {
        var notes: [String] = []
        return try plan(request, in: context, notes: &notes)
    }

    /// - Parameter notes: receives how each choice was made, also when planning fails (`-v`).
    public static func plan(
        _ request: PlanRequest, in context: PlanningContext, notes: inout [String]
    ) throws(XenvError)
        -> Plan
    {
        let target = try context.catalog.descriptor(named: request.target)
        notes.append("host: \(context.host)")
        notes.append("target: \(target.triple)")
        guard context.installationFileSystem.isExecutableFile(context.shimSource) else {
            throw .shimNotFound(lookedAt: context.shimSource)
        }
        let host: any HostToolchain =
            takesVisualStudio(request, target, context)
            ? VisualStudioToolchain(context: context) : SysrootToolchain(context: context)
        try host.check(request)
        let files = TargetFiles(stateRoot: try stateRoot(request, context), target: target, host: context.host)
        let resolved: HostPlan
        do throws(XenvError) {
            resolved = try host.resolve(request, target: target, files: files, notes: &notes)
        } catch {
            // A Windows machine whose Visual Studio cannot build the target (none installed, or without the
            // target's component, toolset or SDK) builds from a sysroot that serves it, the one
            // `xenv sysroot fetch` made first; else Visual Studio's error stands, since it says what to install.
            guard error.isVisualStudioShortfall, request.visualStudio.isEmpty, request.compiler != .cl,
                let found = try? SysrootResolver(context: context).resolve(for: target, explicit: nil, notes: &notes)
            else { throw error }
            notes.append(
                "Visual Studio cannot build \(target.triple) (\(error)); building from the sysroot at \(found.root)")
            resolved = try SysrootToolchain(context: context, sysroot: found)
                .resolve(request, target: target, files: files, notes: &notes)
        }

        // link.exe takes `/arm64hazardfree` as it is: cargo runs it directly, without a shim.
        let shimPath = resolved.tools.linker.kind.shimKind == nil ? nil : files.shim
        let cargoLinker = shimPath ?? resolved.tools.linker.path
        let cargoConfig = CargoConfigRenderer.render(
            triple: target.triple, linker: cargoLinker, environment: resolved.cargoEnvironment)
        var planned =
            shimPath.map {
                shimFiles(
                    shimPath: $0, linker: resolved.tools.linker, target: target, libraries: resolved.libraryDirectories,
                    context: context)
            } ?? []
        planned += resolved.files
        planned.append(PlannedFile(path: files.cargoConfig, contents: .bytes(Array(cargoConfig.utf8))))
        if let cmake = resolved.cmake {
            planned += cmakeFiles(cmake, at: files.cmakeToolchain, target: target, linker: cargoLinker)
        }
        return Plan(
            target: target, host: context.host, toolchain: resolved.toolchain, tools: resolved.tools,
            targetDirectory: files.directory, shimPath: shimPath, cargoConfigPath: files.cargoConfig,
            cmakeToolchain: resolved.cmake == nil ? nil : files.cmakeToolchain,
            environment: [linkerAssignment(target, cargoLinker)] + resolved.variables,
            pathPrepend: resolved.pathPrepend,
            pathAppend: resolved.pathAppend, files: planned, warnings: resolved.warnings)
    }

    /// Windows hosts take Visual Studio unless given a sysroot: `--sysroot`, or `XENV_SYSROOT` without an option
    /// that chooses Visual Studio and for a target a sysroot can build (not arm64ec). Linux and macOS hosts always
    /// take a sysroot.
    static func takesVisualStudio(
        _ request: PlanRequest, _ target: TargetDescriptor, _ context: PlanningContext
    ) -> Bool {
        guard context.host.os == .windows, request.sysroot == nil else { return false }
        let choosesVisualStudio =
            !request.visualStudio.isEmpty || request.compiler == .cl || target.sysrootUnavailable != nil
        return choosesVisualStudio || context.environment.nonEmpty(.sysroot) == nil
    }

    /// The state directory, by the host's rules.
    static func stateRoot(_ request: PlanRequest, _ context: PlanningContext) throws(XenvError) -> String {
        guard context.host.os == .windows else {
            return try StateDirectory.resolve(
                explicit: request.stateDirectory, environment: context.environment,
                workingDirectory: context.workingDirectory)
        }
        return try StateDirectory.resolveWindows(
            explicit: request.stateDirectory, environment: context.environment, windowsHost: context.windowsHost,
            workingDirectory: context.workingDirectory)
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
            PlannedFile(
                path: ShimConfig.sidecarPath(forExecutable: shimPath), contents: .bytes(Array(config.rendered.utf8))),
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
        return RuntimeLibraries.closure(of: [context.shimSource], in: directory, fileSystem: installation).map {
            library in
            PlannedFile(
                path: context.host.pathStyle.join(target, library),
                contents: .copy(of: installation.pathStyle.join(directory, library)))
        }
    }

    /// The CMake toolchain file, and the rules override it loads where one is needed.
    static func cmakeFiles(
        _ cmake: CMakeInputs, at toolchain: String, target: TargetDescriptor, linker: String
    ) -> [PlannedFile] {
        let override = cmake.overridesRules ? String(toolchain.dropLast(".cmake".count)) + "-override.cmake" : nil
        let text = CMakeToolchainRenderer.render(
            target: target, compiler: cmake.compiler, archiver: cmake.archiver, linker: linker,
            includeDirectories: cmake.includeDirectories, overridePath: override,
            releaseRuntimeOnly: cmake.releaseRuntimeOnly)
        return [PlannedFile(path: toolchain, contents: .bytes(Array(text.utf8)))]
            + (override.map {
                [PlannedFile(path: $0, contents: .bytes(Array(CMakeToolchainRenderer.rulesOverride.utf8)))]
            } ?? [])
    }
}
