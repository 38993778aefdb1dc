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
                && lhs.components?.map { "\($0.name)=\($0.installed)" } == rhs.components?.map { "\($0.name)=\($0.installed)" }
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

public enum Inspector {
    static let toolsetArchs = ["x64", "x86", "arm64", "arm64ec", "arm"]
    static let sdkArchs = ["x64", "x86", "arm64", "arm"]
    static let components: [(name: String, id: String)] = [
        ("x64", "Microsoft.VisualStudio.Component.VC.Tools.x86.x64"), ("ARM64", "Microsoft.VisualStudio.Component.VC.Tools.ARM64"),
        ("ARM", "Microsoft.VisualStudio.Component.VC.Tools.ARM"), ("LLVM", "Microsoft.VisualStudio.Component.VC.Llvm.Clang"),
    ]

    /// Collects the report; `targets` empty means every target of the catalog.
    public static func inspect(_ request: PlanRequest, targets: [TargetDescriptor], in context: PlanningContext) -> InspectReport {
        var notes: [String] = []
        var report = InspectReport(
            host: context.host, visualStudio: [], sdks: [], sdkRoot: nil, sysroots: [], linkers: [], verdicts: [])
        let fs = context.fileSystem
        if context.host.os == .windows {
            let windowsHost = context.windowsHost
            let resolver = VisualStudioResolver(
                fileSystem: fs, environment: context.environment, windowsHost: windowsHost, processRunner: context.processRunner)
            for instance in resolver.discover(notes: &notes) where fs.isDirectory(instance.path) {
                let listed: [(name: String, installed: Bool)]? = instance.components.map { selected in
                    Self.components.map { (name: $0.name, installed: selected.contains($0.id)) }
                }
                let found = toolsets(instance, windowsHost, fs)
                report.visualStudio.append(InspectReport.VisualStudio(instance: instance, components: listed, toolsets: found))
                for directory in windowsHost.llvmBinDirectories {
                    let lldLink = WindowsPath.join(instance.path, directory, "lld-link.exe")
                    if fs.isFile(lldLink) {
                        report.linkers.append(.init(kind: "lld-link", path: lldLink, version: version(of: lldLink, ["--version"], context)))
                    }
                }
                // link.exe of the toolset xenv would pick first, one per target architecture it has host tools for.
                if let toolset = found.first(where: { $0.isDefault && !$0.hostTools.isEmpty }) ?? found.first(where: { !$0.hostTools.isEmpty }) {
                    for pair in toolset.hostTools {
                        let path = WindowsPath.join(instance.path, #"VC\Tools\MSVC"#, toolset.version, "bin", pair, "link.exe")
                        report.linkers.append(.init(kind: "link.exe", path: path, version: "MSVC \(toolset.version)"))
                    }
                }
            }
            let root = windowsHost.kitsRoot
            report.sdkRoot = root
            let include = WindowsPath.join(root, "Include")
            for version in (fs.contentsOfDirectory(include) ?? []).compactMap(DottedVersion.init).sorted(by: >).map(\.description) {
                let archs = sdkArchs.filter {
                    fs.isFile(WindowsPath.join(root, "Lib", version, "um", $0, "kernel32.lib"))
                        && fs.isFile(WindowsPath.join(root, "Lib", version, "ucrt", $0, "ucrt.lib"))
                }
                report.sdks.append(.init(
                    version: version, libraryArchs: archs,
                    usable: fs.isFile(WindowsPath.join(include, version, #"um\winsdkver.h"#))))
            }
        } else {
            let resolver = SysrootResolver(
                fileSystem: fs, environment: context.environment, host: context.host, workingDirectory: context.workingDirectory)
            let named = (request.sysroot ?? context.environment.nonEmpty(.sysroot)).map { Path.absolute($0, relativeTo: context.workingDirectory) }
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
                report.sysroots.append(.init(path: path, layout: layout, targets: serves))
            }
            let tools = ToolResolver(context: context)
            if let lldLink = tools.findOnPath("lld-link") {
                report.linkers.append(.init(kind: "lld-link", path: lldLink, version: version(of: lldLink, ["--version"], context)))
            }
            if let rustLLD = tools.findRustLLD(notes: &notes) {
                report.linkers.append(.init(
                    kind: "rust-lld", path: rustLLD, version: tools.findRustc().flatMap { version(of: $0, ["--version"], context) }))
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
            report.verdicts.append(.init(triple: target.triple, problem: problem, rustStandardLibrary: rustStandardLibrary(target, context)))
        }
        return report
    }

    private static func toolsets(_ instance: VisualStudioInstance, _ host: WindowsHost, _ fs: FileSystem) -> [InspectReport.Toolset] {
        let msvc = WindowsPath.join(instance.path, #"VC\Tools\MSVC"#)
        let named = ToolsetResolver(fileSystem: fs, windowsHost: host).defaultVersion(instance.path, major: instance.majorVersion)?.version
        return (fs.contentsOfDirectory(msvc) ?? []).compactMap(DottedVersion.init).sorted(by: >).map(\.description).map { version in
            let directory = WindowsPath.join(msvc, version)
            let libs = toolsetArchs.filter { fs.isFile(WindowsPath.join(directory, "lib", $0, "msvcrt.lib")) }
            let hostTools = ["HostX64", "HostARM64", "HostX86"].flatMap { hostDirectory in
                toolsetArchs.filter { fs.isFile(WindowsPath.join(directory, "bin", hostDirectory, $0, "link.exe")) }
                    .map { "\(hostDirectory)\\\($0)" }
            }
            return .init(version: version, isDefault: version == named, libraryArchs: libs, hostTools: hostTools)
        }
    }

    private static func version(of program: String, _ arguments: [String], _ context: PlanningContext) -> String? {
        guard let output = try? context.processRunner.run(program, arguments), output.succeeded else { return nil }
        return String(decoding: output.standardOutput, as: UTF8.self).split(separator: "\n").first.map(\.trimmingWhitespace)
    }

    private static func rustStandardLibrary(_ target: TargetDescriptor, _ context: PlanningContext) -> Bool? {
        ToolResolver(context: context).hasRustStandardLibrary(for: target.triple)
    }
}
