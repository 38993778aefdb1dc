import XenvSystem

/// What the command line says about Visual Studio.
public struct VisualStudioRequest: Equatable, Sendable {
    /// `--vs PATH`: this installation and no other.
    public var path: String?
    /// `--toolset 14.xx[.yyyyy]`.
    public var toolset: String?
    /// `--sdk 10.0.x.y`.
    public var sdk: String?
    /// `--prerelease`: prerelease instances compete with releases.
    public var allowPrerelease: Bool

    public init(path: String? = nil, toolset: String? = nil, sdk: String? = nil, allowPrerelease: Bool = false) {
        self.path = path
        self.toolset = toolset
        self.sdk = sdk
        self.allowPrerelease = allowPrerelease
    }

    public var isEmpty: Bool { self == VisualStudioRequest() }
}

/// Finds Visual Studio without starting a process on the fast path: `--vs`, then an initialised developer
/// prompt for the same target, then the VS Installer's instance records, then vswhere (only when there are
/// no records), then the well-known install roots. The newest release that has the target's component and
/// a toolset whose files exist wins; a prerelease only with `--prerelease` or when nothing else serves.
struct VisualStudioResolver {
    var fileSystem: FileSystem
    var environment: Environment
    var windowsHost: WindowsHost
    var processRunner: ProcessRunner

    /// The toolset a user or a developer prompt fixed for `instance`, in vcvars.bat's order: `--toolset`,
    /// `VCVARS_USER_VERSION` (the user's own setting, for any instance), then `VCToolsVersion`, which a prompt
    /// (or an earlier `xenv setup`) left for its own instance, `VSINSTALLDIR`, and which means nothing to another.
    func toolsetPin(_ request: VisualStudioRequest, for instance: String) -> VersionPin? {
        if let toolset = request.toolset { return VersionPin(toolset, origin: "--toolset") }
        if let version = environment.nonEmpty(.vcvarsUserVersion) {
            return VersionPin(version, origin: EnvironmentVariable.vcvarsUserVersion.rawValue)
        }
        if let version = environment.nonEmpty(.vcToolsVersion), let prompt = environment.nonEmpty(.vsInstallDirectory),
            WindowsPath.comparisonKey(prompt) == WindowsPath.comparisonKey(instance)
        {
            return VersionPin(version, origin: EnvironmentVariable.vcToolsVersion.rawValue)
        }
        return nil
    }

    func resolve(
        target: TargetDescriptor, request: VisualStudioRequest, notes: inout [String]
    ) throws(XenvError)
        -> (instance: VisualStudioInstance, toolset: MSVCToolset)
    {
        let toolsets = ToolsetResolver(fileSystem: fileSystem, windowsHost: windowsHost)
        if let path = request.path {
            guard fileSystem.isDirectory(path) else {
                throw .invalidPath(
                    what: "--vs", path: path,
                    reason: "it is not a directory; pass a Visual Studio installation directory")
            }
            var instance = identified(path, source: .option, notes: &notes)
            let toolset = try toolsets.resolve(
                visualStudio: instance.path, major: instance.majorVersion, target: target,
                requested: toolsetPin(request, for: instance.path), components: instance.components, notes: &notes)
            if instance.version == nil, let major = Self.releaseMajor(ofToolset: toolset.version) {
                // No record and no standard directory name: the toolset's family is the best guess a prompt's
                // VisualStudioVersion can have (node-gyp refuses a prompt without one).
                instance.version = DottedVersion("\(major)")
                notes.append(
                    "Visual Studio: \(instance.path) has no instance record; taken as version \(major) from "
                        + "toolset \(toolset.version)"
                )
            }
            notes.append("Visual Studio: \(instance.path) (--vs) taken")
            return (instance, toolset)
        }
        if let prompt = developerPrompt(target: target, notes: &notes),
            let toolset = try? toolsets.resolve(
                visualStudio: prompt.path, major: prompt.majorVersion, target: target,
                requested: toolsetPin(request, for: prompt.path), components: prompt.components, notes: &notes)
        {
            notes.append("Visual Studio: \(prompt.path) (developer prompt) taken")
            return (prompt, toolset)
        }

        let candidates = discover(notes: &notes).enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if !request.allowPrerelease && x.isPrerelease != y.isPrerelease { return !x.isPrerelease }
            if x.version != y.version {
                guard let left = x.version else { return false }
                guard let right = y.version else { return true }
                return left > right
            }
            return a.offset < b.offset
        }.map(\.element)

