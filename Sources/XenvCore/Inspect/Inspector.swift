import XenvFetch
import XenvSystem

/// What `xenv inspect` reports: everything on this machine that a Windows MSVC build could use, and for each
/// target a verdict (ready, or what is missing and the command that fixes it).
public struct InspectReport: Equatable, Sendable {
    public struct Toolset: Equatable, Sendable {
        public var version: String
        public var isDefault: Bool
        /// Architectures with `lib\<arch>\msvcrt.lib`.
        public var libraryArchs: [String]
        /// `HostX64\arm64`-style pairs with a `link.exe`.
        public var hostTools: [String]
    }

    public struct VisualStudio: Equatable, Sendable {
        public var instance: VisualStudioInstance
        /// x64, ARM64, ARM, LLVM: whether the instance lists each component; nil when its source lists none.
        public var components: [(name: String, installed: Bool)]?
        public var toolsets: [Toolset]

        public static func == (lhs: VisualStudio, rhs: VisualStudio) -> Bool {
            lhs.instance == rhs.instance && lhs.toolsets == rhs.toolsets
                && lhs.components?.map { "\($0.name)=\($0.installed)" }
                    == rhs.components?.map { "\($0.name)=\($0.installed)" }
        }
    }

    public struct SDK: Equatable, Sendable {
        public var version: String
        public var libraryArchs: [String]
        public var usable: Bool
    }

    public struct Sysroot: Equatable, Sendable {
        public var path: String
        public var layout: String
        public var targets: [String]
    }

    public struct LinkerFound: Equatable, Sendable {
        public var kind: String
        public var path: String
        public var version: String?
    }

    public struct Verdict: Equatable, Sendable {
        public var triple: String
        /// nil when ready; else what is missing, with the command that fixes it.
        public var problem: String?
        /// Whether rustc has the target's standard library; nil when rustc could not be asked.
        public var rustStandardLibrary: Bool?
    }

    public var host: Host
    public var visualStudio: [VisualStudio]
    public var sdks: [SDK]
    public var sdkRoot: String?
    public var sysroots: [Sysroot]
    public var linkers: [LinkerFound]
    public var verdicts: [Verdict]
}

/// Collects what `xenv inspect` reports by asking the resolvers the questions a plan asks, for every target of
/// the catalog: which architectures, components and libraries it looks at comes from the targets' descriptors.
public enum Inspector {
    /// Visual Studio's LLVM component: not a target's, but what `--linker lld-link` and `--cc clang-cl` need.
    static let llvmComponent = (name: "LLVM", id: "Microsoft.VisualStudio.Component.VC.Llvm.Clang")
    /// Every host tools directory a toolset may have, whichever this machine uses.
    static let hostDirectories = ["HostX64", "HostARM64", "HostX86"]

    /// The distinct values of one descriptor field, in catalog order.
    static func distinct(_ catalog: TargetCatalog, _ field: (TargetDescriptor) -> String) -> [String] {
        var seen = Set<String>()
        return catalog.descriptors.map(field).filter { seen.insert($0).inserted }
    }

