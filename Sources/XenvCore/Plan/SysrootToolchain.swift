import XenvSystem

/// Linux and macOS hosts, and Windows hosts given a sysroot or without Visual Studio: the CRT and SDK from an
/// xwin splat, LLVM's clang-cl, llvm-lib and an lld linker.
/// No path goes into a flags variable, since cargo and cc-rs split those on spaces: headers and libraries
/// travel in `INCLUDE` and `LIB`, which clang, clang-cl, lld-link and rust-lld read for `*-windows-msvc`
/// targets on every host.
struct SysrootToolchain: HostToolchain {
    var context: PlanningContext
    /// A sysroot found already (`Planner`'s fallback on a Windows host); else `resolve` finds one.
    var sysroot: Sysroot? = nil

    func check(_ request: PlanRequest) throws(XenvError) {
        let windows = context.host.os == .windows
        guard request.visualStudio.isEmpty else {
            throw .usage(
                windows
                    ? "--vs, --toolset, --sdk and --prerelease choose Visual Studio, --sysroot and XENV_SYSROOT a "
                        + "sysroot; give one or the other"
                    : "--vs, --toolset, --sdk and --prerelease apply to Windows hosts only")
        }
        guard request.compiler != .cl else {
            throw .usage(
                windows
                    ? "--cc cl needs Visual Studio; a sysroot builds with clang-cl"
                    : "--cc cl applies to Windows hosts only; Linux and macOS hosts use clang-cl")
        }
    }

    func resolve(
        _ request: PlanRequest, target: TargetDescriptor, files: TargetFiles, notes: inout [String]
    )
        throws(XenvError) -> HostPlan
    {
        let sysroot: Sysroot
        if let found = self.sysroot {
            sysroot = found
        } else {
            sysroot = try SysrootResolver(context: context).resolve(
                for: target, explicit: request.sysroot, notes: &notes)
        }
        var warnings: [String] = []
        var tools = try ToolResolver(context: context).resolve(
            linker: request.linker, notes: &notes, warnings: &warnings)
        // `;` separates LIB and INCLUDE entries: a directory holding one would be split in two.
        for directory in sysroot.libraryDirectories + sysroot.includeDirectories where directory.contains(";") {
            throw .invalidPath(
                what: "sysroot directory", path: directory,
                reason:
                    "it contains ';', which separates LIB and INCLUDE entries; move the sysroot to a path without one")
        }
        var planned: [PlannedFile] = []
        if let archiver = tools.archiver, let link = libDriverLink(to: archiver, in: files) {
            planned.append(link)
            tools.archiver = link.path
            notes.append("archiver: \(link.path), a link to \(archiver), which acts as lib.exe under that name")
        }
        let releaseRuntimeOnly = !hasDebugRuntime(sysroot)
        let cmake = tools.cCompiler.map {
            CMakeInputs(
                compiler: $0, archiver: tools.archiver, includeDirectories: sysroot.includeDirectories,
                overridesRules: true, releaseRuntimeOnly: releaseRuntimeOnly)
        }
        if cmake != nil && releaseRuntimeOnly {
            notes.append("CMake: no msvcrtd.lib in the sysroot, so the toolchain file picks the release runtime")
        }
        // cmake-rs picks a Visual Studio generator for every *-msvc target unless told otherwise.
        let ninja = cmake == nil ? nil : context.executables.find("ninja")
        if let ninja { notes.append("CMake generator for cmake-rs: Ninja (\(ninja))") }
        let variables = Self.crossCompileVariables(
            target: target, sysroot: sysroot, tools: tools, cmakeToolchain: cmake == nil ? nil : files.cmakeToolchain,
            cmakeGenerator: ninja == nil ? nil : "Ninja")
        return HostPlan(
            toolchain: .sysroot(sysroot), tools: tools, variables: variables, cargoEnvironment: variables,
            libraryDirectories: sysroot.libraryDirectories, cmake: cmake, files: planned, warnings: warnings)
    }

    /// llvm-ar acts as lib.exe only under a name with `lib` in it (Debian's `llvm-lib` is such a link); under
    /// its own it rejects the `/out:x.lib` that CMake's MSVC rules pass, and the `-out:x.lib` of every cc-rs
    /// before rust-lang/cc-rs#1015 (2024). So an archiver without `lib` in its name (llvm-ar, as Swift's
    /// toolchain ships it) gets a `llvm-lib` link to it in the target's directory, and AR and CMAKE_AR name that.
    func libDriverLink(to archiver: String, in files: TargetFiles) -> PlannedFile? {
        let style = context.host.pathStyle
        var name = style.lastComponent(archiver).lowercased()
        if name.hasSuffix(".exe") { name.removeLast(4) }
        guard !name.contains("lib") else { return nil }
        return PlannedFile(
            path: style.join(files.directory, context.host.executableName("llvm-lib")),
            contents: .symlink(to: archiver), executable: true)
    }

    /// Whether the sysroot's CRT has the debug runtime's import library, `msvcrtd.lib`.
    func hasDebugRuntime(_ sysroot: Sysroot) -> Bool {
        sysroot.libraryDirectories.contains { context.fileSystem.entry(in: $0, matching: "msvcrtd.lib") != nil }
    }

    /// The variables cc-rs, bindgen, lld-link and clang read.
    static func crossCompileVariables(
        target: TargetDescriptor, sysroot: Sysroot, tools: Tools, cmakeToolchain: String? = nil,
        cmakeGenerator: String? = nil
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
        if let cmakeGenerator {
            // Read by cmake-rs 0.1.46 and later; CMake itself reads only the unsuffixed CMAKE_GENERATOR.
            variables.append(EnvironmentAssignment("CMAKE_GENERATOR_\(suffix)", cmakeGenerator))
        }
        variables += [
            EnvironmentAssignment("BINDGEN_EXTRA_CLANG_ARGS_\(suffix)", targetFlag),
            EnvironmentAssignment("INCLUDE", sysroot.includeDirectories.joined(separator: ";")),
            EnvironmentAssignment("LIB", sysroot.libraryDirectories.joined(separator: ";")),
        ]
        return variables
    }
}
