import XenvSystem

/// An MSVC toolset (`VC\Tools\MSVC\<version>`) that serves a target from this host.
public struct MSVCToolset: Equatable, Sendable {
    public var version: String
    /// `<vs>\VC\Tools\MSVC\<version>`, without a trailing `\`.
    public var directory: String
    /// `HostX64` or `HostARM64`: the host tools directory that exists.
    public var hostDirectory: String
    /// `x64` or `arm64`: the architecture of those host tools.
    public var hostArch: String
}

/// Picks the toolset as each Visual Studio's `ext\vcvars.bat` does:
/// - a pin (`--toolset`, else `VCVARS_USER_VERSION`, else a prompt's `VCToolsVersion`): the toolset directory of that
///   name; a four-part side-by-side version (`14.29.16.11`) through
///   `VC\Auxiliary\Build\<v>\Microsoft.VCToolsVersion.<v>.txt`; else the newest whose version it prefixes;
/// - else the default: `VC\Auxiliary\Build\Microsoft.VCToolsVersion.v14X.default.txt` of the instance's own
///   toolset family when it exists (v142 for VS 2019, v143 for VS 2022, v145 for VS 2026), else
///   `Microsoft.VCToolsVersion.default.txt`; VS 2022's two files disagree on some installs (SCons#3664), and
///   vcvars.bat takes the v143 one. The VS 2026 rule is inferred, not read: no copy of its vcvars.bat is public;
///   its prompts print that they test `v145\Microsoft.VCToolsVersion.VC.<v>.txt` files, and on the runners its
///   `default.txt` names the same toolset;
/// - else the newest.
/// A toolset without the target's libraries or the host's tools (removed toolsets leave such stubs) is passed
/// over with a reason.
struct ToolsetResolver {
    var fileSystem: FileSystem
    var windowsHost: WindowsHost