    /// Collects the report; `targets` empty means every target of the catalog.
    public static func inspect(
        _ request: PlanRequest, targets: [TargetDescriptor], in context: PlanningContext
    ) -> InspectReport {
        var notes: [String] = []
        var report = InspectReport(
            host: context.host, visualStudio: [], sdks: [], sdkRoot: nil, sysroots: [], linkers: [], verdicts: [])
        let fs = context.fileSystem
        if context.host.os == .windows {
            let windowsHost = context.windowsHost
            let resolver = VisualStudioResolver(
                fileSystem: fs, environment: context.environment, windowsHost: windowsHost,
                processRunner: context.processRunner)
            let components =
                distinct(context.catalog, \.vsComponent).map { id in
                    (name: context.catalog.descriptors.first { $0.vsComponent == id }!.vsComponentArch, id: id)
                } + [llvmComponent]
            for instance in resolver.discover(notes: &notes) where fs.isDirectory(instance.path) {
                let listed: [(name: String, installed: Bool)]? = instance.components.map { selected in
                    components.map { (name: $0.name, installed: selected.contains($0.id)) }
                }
                let found = toolsets(
                    instance, ToolsetResolver(fileSystem: fs, windowsHost: windowsHost), context.catalog)
                report.visualStudio.append(
                    InspectReport.VisualStudio(instance: instance, components: listed, toolsets: found))
                for directory in windowsHost.llvmBinDirectories {
                    let lldLink = WindowsPath.join(instance.path, directory, "lld-link.exe")
                    if fs.isFile(lldLink) {
                        report.linkers.append(
                            .init(
                                kind: "lld-link", path: lldLink, version: version(of: lldLink, ["--version"], context)))
                    }
                }
                // link.exe of the toolset xenv would pick first, one per target architecture it has host tools for.
                if let toolset = found.first(where: { $0.isDefault && !$0.hostTools.isEmpty })
                    ?? found.first(where: { !$0.hostTools.isEmpty })
                {
                    for pair in toolset.hostTools {
                        let path = WindowsPath.join(
                            instance.path, #"VC\Tools\MSVC"#, toolset.version, "bin", pair, "link.exe")
                        report.linkers.append(.init(kind: "link.exe", path: path, version: "MSVC \(toolset.version)"))
                    }
                }
            }
            let root = windowsHost.kitsRoot
            report.sdkRoot = root
            let sdks = WindowsSDKResolver(fileSystem: fs)
            for version in sdks.installedVersions(root: root) {
                let archs = distinct(context.catalog, \.sdkLibArch).filter {
                    sdks.hasLibraries(root: root, version: version, arch: $0)
                }
                report.sdks.append(
                    .init(version: version, libraryArchs: archs, usable: sdks.isUsable(root: root, version: version)))
            }
        }
        // Sysroots and LLVM's linkers on every host: a Windows host without Visual Studio builds from them too.
        do {
            let resolver = SysrootResolver(context: context)
            let named = (request.sysroot ?? context.environment.nonEmpty(.sysroot)).map {
                context.host.pathStyle.absolute($0, relativeTo: context.workingDirectory)
            }
            for path in ([named].compactMap { $0 } + resolver.defaultCandidates) where fs.isDirectory(path) {
                var layout = "not an xwin splat"
                var serves: [String] = []
                for descriptor in context.catalog.descriptors {
                    if let sysroot = try? resolver.inspect(path, for: descriptor) {
                        serves.append(descriptor.triple)
                        switch sysroot.layout {
                        case .splat: layout = "xwin splat"
                        case .winsysroot(let msvc, let sdk): layout = "winsysroot, MSVC \(msvc), SDK \(sdk)"
                        }
                    }
                }
                if let record = readSysrootRecord(at: path, fileSystem: fs) {
                    layout += ", fetched by xenv: CRT \(record.crtVersion), SDK \(record.sdkVersion)"
                }
                report.sysroots.append(.init(path: path, layout: layout, targets: serves))
            }
            let rust = RustToolchain(context: context)
            if let lldLink = ToolResolver(context: context).findOnPath("lld-link"),
                !report.linkers.contains(where: {
                    WindowsPath.comparisonKey($0.path) == WindowsPath.comparisonKey(lldLink)
                })
            {
                report.linkers.append(
                    .init(kind: "lld-link", path: lldLink, version: version(of: lldLink, ["--version"], context)))
            }
            if let rustLLD = rust.rustLLD(notes: &notes) {
                report.linkers.append(
                    .init(
                        kind: "rust-lld", path: rustLLD,
                        version: rust.rustc().flatMap { version(of: $0, ["--version"], context) }))
            }
        }
        for target in targets.isEmpty ? context.catalog.descriptors : targets {
            var targetRequest = request
            targetRequest.target = target.triple
            var planNotes: [String] = []
            let problem: String?
            do {
                _ = try Planner.plan(targetRequest, in: context, notes: &planNotes)
                problem = nil
            } catch {
                problem = error.description
            }
            report.verdicts.append(
                .init(
                    triple: target.triple, problem: problem, rustStandardLibrary: rustStandardLibrary(target, context)))
        }
        return report
    }

    private static func toolsets(
        _ instance: VisualStudioInstance, _ resolver: ToolsetResolver, _ catalog: TargetCatalog
    )
        -> [InspectReport.Toolset]
    {
        let installed = resolver.installedVersions(instance.path)
        let named = resolver.defaultVersion(instance.path, major: instance.majorVersion, installed: installed)?.version
        let libraryDirectories = distinct(catalog, \.msvcLibDir), archs = distinct(catalog, \.vsArch)
        return installed.map { version in
            let directory = WindowsPath.join(instance.path, #"VC\Tools\MSVC"#, version)
            let libs = libraryDirectories.filter { resolver.hasLibraries(directory, libraryDirectory: $0) }
            let hostTools = hostDirectories.flatMap { host in
                archs.filter { resolver.hasLinker(directory, hostDirectory: host, arch: $0) }.map { "\(host)\\\($0)" }
            }
            return .init(version: version, isDefault: version == named, libraryArchs: libs, hostTools: hostTools)
        }
    }

    private static func version(of program: String, _ arguments: [String], _ context: PlanningContext) -> String? {
        guard let output = try? context.processRunner.run(program, arguments), output.succeeded else { return nil }
        return String(decoding: output.standardOutput, as: UTF8.self).split(separator: "\n").first.map(
            \.trimmingWhitespace)
    }

    private static func rustStandardLibrary(_ target: TargetDescriptor, _ context: PlanningContext) -> Bool? {
        RustToolchain(context: context).hasStandardLibrary(for: target.triple)
    }
}
