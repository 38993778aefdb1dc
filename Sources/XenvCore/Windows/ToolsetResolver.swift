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

/// Picks the toolset: `--toolset` (a version prefix, newest match), else the one named by
/// `VC\Auxiliary\Build\Microsoft.VCToolsVersion.default.txt`, else the newest. A toolset without the target's
/// libraries or the host's tools (removed toolsets leave such stubs) is passed over with a reason.
struct ToolsetResolver {
    var fileSystem: FileSystem
    var windowsHost: WindowsHost

    func resolve(
        visualStudio: String, target: TargetDescriptor, requested: String?, notes: inout [String]
    ) throws(XenvError) -> MSVCToolset {
        let msvc = WindowsPath.join(visualStudio, #"VC\Tools\MSVC"#)
        var versions = (fileSystem.contentsOfDirectory(msvc) ?? [])
            .filter { fileSystem.isDirectory(WindowsPath.join(msvc, $0)) }
            .compactMap(DottedVersion.init).sorted(by: >).map(\.description)
        var reasons: [String] = []
        if let requested {
            let matching = versions.filter { $0 == requested || $0.hasPrefix(requested + ".") }
            if matching.isEmpty && !versions.isEmpty { reasons.append("installed: \(versions.joined(separator: ", "))") }
            versions = matching
        } else if let named = defaultVersion(visualStudio), let index = versions.firstIndex(of: named) {
            versions.insert(versions.remove(at: index), at: 0)
            notes.append("toolset: \(named) is named by Microsoft.VCToolsVersion.default.txt")
        }
        for version in versions {
            let directory = WindowsPath.join(msvc, version)
            let library = WindowsPath.join(directory, "lib", target.msvcLibDir, "msvcrt.lib")
            guard fileSystem.isFile(library) else {
                reasons.append("\(version): no lib\\\(target.msvcLibDir)\\msvcrt.lib")
                notes.append("toolset: \(version) passed over: no lib\\\(target.msvcLibDir)\\msvcrt.lib")
                continue
            }
            let host = windowsHost.toolsetHostDirectories.first {
                fileSystem.isFile(WindowsPath.join(directory, "bin", $0.directory, target.vsArch, "link.exe"))
            }
            guard let host else {
                let expected = "bin\\\(windowsHost.toolsetHostDirectories[0].directory)\\\(target.vsArch)\\link.exe"
                reasons.append("\(version): no \(expected)")
                notes.append("toolset: \(version) passed over: no \(expected)")
                continue
            }
            notes.append("toolset: \(version) taken (\(host.directory))")
            return MSVCToolset(version: version, directory: directory, hostDirectory: host.directory, hostArch: host.arch)
        }
        throw .toolsetNotFound(
            visualStudio: visualStudio, target: target.triple, requested: requested, reasons: reasons,
            component: target.vsComponent)
    }

    /// The first line of `Microsoft.VCToolsVersion.default.txt` (ASCII, CRLF, maybe a BOM), trimmed.
    func defaultVersion(_ visualStudio: String) -> String? {
        let file = WindowsPath.join(visualStudio, #"VC\Auxiliary\Build\Microsoft.VCToolsVersion.default.txt"#)
        return firstLine(of: file)
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

/// A Windows SDK version that has everything a target's link needs.
public struct WindowsSDK: Equatable, Sendable {
    /// `KitsRoot10`, with its trailing `\`: `C:\Program Files (x86)\Windows Kits\10\`.
    public var root: String
    public var version: String
}

/// Picks the Windows SDK: `--sdk`, else the newest version under the Kits root that has
/// `Include\<v>\um\winsdkver.h`, `Lib\<v>\um\<arch>\kernel32.lib` and `Lib\<v>\ucrt\<arch>\ucrt.lib`. ARM64
/// libraries are a separate SDK option, so a newer SDK without them is passed over (vcvarsall does not check
/// and breaks the first link); the one version serves UCRTVersion and WindowsSDKVersion alike.
struct WindowsSDKResolver {
    var fileSystem: FileSystem

    func resolve(root: String, target: TargetDescriptor, requested: String?, notes: inout [String]) throws(XenvError)
        -> WindowsSDK
    {
        let root = WindowsPath.withTrailingSeparator(root)
        let include = WindowsPath.join(root, "Include")
        var versions = (fileSystem.contentsOfDirectory(include) ?? [])
            .filter { $0.hasPrefix("10.") && fileSystem.isDirectory(WindowsPath.join(include, $0)) }
            .compactMap(DottedVersion.init).sorted(by: >).map(\.description)
        if let requested { versions = versions.filter { $0 == requested } }
        var reasons: [String] = []
        for version in versions {
            let required = [
                "Include\\\(version)\\um\\winsdkver.h",
                "Lib\\\(version)\\um\\\(target.sdkLibArch)\\kernel32.lib",
                "Lib\\\(version)\\ucrt\\\(target.sdkLibArch)\\ucrt.lib",
            ]
            if let missing = required.first(where: { !fileSystem.isFile(WindowsPath.join(root, $0)) }) {
                reasons.append("\(version): no \(missing)")
                notes.append("Windows SDK: \(version) passed over: no \(missing)")
                continue
            }
            notes.append("Windows SDK: \(version) taken")
            return WindowsSDK(root: root, version: version)
        }
        throw .windowsSDKNotFound(root: root, target: target.triple, arch: target.sdkLibArch, requested: requested, reasons: reasons)
    }
}