    func resolve(
        visualStudio: String, major: Int?, target: TargetDescriptor, requested: VersionPin?, components: Set<String>?,
        notes: inout [String]
    ) throws(XenvError) -> MSVCToolset {
        let msvc = WindowsPath.join(visualStudio, #"VC\Tools\MSVC"#)
        var versions = installedVersions(visualStudio)
        var reasons: [String] = []
        if let requested {
            var wanted = requested.version
            let parts = requested.version.split(separator: ".")
            if parts.count == 4 && !versions.contains(requested.version) {
                // vcvars.bat reads the set's alias file; without one it warns and takes the newest `MM.mm.*`.
                if let aliased = sideBySideVersion(visualStudio, requested.version) {
                    wanted = aliased
                    notes.append("toolset: \(requested.version) is the side-by-side set \(wanted)")
                } else {
                    wanted = parts.prefix(2).joined(separator: ".")
                    notes.append(
                        "toolset: no alias file for the side-by-side set \(requested.version); taking \(wanted).*")
                }
            }
            let matching = versions.filter { $0 == wanted || $0.hasPrefix(wanted + ".") }
            if matching.isEmpty && !versions.isEmpty {
                reasons.append("installed: \(versions.joined(separator: ", "))")
            }
            versions = matching
            if requested.isFromEnvironment { notes.append("toolset: \(requested.label)") }
        } else if let (named, file) = defaultVersion(visualStudio, major: major, installed: versions),
            let index = versions.firstIndex(of: named)
        {
            versions.insert(versions.remove(at: index), at: 0)
            notes.append("toolset: \(named) is named by \(file)")
        }
        for version in versions {
            let directory = WindowsPath.join(msvc, version)
            guard hasLibraries(directory, libraryDirectory: target.msvcLibDir) else {
                reasons.append("\(version): no lib\\\(target.msvcLibDir)\\msvcrt.lib")
                notes.append("toolset: \(version) passed over: no lib\\\(target.msvcLibDir)\\msvcrt.lib")
                continue
            }
            let host = windowsHost.toolsetHostDirectories.first {
                hasLinker(directory, hostDirectory: $0.directory, arch: target.vsArch)
            }
            guard let host else {
                let expected = "bin\\\(windowsHost.toolsetHostDirectories[0].directory)\\\(target.vsArch)\\link.exe"
                reasons.append("\(version): no \(expected)")
                notes.append("toolset: \(version) passed over: no \(expected)")
                continue
            }
            notes.append("toolset: \(version) taken (\(host.directory))")
            return MSVCToolset(
                version: version, directory: directory, hostDirectory: host.directory, hostArch: host.arch)
        }
        throw .toolsetNotFound(
            visualStudio: visualStudio, target: target.triple, requested: requested, reasons: reasons,
            component: requested.flatMap { Self.sideBySideComponent(for: $0.version, target: target, in: components) }
                ?? target.vsComponent)
    }

    /// Whether a toolset directory has an architecture's libraries: `lib\<dir>\msvcrt.lib`.
    func hasLibraries(_ toolset: String, libraryDirectory: String) -> Bool {
        fileSystem.isFile(WindowsPath.join(toolset, "lib", libraryDirectory, "msvcrt.lib"))
    }

    /// Whether a toolset directory has the linker for `arch` among the tools of one host: `bin\<host>\<arch>\link.exe`.
    func hasLinker(_ toolset: String, hostDirectory: String, arch: String) -> Bool {
        fileSystem.isFile(WindowsPath.join(toolset, "bin", hostDirectory, arch, "link.exe"))
    }

    /// The toolset directories under `VC\Tools\MSVC`, newest first.
    func installedVersions(_ visualStudio: String) -> [String] {
        let msvc = WindowsPath.join(visualStudio, #"VC\Tools\MSVC"#)
        return (fileSystem.contentsOfDirectory(msvc) ?? []).filter {
            fileSystem.isDirectory(WindowsPath.join(msvc, $0))
        }
        .compactMap(DottedVersion.init).sorted(by: >).map(\.description)
    }

    /// The toolset version a four-part side-by-side version names (`14.29.16.11` → `14.29.30133`), from
    /// `VC\Auxiliary\Build\<v>\Microsoft.VCToolsVersion.<v>.txt`.
    func sideBySideVersion(_ visualStudio: String, _ version: String) -> String? {
        guard version.split(separator: ".").count == 4 else { return nil }
        return firstLine(
            of: WindowsPath.join(
                visualStudio, #"VC\Auxiliary\Build"#, version, "Microsoft.VCToolsVersion.\(version).txt"))
    }

    /// The default toolset and the file that names it: the instance family's `v14X.default.txt` first, then
    /// `default.txt`. vcvars.bat stops at the first file that exists even when its toolset was removed (the v145
    /// file "still points to the removed version" after an uninstall); xenv goes on to the next file that names an
    /// installed one.
    func defaultVersion(_ visualStudio: String, major: Int?, installed: [String]) -> (version: String, file: String)? {
        let build = WindowsPath.join(visualStudio, #"VC\Auxiliary\Build"#)
        let family = major.flatMap { [16: "v142", 17: "v143", 18: "v145"][$0] }
        let files =
            (family.map { ["Microsoft.VCToolsVersion.\($0).default.txt"] } ?? []) + [
                "Microsoft.VCToolsVersion.default.txt"
            ]
        for file in files {
            if let version = firstLine(of: WindowsPath.join(build, file)), installed.contains(version) {
                return (version, file)
            }
        }
        return nil
    }

    /// The side-by-side component that installs `version`'s libraries for the target, when the instance lists that
    /// side-by-side set for another architecture (`VC.14.44.17.14.x86.x64` → `VC.14.44.17.14.ARM64`).
    static func sideBySideComponent(
        for version: String, target: TargetDescriptor, in components: Set<String>?
    ) -> String? {
        // arm64ec has no side-by-side component of its own that any source shows: name none.
        guard target.msvcPromptLibDir == nil else { return nil }
        let prefix = "Microsoft.VisualStudio.Component.VC."
        let wanted = version.split(separator: ".").prefix(2)
        for component in (components ?? []).sorted() where component.hasPrefix(prefix) {
            let parts = component.dropFirst(prefix.count).split(separator: ".")
            guard parts.count >= 5, parts.prefix(4).allSatisfy({ $0.allSatisfy(\.isNumber) }),
                parts.prefix(2).elementsEqual(wanted)
            else { continue }
            return prefix + parts.prefix(4).joined(separator: ".") + "." + target.vsComponentArch
        }
        return nil
    }

    /// Whether the instance lists a side-by-side component that serves the target for `version`
    /// (`Microsoft.VisualStudio.Component.VC.14.29.16.11.ARM64` for `--toolset 14.29 --target arm64`).
    static func listsSideBySideComponent(
        for version: String, target: TargetDescriptor, in components: Set<String>
    ) -> Bool {
        sideBySideComponent(for: version, target: target, in: components).map(components.contains) ?? false
    }

    func firstLine(of file: String) -> String? {
        guard var bytes = fileSystem.readFile(file) else { return nil }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes.prefix(512), as: UTF8.self)
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).first.map(String.init) ?? ""
        let trimmed = line.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}
