import XenvShimCore

/// What a command was asked to do; the command line parses into this.
public struct PlanRequest: Equatable, Sendable {
    public var target: String
    public var sysroot: String?
    public var linker: LinkerChoice
    public var stateDirectory: String?

    public init(target: String, sysroot: String? = nil, linker: LinkerChoice = .automatic, stateDirectory: String? = nil) {
        self.target = target
        self.sysroot = sysroot
        self.linker = linker
        self.stateDirectory = stateDirectory
    }
}

/// Everything a plan depends on that comes from outside: the machine and where xenv's own files are.
public struct PlanningContext: Sendable {
    public var host: Host
    public var environment: Environment
    public var fileSystem: FileSystem
    public var processRunner: ProcessRunner
    public var workingDirectory: String
    /// The shim executable shipped next to xenv, copied into the state directory.
    public var shimSource: String
    public var catalog: TargetCatalog

    public init(
        host: Host, environment: Environment, fileSystem: FileSystem, processRunner: ProcessRunner,
        workingDirectory: String, shimSource: String, catalog: TargetCatalog
    ) {
        self.host = host
        self.environment = environment
        self.fileSystem = fileSystem
        self.processRunner = processRunner
        self.workingDirectory = workingDirectory
        self.shimSource = shimSource
        self.catalog = catalog
    }
}

public enum Planner {
    /// Resolves target, sysroot and tools, and computes the variables and files for them.
    public static func plan(_ request: PlanRequest, in context: PlanningContext) throws(XenvError) -> Plan {
        var notes: [String] = [], warnings: [String] = []
        let target = try context.catalog.descriptor(named: request.target)
        notes.append("host: \(context.host)")
        notes.append("target: \(target.triple)")
        let sysroot = try SysrootResolver(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            workingDirectory: context.workingDirectory
        ).resolve(for: target, explicit: request.sysroot, notes: &notes)
        let tools = try ToolResolver(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            processRunner: context.processRunner, workingDirectory: context.workingDirectory
        ).resolve(linker: request.linker, notes: &notes, warnings: &warnings)
        guard context.fileSystem.isExecutableFile(context.shimSource) else {
            throw .shimNotFound(lookedAt: context.shimSource)
        }
        let stateRoot = StateDirectory.resolve(
            explicit: request.stateDirectory, environment: context.environment,
            workingDirectory: context.workingDirectory)
        let targetDirectory = Path.join(stateRoot, target.triple)
        let shimPath = Path.join(targetDirectory, "xenv-link")
        let cargoConfigPath = Path.join(targetDirectory, "cargo-config.toml")

        let crossVariables = crossCompileVariables(target: target, sysroot: sysroot, tools: tools)
        let linkerVariable = EnvironmentAssignment(
            "CARGO_TARGET_\(target.environmentSuffix.uppercased())_LINKER", shimPath)
        let environment = [linkerVariable] + crossVariables
        for assignment in environment {
            try checkRenderable(assignment.value, what: assignment.name)
        }
        // The linker goes into no variable, only into the shim's `linker=` line.
        try checkRenderable(tools.linker.path, what: "linker")
        // `;` separates LIB and INCLUDE entries: a directory holding one would be split in two.
        for directory in sysroot.libraryDirectories + sysroot.includeDirectories where directory.contains(";") {
            throw .invalidPath(
                what: "sysroot directory", path: directory,
                reason: "it contains ';', which separates LIB and INCLUDE entries; move the sysroot to a path without one")
        }

        let shimConfig = ShimConfig(
            linker: tools.linker.path, linkerKind: tools.linker.kind, dropFlags: target.shim.dropFlags,
            addFlags: target.shim.addFlags, libraryDirectories: sysroot.libraryDirectories)
        let files = [
            PlannedFile(path: shimPath, contents: .copy(of: context.shimSource), executable: true),
            PlannedFile(
                path: ShimConfig.sidecarPath(forExecutable: shimPath), contents: .bytes(Array(shimConfig.rendered.utf8))),
            PlannedFile(
                path: cargoConfigPath,
                contents: .bytes(Array(CargoConfigRenderer.render(
                    triple: target.triple, linker: shimPath, environment: crossVariables).utf8))),
        ]
        return Plan(
            target: target, host: context.host, sysroot: sysroot, tools: tools, targetDirectory: targetDirectory,
            shimPath: shimPath, cargoConfigPath: cargoConfigPath, environment: environment, files: files,
            notes: notes, warnings: warnings)
    }

    /// The variables cc-rs, bindgen, lld-link and clang read. No path goes into a flags variable, since cargo
    /// and cc-rs split those on spaces: headers and libraries travel in `INCLUDE` and `LIB`, which clang,
    /// clang-cl, lld-link and rust-lld read for `*-windows-msvc` targets on every host.
    static func crossCompileVariables(target: TargetDescriptor, sysroot: Sysroot, tools: Tools) -> [EnvironmentAssignment] {
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
        variables += [
            EnvironmentAssignment("BINDGEN_EXTRA_CLANG_ARGS_\(suffix)", targetFlag),
            EnvironmentAssignment("INCLUDE", sysroot.includeDirectories.joined(separator: ";")),
            EnvironmentAssignment("LIB", sysroot.libraryDirectories.joined(separator: ";")),
        ]
        return variables
    }

    /// Values end up in shell code, TOML and `key=value` files: a line break or NUL would split them, and `;`
    /// would split a `LIB` entry.
    static func checkRenderable(_ value: String, what: String) throws(XenvError) {
        if let bad = value.unicodeScalars.first(where: { $0 == "\n" || $0 == "\r" || $0 == "\0" }) {
            throw .invalidPath(
                what: what, path: value,
                reason: "it contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); move it to a plain path")
        }
    }
}
