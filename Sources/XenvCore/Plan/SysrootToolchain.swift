import XenvSystem

/// Linux and macOS hosts: the CRT and SDK from an xwin splat, LLVM's clang-cl, llvm-lib and an lld linker.
/// No path goes into a flags variable, since cargo and cc-rs split those on spaces: headers and libraries
/// travel in `INCLUDE` and `LIB`, which clang, clang-cl, lld-link and rust-lld read for `*-windows-msvc`
/// targets on every host.
struct SysrootToolchain: HostToolchain {
    var context: PlanningContext

    func check(_ request: PlanRequest) throws(XenvError) {
        guard request.visualStudio.isEmpty else {
            throw .usage("--vs, --toolset, --sdk and --prerelease apply to Windows hosts only")
        }
        guard request.compiler != .cl else {
            throw .usage("--cc cl applies to Windows hosts only; Linux and macOS hosts use clang-cl")
        }
    }

    func stateRoot(_ request: PlanRequest) throws(XenvError) -> String {
        try StateDirectory.resolve(
            explicit: request.stateDirectory, environment: context.environment,
            workingDirectory: context.workingDirectory)
    }

    func resolve(
        _ request: PlanRequest, target: TargetDescriptor, files: TargetFiles, notes: inout [String]
    )
        throws(XenvError) -> HostPlan
    {
        let sysroot = try SysrootResolver(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            workingDirectory: context.workingDirectory
        ).resolve(for: target, explicit: request.sysroot, notes: &notes)
        var warnings: [String] = []
        let tools = try ToolResolver(context: context).resolve(
            linker: request.linker, notes: &notes, warnings: &warnings)
        // `;` separates LIB and INCLUDE entries: a directory holding one would be split in two.
        for directory in sysroot.libraryDirectories + sysroot.includeDirectories where directory.contains(";") {
            throw .invalidPath(
                what: "sysroot directory", path: directory,
                reason:
                    "it contains ';', which separates LIB and INCLUDE entries; move the sysroot to a path without one")
        }
        let cmake = tools.cCompiler.map {
            CMakeInputs(
                compiler: $0, archiver: tools.archiver, includeDirectories: sysroot.includeDirectories,
                overridesRules: true)
        }
        let variables = Self.crossCompileVariables(
            target: target, sysroot: sysroot, tools: tools, cmakeToolchain: cmake == nil ? nil : files.cmakeToolchain)
        return HostPlan(
            toolchain: .sysroot(sysroot), tools: tools, variables: variables, cargoEnvironment: variables,
            libraryDirectories: sysroot.libraryDirectories, cmake: cmake, warnings: warnings)
    }

    /// The variables cc-rs, bindgen, lld-link and clang read.
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