        // What kept the best-ranked candidate out: the missing component or the toolset failure, whichever it was.
        var firstFailure: XenvError?
        for (index, candidate) in candidates.enumerated() {
            let label = "Visual Studio: \(candidate.path) (\(candidate.source.rawValue), \(candidate.name))"
            let pin = toolsetPin(request, for: candidate.path)
            // A side-by-side set (`VC.14.29.16.11.ARM64`) installs the target's libraries for its toolset alone.
            if let components = candidate.components, !components.contains(target.vsComponent),
                !(pin.map { ToolsetResolver.listsSideBySideComponent(for: $0.version, target: target, in: components) }
                    ?? false)
            {
                notes.append("\(label) passed over: no component \(target.vsComponent)")
                firstFailure =
                    firstFailure
                    ?? .visualStudioComponentMissing(
                        name: candidate.name, path: candidate.path, target: target.triple,
                        component: target.vsComponent, installer: windowsHost.vsInstallerPath)
                continue
            }
            guard fileSystem.isDirectory(candidate.path) else {
                notes.append("\(label) passed over: the directory does not exist")
                continue
            }
            do {
                let toolset = try toolsets.resolve(
                    visualStudio: candidate.path, major: candidate.majorVersion, target: target, requested: pin,
                    components: candidate.components, notes: &notes)
                notes.append("\(label) taken")
                for later in candidates.dropFirst(index + 1) {
                    notes.append(
                        "Visual Studio: \(later.path) (\(later.source.rawValue), \(later.name)) passed over: "
                            + "\(candidate.path) ranks first"
                    )
                }
                return (candidate, toolset)
            } catch {
                notes.append("\(label) passed over: \(error)")
                firstFailure = firstFailure ?? error
            }
        }
        if let firstFailure { throw firstFailure }
        throw .visualStudioNotFound(
            target: target.triple, component: target.vsComponent,
            searched: [windowsHost.instanceRecordsDirectory]
                + (fileSystem.isFile(windowsHost.vswherePath) ? [windowsHost.vswherePath] : [])
                + ["\(windowsHost.programFiles) and \(windowsHost.programFilesX86)\\Microsoft Visual Studio"],
            fetchArch: target.sysrootUnavailable == nil && request.isEmpty ? target.xwinArch : nil)
    }

    /// An initialised developer prompt counts only when it was set up for the same target architecture.
    private func developerPrompt(target: TargetDescriptor, notes: inout [String]) -> VisualStudioInstance? {
        guard let path = environment.nonEmpty(.vsInstallDirectory) else { return nil }
        let arch = environment[.vsTargetArch] ?? ""
        guard arch.lowercased() == target.vsArch.lowercased() else {
            notes.append(
                "Visual Studio: \(path) (developer prompt) passed over: it targets '\(arch)', not \(target.vsArch)")
            return nil
        }
        return identified(path, source: .developerPrompt, notes: &notes)
    }

    /// A `--vs` or developer-prompt directory as the instance it is: the instance record (or vswhere entry) at that
    /// path when there is one; else what the prompt says of itself (`VisualStudioVersion`, `VSCMD_VER`); else
    /// the release its directory names (`...\2022\...`, `...\18\...`).
    private func identified(
        _ path: String, source: VisualStudioInstance.Source, notes: inout [String]
    ) -> VisualStudioInstance {
        let key = WindowsPath.comparisonKey(path)
        var scratch: [String] = []
        if var known = discover(notes: &scratch).first(where: {
            $0.source != .wellKnownRoot && WindowsPath.comparisonKey($0.path) == key
        }) {
            known.source = source
            return known
        }
        var version = Self.releaseMajor(ofInstallDirectory: path).flatMap { DottedVersion("\($0)") }
        var semantic: String?
        if source == .developerPrompt {
            version =
                environment.nonEmpty(.visualStudioVersion).flatMap {
                    DottedVersion(String($0.split(separator: ".")[0]))
                } ?? version
            semantic = environment.nonEmpty(.vscmdVersion)
        }
        let name = version.map { "Visual Studio \($0.components[0])" } ?? "Visual Studio"
        return VisualStudioInstance(
            path: path, version: version, name: name, isPrerelease: false, components: nil, source: source,
            semanticVersion: semantic)
    }

    /// The Visual Studio release a toolset version belongs to: 14.2x is VS 2019, 14.3x and 14.4x VS 2022, 14.5x
    /// VS 2026. Only a guess for an install that says nothing else (VS 2026 installs 14.44 too).
    static func releaseMajor(ofToolset version: String) -> Int? {
        let parts = version.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2, parts[0] == 14 else { return nil }
        switch parts[1] {
        case 20..<30: return 16
        case 30..<50: return 17
        case 50..<60: return 18
        default: return nil
        }
    }

    /// The major version a standard install directory names: `...\2019\<edition>` is 16, `2022` 17, `18` 18.
    static func releaseMajor(ofInstallDirectory path: String) -> Int? {
        let components = WindowsPath.parse(path).components
        guard components.count >= 2 else { return nil }
        return ["2017": 15, "2019": 16, "2022": 17, "18": 18][components[components.count - 2]]
    }

    /// Instances from the records, else from vswhere; then the well-known roots not already found.
    func discover(notes: inout [String]) -> [VisualStudioInstance] {
        var found = instanceRecords(notes: &notes)
        if found.isEmpty { found = vswhere(notes: &notes) }
        var seen = Set(found.map { WindowsPath.comparisonKey($0.path) })
        for root in windowsHost.wellKnownInstallRoots where fileSystem.isDirectory(root) {
            guard seen.insert(WindowsPath.comparisonKey(root)).inserted else { continue }
            let components = WindowsPath.parse(root).components
            let release = components.count >= 2 ? components[components.count - 2] : ""
            let edition = components.last ?? ""
            found.append(
                VisualStudioInstance(
                    path: root, version: Self.releaseMajor(ofInstallDirectory: root).flatMap { DottedVersion("\($0)") },
                    name: "Visual Studio \(release) \(edition)",
                    isPrerelease: edition == "Preview" || edition == "Insiders",
                    components: nil, source: .wellKnownRoot))
        }
        return found
    }

    private func instanceRecords(notes: inout [String]) -> [VisualStudioInstance] {
        let directory = windowsHost.instanceRecordsDirectory
        var instances: [VisualStudioInstance] = []
        for entry in fileSystem.contentsOfDirectory(directory) ?? [] {
            let record = WindowsPath.join(directory, entry, "state.json")
            guard let bytes = fileSystem.readFile(record) else { continue }
            guard let instance = VisualStudioInstance(instanceRecord: bytes) else {
                notes.append("Visual Studio: \(record) passed over: not an instance record")
                continue
            }
            instances.append(instance)
        }
        return instances
    }

    private func vswhere(notes: inout [String]) -> [VisualStudioInstance] {
        let vswhere = windowsHost.vswherePath
        guard fileSystem.isFile(vswhere) else { return [] }
        guard
            let output = try? processRunner.run(
                vswhere, ["-products", "*", "-prerelease", "-format", "json", "-utf8"]),
            output.succeeded
        else {
            notes.append("Visual Studio: \(vswhere) failed")
            return []
        }
        return VisualStudioInstance.fromVswhere(output.standardOutput)
    }
}
